import { nameUuid, UUID_PATTERN, uuidBytes } from '../../../nodes/shared/delivery/delivery-id';

describe('name-based UUIDv8 with SHA-256 (RFC 9562)', () => {
	test('Appendix B.2 known answer: namespace DNS, name www.example.com', () => {
		// RFC 9562 Appendix B.2 "Example of a UUIDv8 Value (Name-Based)".
		const dns = uuidBytes('6ba7b810-9dad-11d1-80b4-00c04fd430c8');
		expect(nameUuid(dns, 'www.example.com')).toBe('5c146b14-3c52-8afd-938a-375d0df1fbf6');
	});

	test('sets version 8 and variant 0b10 whatever the hash bits', () => {
		const ns = uuidBytes('00000000-0000-0000-0000-000000000000');
		for (let i = 0; i < 200; i++) {
			const id = nameUuid(ns, `name-${i}`);
			expect(id).toMatch(UUID_PATTERN);
			expect(id[14]).toBe('8');
			expect(['8', '9', 'a', 'b']).toContain(id[19]);
		}
	});

	test('uuidBytes refuses what is not a UUID', () => {
		expect(() => uuidBytes('not-a-uuid')).toThrow(TypeError);
	});
});
