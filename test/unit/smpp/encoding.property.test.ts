import fc from 'fast-check';

import { decodeGsm7, splitMessage } from '../../../nodes/shared/smpp/encoding';

/** The text a receiver reassembles from the parts (UDH stripped, per the data_coding). */
function reassemble(text: string, mode: 'udh' | 'payload'): { text: string; sizes: number[]; udh: boolean } {
	const split = splitMessage(text, { mode, reference: 9 });
	const bodies = split.parts.map((p) => p.messagePayload ?? (p.esmClass ? p.shortMessage.subarray(6) : p.shortMessage));
	const decoded = split.encoding === 'gsm7' ? bodies.map(decodeGsm7).join('') : Buffer.concat(bodies).swap16().toString('utf16le');
	return { text: decoded, sizes: split.parts.map((p) => p.shortMessage.length), udh: split.parts.some((p) => p.esmClass !== 0) };
}

const gsmChars = fc.constantFrom(...'@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./09:;<=>?¡AZÄÖÑÜ§¿azäöñüà€[]{}~|^\\\f');

describe('splitMessage (properties)', () => {
	it('any Unicode text survives splitting unchanged, every short_message within 140 octets of user data', () => {
		fc.assert(
			fc.property(fc.string({ unit: 'binary', maxLength: 600 }), (text) => {
				const { text: back, sizes } = reassemble(text, 'udh');
				expect(back).toBe(text);
				// GSM parts count septets (160 max, one per octet); UCS-2 parts count octets (140 max).
				for (const size of sizes) expect(size).toBeLessThanOrEqual(160);
			}),
		);
	});

	it('any GSM text (extension characters included) survives splitting unchanged', () => {
		fc.assert(
			fc.property(fc.array(gsmChars, { maxLength: 700 }).map((chars) => chars.join('')), (text) => {
				expect(reassemble(text, 'udh').text).toBe(text);
				expect(reassemble(text, 'payload').text).toBe(text);
			}),
		);
	});
});
