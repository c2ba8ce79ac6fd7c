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

function isOwnerAnswer(text: string): boolean {
	try {
		return typeof (JSON.parse(text) as { data?: { id?: unknown } }).data?.id === 'string';
	} catch {
		return false;
	}
}

export class N8nRest {
	private cookie = '';

	constructor(private readonly baseUrl: string) {}

	/**
	 * POST /rest/owner/setup on a fresh instance; keeps the session cookie it answers with. Retried for
	 * a while when n8n is not ready for it yet: it answers /healthz before it mounts its REST routes
	 * (404), and 503 "Database is not ready!" while its database connection is down (its periodic
	 * database check fails on a loaded machine, then reconnects).
	 */
	async setupOwner(owner: Owner, timeoutMs = 60_000): Promise<void> {
		const deadline = Date.now() + timeoutMs;
		for (;;) {
			let response: Response;
			try {
				response = await fetch(`${this.baseUrl}/rest/owner/setup`, {
					method: 'POST',
					headers: { 'content-type': 'application/json' },
					body: JSON.stringify(owner),
				});
			} catch (error) {
				// n8n may drop connections while it finishes starting.
				if (Date.now() > deadline) throw error;
				await new Promise((resolve) => setTimeout(resolve, 500));
				continue;
			}
			const text = await response.text();
			// Until its REST routes are mounted, n8n 1.123 may answer this POST 200 with the editor's
			// HTML page: only a JSON answer naming the owner counts.
			if (response.ok && isOwnerAnswer(text)) {
				this.keepCookie(response);
				return;
			}
			// 404: routes not mounted yet; 503: "Database is not ready" (n8n 2.41 under load).
			if ((![404, 503].includes(response.status) && !response.ok) || Date.now() > deadline) {
				throw new Error(`owner setup answered ${response.status}: ${text.slice(0, 300)}`);
			}
			await new Promise((resolve) => setTimeout(resolve, 500));
		}
	}

	/** POST /rest/login (an instance whose owner exists); keeps the session cookie. */
	async signIn(owner: Pick<Owner, 'email' | 'password'>): Promise<void> {
		const response = await fetch(`${this.baseUrl}/rest/login`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({ emailOrLdapLoginId: owner.email, email: owner.email, password: owner.password }),
		});
		if (!response.ok) throw new Error(`login answered ${response.status}: ${(await response.text()).slice(0, 300)}`);
		this.keepCookie(response);
	}

	/** POST with a JSON body; the answer's JSON. */
	async post<T>(path: string, body: unknown): Promise<T> {
		const response = await fetch(`${this.baseUrl}${path}`, {
			method: 'POST',
			headers: { cookie: this.cookie, 'content-type': 'application/json' },
			body: JSON.stringify(body),
		});
		if (!response.ok) throw new Error(`POST ${path} answered ${response.status}: ${(await response.text()).slice(0, 300)}`);
		return (await response.json()) as T;
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

	/**
	 * The error messages recorded in one execution, for failure reports. n8n stores run data
	 * flatted-encoded: an array whose objects point at their string values by index.
	 */
	async executionErrors(id: string): Promise<string[]> {
		const { data } = await this.execution(id);
		const table = JSON.parse(data) as unknown[];
		const messages = new Set<string>();
		for (const entry of table) {
			if (entry && typeof entry === 'object' && !Array.isArray(entry) && 'message' in entry && 'stack' in entry) {
				const ref = (entry as { message: unknown }).message;
				const text = typeof ref === 'string' && /^\d+$/.test(ref) ? table[Number(ref)] : ref;
				if (typeof text === 'string') messages.add(text);
			}
		}
		return [...messages];
	}

	private keepCookie(response: Response): void {
		const setCookie = response.headers.getSetCookie();
		this.cookie = setCookie.map((c) => c.split(';')[0]).join('; ');
	}
}
