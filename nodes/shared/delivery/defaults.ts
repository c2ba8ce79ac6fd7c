/**
 * The delivery defaults, in one place: the node's description shows them, the option reader falls
 * back to them, and the tests pin them against the platform text (spec/outbound-webhooks-source.txt,
 * "URL Endpoint Notifications": a test call that must answer 200; three retries, each after 60
 * seconds; at most 10 seconds per request).
 */
export const DELIVERY_DEFAULTS = Object.freeze({
	verifyEndpoint: true,
	verificationMethod: 'HEAD' as const,
	/** Milliseconds per attempt: connect, TLS, request, answer and challenge round trips together. */
	timeout: 10_000,
	maxRetries: 3,
	/** Seconds between one attempt and the next retry. */
	retryInterval: 60,
	/** Seconds: the longest Retry-After the node waits for. */
	maxRetryAfter: 300,
	concurrency: 20,
	allowUnauthorizedCerts: false,
	caCertificate: '',
	signaturePrefix: false,
	blockPrivateNetworks: false,
	/** Off: Failed is the normal path, and the run succeeds. */
	failOnFailedDeliveries: false,
});
