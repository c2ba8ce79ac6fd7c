import { carriesInboundAuth, checkInboundAuth, parseBasicAuthorization, safeEqual, type InboundAuth } from '../../nodes/shared/inbound-auth';

const basic = (credentials: string) => `Basic ${Buffer.from(credentials, 'utf8').toString('base64')}`;
const BASIC: InboundAuth = { type: 'basicAuth', user: 'connect', password: 'pä:ss' };
const API_KEY: InboundAuth = { type: 'apiKey', name: 'X-Api-Key', value: 'k-123' };

describe('inbound authorization', () => {
	test('none accepts any request', () => {
		expect(checkInboundAuth({ type: 'none' }, { headers: {} })).toBe(true);
	});

	test('Basic: right user and password (UTF-8, colon in the password) pass', () => {
		expect(checkInboundAuth(BASIC, { headers: { authorization: basic('connect:pä:ss') } })).toBe(true);
	});

	test.each([
		['wrong password', basic('connect:pä:sx')],
		['wrong user', basic('konnect:pä:ss')],
		['password prefix only', basic('connect:pä')],
		['no colon', basic('connect')],
		['another scheme', 'Bearer Y29ubmVjdDpwYXNz'],
		['garbage', 'Basic !!!'],
	])('Basic: %s fails', (_name, header) => {
		expect(checkInboundAuth(BASIC, { headers: { authorization: header } })).toBe(false);
	});

	test('Basic: missing header fails', () => {
		expect(checkInboundAuth(BASIC, { headers: {} })).toBe(false);
	});

	test('parseBasicAuthorization splits at the first colon and accepts any case of the scheme', () => {
		expect(parseBasicAuthorization(`bAsIc ${Buffer.from('a:b:c').toString('base64')}`)).toEqual({ user: 'a', password: 'b:c' });
	});

	test('API key header: header names are case-insensitive, the value is exact', () => {
		expect(checkInboundAuth(API_KEY, { headers: { 'x-api-key': 'k-123' } })).toBe(true);
		expect(checkInboundAuth(API_KEY, { headers: { 'x-api-key': 'K-123' } })).toBe(false);
		expect(checkInboundAuth(API_KEY, { headers: { 'x-api-key': 'k-1234' } })).toBe(false);
		expect(checkInboundAuth(API_KEY, { headers: {} })).toBe(false);
	});

	test('API key in the query when the credential says so; a header then does not count', () => {
		const inQuery: InboundAuth = { ...API_KEY, in: 'query' } as InboundAuth;
		expect(checkInboundAuth(inQuery, { headers: {}, query: { 'X-Api-Key': 'k-123' } })).toBe(true);
		expect(checkInboundAuth(inQuery, { headers: { 'x-api-key': 'k-123' }, query: {} })).toBe(false);
	});

	test('an empty configured key never matches (not even an empty header)', () => {
		expect(checkInboundAuth({ type: 'apiKey', name: 'x-api-key', value: '' }, { headers: { 'x-api-key': '' } })).toBe(false);
	});

	test('safeEqual compares values of different lengths without throwing', () => {
		expect(safeEqual('a', 'a')).toBe(true);
		expect(safeEqual('a', 'ab')).toBe(false);
		expect(safeEqual('', 'x'.repeat(1000))).toBe(false);
	});

	test('carriesInboundAuth: whether the request carries authorization data of the scheme at all', () => {
		expect(carriesInboundAuth(BASIC, { headers: { authorization: 'Basic x' } })).toBe(true);
		expect(carriesInboundAuth(BASIC, { headers: {} })).toBe(false);
		expect(carriesInboundAuth(API_KEY, { headers: { 'x-api-key': 'wrong' } })).toBe(true);
		expect(carriesInboundAuth(API_KEY, { headers: { authorization: 'Basic x' } })).toBe(false);
		expect(carriesInboundAuth({ type: 'none' }, { headers: { authorization: 'Basic x' } })).toBe(false);
	});
});
