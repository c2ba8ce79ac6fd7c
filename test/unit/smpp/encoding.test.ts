import {
	DATA_CODING_GSM7,
	DATA_CODING_UCS2,
	ESM_CLASS_UDHI,
	decodeGsm7,
	encodeText,
	fitsGsm7,
	splitMessage,
} from '../../../nodes/shared/smpp/encoding';

/** Reassembles the text of UCS-2 parts (UDH stripped). */
const ucs2Text = (bodies: Buffer[]) => Buffer.concat(bodies).swap16().toString('utf16le');
const body = (shortMessage: Buffer) => shortMessage.subarray(6);

describe('encodeText', () => {
	it('encodes plain ASCII as GSM 03.38 septets, one per octet, data_coding 0x00', () => {
		const encoded = encodeText('Hello @ 10$');
		expect(encoded.encoding).toBe('gsm7');
		expect(encoded.dataCoding).toBe(DATA_CODING_GSM7);
		// 3GPP TS 23.038 §6.2.1: '@' is 0x00 and '$' is 0x02, letters keep their ASCII codes.
		expect([...encoded.octets]).toEqual([0x48, 0x65, 0x6c, 0x6c, 0x6f, 0x20, 0x00, 0x20, 0x31, 0x30, 0x02]);
	});

	it('maps the national characters of the default alphabet to their GSM codes', () => {
		expect([...encodeText('£¥èÇΔß¡¿äà§').octets]).toEqual([0x01, 0x03, 0x04, 0x09, 0x10, 0x1e, 0x40, 0x60, 0x7b, 0x7f, 0x5f]);
	});

	it('escapes extension-table characters with 0x1B (each counts two septets)', () => {
		const encoded = encodeText('€[]{}~|^\\');
		expect(encoded.encoding).toBe('gsm7');
		// 3GPP TS 23.038 §6.2.1.1.
		expect([...encoded.octets]).toEqual([
			0x1b, 0x65, 0x1b, 0x3c, 0x1b, 0x3e, 0x1b, 0x28, 0x1b, 0x29, 0x1b, 0x3d, 0x1b, 0x40, 0x1b, 0x14, 0x1b, 0x2f,
		]);
		expect(decodeGsm7(encoded.octets)).toBe('€[]{}~|^\\');
	});

	it('falls back to UCS-2 (UTF-16BE, data_coding 0x08) for a character outside GSM 03.38', () => {
		const encoded = encodeText('Grüße ç');
		expect(encoded.encoding).toBe('ucs2');
		expect(encoded.dataCoding).toBe(DATA_CODING_UCS2);
		expect(encoded.octets.subarray(0, 4)).toEqual(Buffer.from([0x00, 0x47, 0x00, 0x72]));
		expect(ucs2Text([encoded.octets])).toBe('Grüße ç');
	});

	it('sends an emoji as its UTF-16 surrogate pair', () => {
		const encoded = encodeText('hi 😀');
		expect(encoded.encoding).toBe('ucs2');
		expect(encoded.octets.subarray(6)).toEqual(Buffer.from([0xd8, 0x3d, 0xde, 0x00]));
	});

	it('treats the escape character itself and lowercase ç as non-GSM', () => {
		expect(fitsGsm7('a\x1Bb')).toBe(false);
		expect(fitsGsm7('ç')).toBe(false);
		expect(fitsGsm7('Ç')).toBe(true);
	});
});

describe('splitMessage', () => {
	it('keeps 160 GSM characters in one part without a header', () => {
		const split = splitMessage('a'.repeat(160), { mode: 'udh', reference: 7 });
		expect(split.parts).toHaveLength(1);
		expect(split.parts[0].esmClass).toBe(0);
		expect(split.parts[0].shortMessage).toHaveLength(160);
	});

	it('splits 161 GSM characters into two parts of 153 and 8 septets with a UDH', () => {
		const split = splitMessage('a'.repeat(161), { mode: 'udh', reference: 7 });
		expect(split.parts.map((p) => p.shortMessage.length - 6)).toEqual([153, 8]);
	});

	it('splits a 400-character GSM text into three parts with UDH 05 00 03 ref 03 seq', () => {
		const text = Array.from({ length: 400 }, (_, i) => String.fromCharCode(0x41 + (i % 26))).join('');
		const split = splitMessage(text, { mode: 'udh', reference: 0x2a });
		expect(split.encoding).toBe('gsm7');
		expect(split.parts).toHaveLength(3);
		split.parts.forEach((part, index) => {
			expect(part.esmClass).toBe(ESM_CLASS_UDHI);
			expect([...part.shortMessage.subarray(0, 6)]).toEqual([0x05, 0x00, 0x03, 0x2a, 0x03, index + 1]);
			expect(part.shortMessage.length).toBeLessThanOrEqual(6 + 153);
		});
		expect(split.parts.map((p) => decodeGsm7(body(p.shortMessage))).join('')).toBe(text);
	});

	it('never splits an escape sequence across parts', () => {
		// 152 plain characters, then '€' (two septets) would straddle the 153-septet boundary.
		const text = 'a'.repeat(152) + '€' + 'b'.repeat(20);
		const split = splitMessage(text, { mode: 'udh', reference: 1 });
		expect(body(split.parts[0].shortMessage)).toHaveLength(152);
		expect([...body(split.parts[1].shortMessage).subarray(0, 2)]).toEqual([0x1b, 0x65]);
		expect(split.parts.map((p) => decodeGsm7(body(p.shortMessage))).join('')).toBe(text);
	});

	it('keeps 70 UCS-2 characters in one part and splits 71 into parts of 67 code units', () => {
		expect(splitMessage('ж'.repeat(70), { mode: 'udh', reference: 1 }).parts).toHaveLength(1);
		const split = splitMessage('ж'.repeat(71), { mode: 'udh', reference: 1 });
		expect(split.parts.map((p) => p.shortMessage.length - 6)).toEqual([134, 8]);
	});

	it('never splits an emoji surrogate pair across parts', () => {
		// 66 code units of text, then an emoji (2 code units) would straddle the 67-unit boundary.
		const text = 'ж'.repeat(66) + '😀' + 'ж'.repeat(10);
		const split = splitMessage(text, { mode: 'udh', reference: 1 });
		const bodies = split.parts.map((p) => body(p.shortMessage));
		expect(bodies[0]).toHaveLength(132);
		expect([...bodies[1].subarray(0, 4)]).toEqual([0xd8, 0x3d, 0xde, 0x00]);
		expect(ucs2Text(bodies)).toBe(text);
	});

	it('sends a long text whole in message_payload with an empty short_message in payload mode', () => {
		const text = 'x'.repeat(400);
		const split = splitMessage(text, { mode: 'payload', reference: 1 });
		expect(split.parts).toHaveLength(1);
		expect(split.parts[0].shortMessage).toHaveLength(0);
		expect(split.parts[0].esmClass).toBe(0);
		expect(split.parts[0].messagePayload).toHaveLength(400);
		expect(decodeGsm7(split.parts[0].messagePayload!)).toBe(text);
	});

	it('keeps a short text in short_message in payload mode', () => {
		const split = splitMessage('short', { mode: 'payload', reference: 1 });
		expect(split.parts[0].messagePayload).toBeUndefined();
		expect(split.parts[0].shortMessage).toHaveLength(5);
	});

	it('refuses a text that needs more than 255 parts', () => {
		expect(() => splitMessage('a'.repeat(153 * 255 + 1), { mode: 'udh', reference: 1 })).toThrow(/needs 256 parts; a concatenated message has at most 255/);
	});
});
