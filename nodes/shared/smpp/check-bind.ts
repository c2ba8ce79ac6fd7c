import { isWebhookError } from '../errors';
import { DEFAULT_TIMEOUTS, SmppSession, type SessionTimeouts, type SmppBindConfig } from './session';

export interface BindCheck {
	ok: boolean;
	/** What happened, with what to change when it failed; never the password. */
	message: string;
}

/** Binds and unbinds once: the credential test of an ESME bind. */
export async function checkBind(config: SmppBindConfig, timeouts: SessionTimeouts = DEFAULT_TIMEOUTS): Promise<BindCheck> {
	try {
		const session = await SmppSession.open(config, timeouts);
		await session.close();
		return { ok: true, message: `Bound to ${config.host}:${config.port} as ESME "${config.systemId}" (${config.bindMode}) and unbound` };
	} catch (error) {
		const known = isWebhookError(error) ? error : undefined;
		const message = known?.message ?? (error as Error).message;
		return { ok: false, message: known?.hint ? `${message}. ${known.hint}` : message };
	}
}
