import { toSmppAddress } from '../../../nodes/shared/smpp/address';

describe('toSmppAddress', () => {
	it('takes +E.164 as international/ISDN and drops the plus', () => {
		expect(toSmppAddress('+447700900123')).toEqual({ addr: '447700900123', ton: 1, npi: 1 });
	});

	it('takes a long digit string as international', () => {
		expect(toSmppAddress('447700900123')).toEqual({ addr: '447700900123', ton: 1, npi: 1 });
	});

	it('takes a short code as unknown type, ISDN plan', () => {
		expect(toSmppAddress('12345')).toEqual({ addr: '12345', ton: 0, npi: 1 });
	});

	it('takes a name as alphanumeric', () => {
		expect(toSmppAddress('ACME')).toEqual({ addr: 'ACME', ton: 5, npi: 0 });
	});

	it('lets credential defaults win over the guess', () => {
		expect(toSmppAddress('12345', { ton: 3, npi: 9 })).toEqual({ addr: '12345', ton: 3, npi: 9 });
	});

	it('refuses an address longer than 20 characters', () => {
		expect(() => toSmppAddress('1'.repeat(21))).toThrow(/longer than 20/);
	});

	it('refuses a non-ASCII address', () => {
		expect(() => toSmppAddress('Zürich')).toThrow(/printable ASCII/);
	});
});
