import type { Icon, ICredentialTestRequest, ICredentialType, INodeProperties } from 'n8n-workflow';

/*
 * The credential's Test makes the same client-credentials token request the node makes
 * (nodes/shared/auth/token-request.ts): Client Authentication in the body or as a Basic header
 * (form-encoded id and secret, RFC 6749 2.3.1), and the Advanced Settings' method, parameter place
 * and headers. n8n runs a declarative test for OAuth2 credential types only (it ignores a node's
 * `testedBy` for them), so the request is built with n8n expressions over `$credentials`.
 */
const ADVANCED = '$credentials.advancedSettings === true';
const IN_URL = `(${ADVANCED} && ($credentials.accessTokenMethod === "GET" || $credentials.accessTokenParameterType === "url"))`;
const BASIC = '$credentials.authentication === "header"';
/** application/x-www-form-urlencoded (RFC 6749 Appendix B): percent-encoding with spaces as `+`. */
const form = (value: string) => `encodeURIComponent(String(${value} || "")).split("%20").join("+")`;
const SCOPE = 'String($credentials.scopes || "").split(" ").filter(String).join(" ")';
const PARAMS =
	`["grant_type=client_credentials", ${SCOPE} ? "scope=" + ${form(SCOPE)} : "", ` +
	`${BASIC} ? "" : "client_id=" + ${form('$credentials.clientId')} + "&client_secret=" + ${form('$credentials.clientSecret')}]` +
	'.filter(String).join("&")';
const EXTRA_HEADERS =
	`(${ADVANCED} ? (typeof $credentials.accessTokenHeaders === "string" ? JSON.parse($credentials.accessTokenHeaders || "{}") : ($credentials.accessTokenHeaders || {})) : {})`;
const BASIC_HEADER = `(${BASIC} ? { Authorization: "Basic " + (${form('$credentials.clientId')} + ":" + ${form('$credentials.clientSecret')}).base64Encode() } : {})`;

/**
 * OAuth 2.0 for outbound webhook notifications, with the spec's two grants. It extends n8n's
 * generic OAuth2 credential, so for the authorization code grant n8n's own callback URL, consent
 * screen and "Connect my account" button are used and n8n stores (and renews) the tokens. For the
 * client credentials grant the node fetches and caches tokens itself, shaped by the advanced
 * settings.
 */
export class WebhookOAuth2Api implements ICredentialType {
	name = 'webhookOAuth2Api';

	extends = ['oAuth2Api'];

	displayName = 'Outbound Webhook OAuth2 API';

	documentationUrl = 'https://github.com/n8n-nodes-outbound-webhooks/n8n-nodes-outbound-webhooks#authorization';

	icon: Icon = { light: 'file:webhookCredential.svg', dark: 'file:webhookCredential.dark.svg' };

	properties: INodeProperties[] = [
		{
			displayName: 'Grant Type',
			name: 'grantType',
			type: 'options',
			options: [
				{
					name: 'Authorization Code',
					value: 'authorizationCode',
					description: 'The provider issues the token for a user, who signs in once with "Connect my account"',
				},
				{
					name: 'Client Credentials',
					value: 'clientCredentials',
					description: 'The token is issued to this client itself, outside the context of a user',
				},
			],
			default: 'clientCredentials',
			description: 'Which grant the provider offers for this API',
		},
		{
			displayName: 'Client ID',
			name: 'clientId',
			type: 'string',
			default: '',
			required: true,
			description: 'Identifier of the client (the spec\'s consumer ID for authorization code), from the provider\'s registration',
		},
		{
			displayName: 'Client Secret',
			name: 'clientSecret',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description: 'Secret of the client (the spec\'s consumer secret for authorization code), from the provider\'s registration',
		},
		{
			displayName: 'Access Token URL',
			name: 'accessTokenUrl',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'https://auth.example.com/oauth2/token',
			description: 'HTTPS token endpoint of the provider. It issues access tokens and renews them with the refresh token.',
		},
		{
			displayName: 'Scope',
			name: 'scopes',
			type: 'string',
			default: '',
			description: 'Scopes of the access request, separated by spaces. Optional.',
		},
		// n8n builds the consent URL of OAuth2 credential types outside its own editable-scope list
		// without the stored `scope` and falls back to the property default; this hidden default
		// carries the user's scopes there (and into n8n's token renewals).
		{ displayName: 'Scope', name: 'scope', type: 'hidden', default: '={{$self["scopes"]}}' },
		{
			displayName: 'Client Authentication',
			name: 'authentication',
			type: 'options',
			options: [
				{ name: 'Send Client Credentials in Body', value: 'body', description: 'As client_id and client_secret form fields' },
				{
					name: 'Send as Basic Auth Header',
					value: 'header',
					description: 'As an Authorization: Basic header (form-encoded ID and secret, RFC 6749 2.3.1)',
				},
			],
			default: 'body',
			description: 'How the client proves its identity to the token endpoint; the provider\'s API documentation says which it accepts',
		},
		{
			displayName: 'Refresh Token URL',
			name: 'refreshTokenUrl',
			type: 'string',
			default: '',
			placeholder: 'https://auth.example.com/oauth2/refresh',
			description:
				'Where refresh tokens are exchanged for new access tokens, if the provider uses another endpoint than the Access Token URL. Empty: the Access Token URL.',
		},
		{
			displayName: 'Access Token Has a Limited Validity',
			name: 'limitedValidity',
			type: 'boolean',
			// True keeps credentials saved before this field working: they always honoured expires_in and Token Validity.
			default: true,
			description:
				'Whether the access token expires. On: it is renewed shortly before it expires (the provider\'s expires_in, or the Validity below). Off: it is used until the endpoint answers 401, then renewed once.',
		},
		{
			displayName: 'Validity (Seconds)',
			name: 'tokenValidity',
			type: 'number',
			typeOptions: { minValue: 0 },
			default: 0,
			displayOptions: { show: { limitedValidity: [true] } },
			description:
				'How long an access token stays valid, for providers whose token answer has no expires_in. 0 uses the provider\'s expires_in, or the token until the endpoint answers 401.',
		},
		// n8n's generic extras that this node does not apply to its own token requests.
		{ displayName: 'Send Additional Body Properties', name: 'sendAdditionalBodyProperties', type: 'hidden', default: false },
		{ displayName: 'Additional Body Properties', name: 'additionalBodyProperties', type: 'hidden', default: '' },
		{
			displayName: 'Advanced Settings',
			name: 'advancedSettings',
			type: 'boolean',
			default: false,
			description:
				'Whether to change how the token requests of this package are made (method, where parameters go, extra headers): client-credentials grants and refreshes. n8n\'s own "Connect my account" exchange is not changed.',
		},
		// eslint-disable-next-line @n8n/community-nodes/credential-password-field -- an HTTP method ("accessToken" is in its name)
		{
			displayName: 'Access Token URL Method',
			name: 'accessTokenMethod',
			type: 'options',
			options: [
				{ name: 'POST', value: 'POST' },
				{ name: 'GET', value: 'GET' },
			],
			default: 'POST',
			displayOptions: { show: { advancedSettings: [true] } },
			description: 'HTTP method of the token request. With GET, parameters always go in the URL.',
		},
		// eslint-disable-next-line @n8n/community-nodes/credential-password-field -- where parameters go ("accessToken" is in its name)
		{
			displayName: 'Access Token URL Parameter Type',
			name: 'accessTokenParameterType',
			type: 'options',
			options: [
				{ name: 'Body', value: 'body', description: 'Form-encoded in the request body (standard)' },
				{ name: 'URL', value: 'url', description: 'In the query string of the token URL' },
			],
			default: 'body',
			displayOptions: { show: { advancedSettings: [true] } },
			description: 'Where grant_type, scope and (with body client authentication) the client credentials go',
		},
		// eslint-disable-next-line @n8n/community-nodes/credential-password-field -- extra non-secret headers ("accessToken" is in its name); the client secret has its own field
		{
			displayName: 'Access Token URL Headers',
			name: 'accessTokenHeaders',
			type: 'json',
			default: '{}',
			displayOptions: { show: { advancedSettings: [true] } },
			description: 'Additional headers for the token request, as a JSON object, e.g. {"X-Tenant": "acme"}',
		},
	];

	// A successful client-credentials token request proves ID, secret, URL, client authentication and
	// the advanced settings. (For the authorization code grant, n8n's "Connect my account" is the test.)
	test: ICredentialTestRequest = {
		request: {
			method: `={{ ${ADVANCED} && $credentials.accessTokenMethod === "GET" ? "GET" : "POST" }}` as 'POST',
			url: `={{ $credentials.accessTokenUrl + (${IN_URL} ? ($credentials.accessTokenUrl.includes("?") ? "&" : "?") + ${PARAMS} : "") }}`,
			headers: `={{ Object.assign({ "Content-Type": "application/x-www-form-urlencoded", Accept: "application/json" }, ${EXTRA_HEADERS}, ${BASIC_HEADER}) }}` as unknown as Record<string, string>,
			body: `={{ ${IN_URL} ? "" : ${PARAMS} }}`,
		},
	};
}
