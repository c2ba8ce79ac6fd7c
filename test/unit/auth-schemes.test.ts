import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import type { INodeProperties } from 'n8n-workflow';

import { AUTH_SCHEMES, authSchemeRow } from '../../nodes/shared/auth-schemes';
import { createAuthorizer } from '../../nodes/shared/auth';
import { noAuth } from '../../nodes/shared/auth/authorizer';
import { isWebhookError } from '../../nodes/shared/errors';
import { triggerProperties } from '../../nodes/ChannelEventTrigger/description';
import { outboundWebhookProperties } from '../../nodes/OutboundWebhook/description';

const CREDENTIALS = readdirSync(join(__dirname, '../../credentials'))
	.filter((file) => file.endsWith('.credentials.ts'))
	.map((file) => /\bname = '([^']+)'/.exec(readFileSync(join(__dirname, '../../credentials', file), 'utf8'))?.[1]);

const authValues = (properties: INodeProperties[]) =>
	(properties.find((p) => p.name === 'authentication')!.options as Array<{ value: string }>).map((o) => o.value).sort();

describe('the one table of authorization schemes', () => {
	test('has a row for every Authentication value of both nodes but none, and no other', () => {
		const rows = Object.keys(AUTH_SCHEMES).sort();
		expect(authValues(outboundWebhookProperties)).toEqual(['none', ...rows].sort());
		expect(authValues(triggerProperties)).toEqual(['none', ...rows].sort());
	});

	test('names only credential types the package declares, on both sides', () => {
		for (const row of Object.values(AUTH_SCHEMES)) {
			expect(CREDENTIALS).toContain(row.outboundCredential);
			expect(CREDENTIALS).toContain(row.inboundCredential);
		}
	});

	test('none has no row; an unknown value is refused with what to choose', () => {
		expect(authSchemeRow('none')).toBeUndefined();
		let caught: unknown;
		try {
			authSchemeRow('kerberos');
		} catch (error) {
			caught = error;
		}
		expect(isWebhookError(caught) && caught.code).toBe('INVALID_CONFIG');
		expect((caught as Error).message).toBe('Unknown authentication "kerberos"');
	});

	test('a row reads its credential for both nodes, and its authorizer signs what the outbound side read', async () => {
		const row = authSchemeRow('basicAuth')!;
		const credential = { user: 'ada', password: 'pw' };
		expect(row.inbound(credential, {})).toEqual({ type: 'basicAuth', user: 'ada', password: 'pw' });
		const authorizer = createAuthorizer(row.outbound(credential, 0));
		const request = { method: 'POST' as const, url: 'https://127.0.0.1/hook', headers: {} as Record<string, string> };
		const authorized = await authorizer.authorize(request);
		expect(authorized.headers.authorization).toBe(`Basic ${Buffer.from('ada:pw').toString('base64')}`);
		expect(createAuthorizer({ scheme: 'none' })).toBe(noAuth);
	});
});
