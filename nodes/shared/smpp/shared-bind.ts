import { isSmppSessionError, SmppSession, SmppSessionError, type SmppBindConfig, type SessionTimeouts } from './session';

/**
 * One bind shared by every message of an execution. Opens it on first use, opens a new one after the
 * link was lost (rebind), and lets concurrent callers share one bind in progress. A refused bind is
 * remembered: the credential is wrong, so every later caller gets the same refusal without another
 * attempt.
 */
export class SharedBind {
	private current?: Promise<SmppSession>;
	private refused?: SmppSessionError;
	/** How many binds were attempted (first bind plus rebinds). */
	binds = 0;

	constructor(
		private readonly config: SmppBindConfig,
		private readonly timeouts: SessionTimeouts,
	) {}

	/** The bound session; binds (or rebinds) when there is none. Rejects as the bind does. */
	async session(): Promise<SmppSession> {
		// Round one may find a session whose link was lost since; round two binds afresh.
		for (let round = 0; round < 2; round++) {
			if (this.refused) throw this.refused;
			if (!this.current) this.current = this.bind();
			const pending = this.current;
			let session: SmppSession;
			try {
				session = await pending;
			} catch (error) {
				// The next caller (after its retry wait) binds again.
				if (this.current === pending) this.current = undefined;
				throw error;
			}
			if (session.isOpen) return session;
			// The first caller to notice the dead session starts the rebind; others share it.
			if (this.current === pending) this.current = undefined;
		}
		throw new SmppSessionError('connection', `The SMPP connection to ${this.config.host}:${this.config.port} was lost right after the bind`);
	}

	/** Unbinds the open session, if any. */
	async close(): Promise<void> {
		const session = await this.current?.catch(() => undefined);
		this.current = undefined;
		await session?.close();
	}

	private bind(): Promise<SmppSession> {
		this.binds++;
		const opening = SmppSession.open(this.config, this.timeouts);
		opening.catch((error: unknown) => {
			if (isSmppSessionError(error) && error.kind === 'bind-refused') this.refused = error;
		});
		return opening;
	}
}
