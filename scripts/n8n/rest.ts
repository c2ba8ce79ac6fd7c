/** The few n8n REST calls the demo and the tier need: create the owner, sign in, list executions. */

export interface Owner {
	email: string;
	password: string;
	firstName: string;
	lastName: string;
}

export const DEMO_OWNER: Owner = {
	email: 'owner@example.com',
	password: 'Outbound-Webhooks-1',
	firstName: 'Demo',
	lastName: 'Owner',
};

export class N8nRest {
	private cookie = '';

	constructor(private readonly baseUrl: string) {}

	/** POST /rest/owner/setup on a fresh instance; keeps the session cookie it answers with. */
	async setupOwner(owner: Owner): Promise<void> {
		const response = await fetch(`${this.baseUrl}/rest/owner/setup`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify(owner),
		});
		if (!response.ok) throw new Error(`owner setup answered ${response.status}: ${await response.text()}`);
		this.keepCookie(response);
	}

	async get<T>(path: string): Promise<T> {
		const response = await fetch(`${this.baseUrl}${path}`, { headers: { cookie: this.cookie } });
		if (!response.ok) throw new Error(`GET ${path} answered ${response.status}: ${(await response.text()).slice(0, 300)}`);
		return (await response.json()) as T;
	}

	/** Executions of one workflow, newest first (the shape differs a little between n8n 1.x and 2.x). */
	async executions(workflowId: string): Promise<Array<{ id: string; status: string; mode: string }>> {
		const filter = encodeURIComponent(JSON.stringify({ workflowId }));
		const body = await this.get<{ data: { results?: unknown[] } | unknown[] }>(`/rest/executions?filter=${filter}&limit=100`);
		const list = Array.isArray(body.data) ? body.data : (body.data.results ?? []);
		return list as Array<{ id: string; status: string; mode: string }>;
	}

	/** One execution with its run data (flatted-encoded in `data` by n8n). */
	async execution(id: string): Promise<{ status: string; data: string }> {
		const body = await this.get<{ data: { status: string; data: string } }>(`/rest/executions/${id}`);
		return body.data;
	}

	private keepCookie(response: Response): void {
		const setCookie = response.headers.getSetCookie();
		this.cookie = setCookie.map((c) => c.split(';')[0]).join('; ');
	}
}
