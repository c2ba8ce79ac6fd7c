import { request } from 'undici';
import { Agent } from 'undici';

import { reply, startHttpsServer } from './https-server';

test('startHttpsServer records the request and answers over TLS with a certificate the client can trust', async () => {
	const server = await startHttpsServer((req, res) => reply(res, 201, `got ${req.body.length}`));
	const dispatcher = new Agent({ connect: { ca: server.cert } });
	try {
		const res = await request(`${server.origin}/path?q=1`, { method: 'POST', body: 'hello', dispatcher });
		expect(res.statusCode).toBe(201);
		expect(await res.body.text()).toBe('got 5');
		expect(server.requests).toHaveLength(1);
		expect(server.requests[0]).toMatchObject({ method: 'POST', url: '/path?q=1', seq: 1 });
		expect(server.requests[0].body.toString()).toBe('hello');
	} finally {
		await dispatcher.close();
		await server.close();
	}
});
