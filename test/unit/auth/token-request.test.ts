import { clientBasicAuthorization, formEncode } from '../../../nodes/shared/auth/token-request';

describe('OAuth2 client authentication (RFC 6749 2.3.1)', () => {
	it('form-encodes client id and secret before the Basic header', () => {
		// id "my client:1", secret "p@ss w+rd/ü" → "my+client%3A1:p%40ss+w%2Brd%2F%C3%BC", then base64.
		const header = clientBasicAuthorization('my client:1', 'p@ss w+rd/ü');
		const decoded = Buffer.from(header.replace(/^Basic /, ''), 'base64').toString('utf8');
		expect(decoded).toBe('my+client%3A1:p%40ss+w%2Brd%2F%C3%BC');
		// The colon inside the id is encoded, so the receiver splits at the right colon.
		expect(decoded.split(':')).toHaveLength(2);
	});

	it('leaves unreserved characters alone', () => {
		expect(formEncode('abc-._*XYZ019')).toBe('abc-._*XYZ019');
		expect(clientBasicAuthorization('s6BhdRkqt3', '7Fjfp0ZBr1KtDRbnfVdmIw')).toBe(
			// RFC 6749 section 2.3.1 example credentials.
			'Basic czZCaGRSa3F0Mzo3RmpmcDBaQnIxS3REUmJuZlZkbUl3',
		);
	});
});
