import { classifySubmitStatus, describeStatus } from '../../../nodes/shared/smpp/status';

describe('SMPP command status', () => {
	it('describeStatus names the status and its hex value', () => {
		expect(describeStatus(0x58)).toBe('ESME_RTHROTTLED (0x00000058)');
		expect(describeStatus(0x0b)).toBe('ESME_RINVDSTADR (0x0000000B)');
	});

	it('describeStatus shows an unlisted vendor status by hex only', () => {
		expect(describeStatus(0x400)).toBe('status 0x00000400');
	});

	it('classifySubmitStatus: ROK is sent, throttling and a full queue are retried, the rest fail', () => {
		expect(classifySubmitStatus(0x00)).toBe('sent');
		expect(classifySubmitStatus(0x58)).toBe('retry');
		expect(classifySubmitStatus(0x14)).toBe('retry');
		expect(classifySubmitStatus(0x0b)).toBe('failed');
		expect(classifySubmitStatus(0x08)).toBe('failed');
	});
});
