/** The credential type each `authentication` option uses ("none" uses none). */
export const AUTH_CREDENTIAL_TYPES: Readonly<Record<string, string>> = {
	basicAuth: 'webhookBasicAuthApi',
	digestAuth: 'webhookDigestAuthApi',
	awsSignature: 'webhookAwsSignatureApi',
	apiKey: 'webhookApiKeyApi',
	oAuth2: 'webhookOAuth2Api',
};
