import type { INodeProperties } from 'n8n-workflow';

import { OutboundWebhook } from '../../../nodes/OutboundWebhook/OutboundWebhook.node';
import { DELIVERY_DEFAULTS } from '../../../nodes/shared/delivery/options';

const options = new OutboundWebhook().description.properties.find((p) => p.name === 'options')!.options as INodeProperties[];
const shown = (name: string) => options.find((option) => option.name === name)?.default;

describe('delivery defaults', () => {
	test('are the platform text\'s: a HEAD test call, 3 retries 60 s apart, 10 s per attempt', () => {
		expect(DELIVERY_DEFAULTS).toMatchObject({ verifyEndpoint: true, verificationMethod: 'HEAD', maxRetries: 3, retryInterval: 60, timeout: 10_000 });
	});

	test.each(Object.keys(DELIVERY_DEFAULTS))('the editor shows the core default of %s', (name) => {
		expect(shown(name)).toEqual(DELIVERY_DEFAULTS[name as keyof typeof DELIVERY_DEFAULTS]);
	});
});
