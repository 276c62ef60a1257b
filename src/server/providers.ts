/**
 * What the session handler needs to know about each provider's "create session" call, from the
 * API documents: where it is, how the secret is sent, what the return URLs are
 * called, which fields must be there and which come from the browser.
 */

export type ServerProvider = 'ultrapass' | 'fiskil' | 'complycube' | 'ulm';

export interface ProviderSpec {
  /** The provider's API from its seed document; `undefined` where the seed names none. */
  defaultBaseUrl?: string;
  /** The create-session path, appended to the base URL. */
  path: string;
  /** Whether the provider refuses calls without the secret. */
  secretRequired: boolean;
  /** The header that carries the secret, as the provider documents it. */
  credentialHeader(secret: string): [name: string, value: string];
  /**
   * The provider's names for the return URLs, when it takes arbitrary ones per session (the
   * element's `state` is then appended to them). UltrapassId's are set in its portal.
   */
  returnUrls?: { redirect: string; cancel: string };
  /** Fields the provider needs that the merchant must supply (`fields` or `beforeCreate`). */
  requiredFields: readonly string[];
  /** Fields the browser supplies in its own request (ULM's sign-in form). */
  browserFields: readonly string[];
}

export const PROVIDERS: Record<ServerProvider, ProviderSpec> = {
  ultrapass: {
    defaultBaseUrl: 'https://dev-clientapi-a53fz2ohf.azurewebsites.net/api',
    path: '/uauth/session',
    secretRequired: true,
    credentialHeader: (secret) => ['x-upid-organization-key', secret],
    requiredFields: ['workflowKey'],
    browserFields: [],
  },
  fiskil: {
    defaultBaseUrl: 'https://api.fiskil.com',
    path: '/auth/session',
    secretRequired: true,
    credentialHeader: (secret) => ['authorization', `Bearer ${secret}`],
    returnUrls: { redirect: 'redirect_uri', cancel: 'cancel_uri' },
    requiredFields: ['end_user_id'],
    browserFields: [],
  },
  complycube: {
    defaultBaseUrl: 'https://api.complycube.com',
    path: '/v1/flow/sessions',
    secretRequired: true,
    credentialHeader: (secret) => ['authorization', secret],
    returnUrls: { redirect: 'successUrl', cancel: 'cancelUrl' },
    requiredFields: ['clientId', 'workflowTemplateId'],
    browserFields: [],
  },
  ulm: {
    // The ULM Cloud document gives the path only: the tenant's API URL is the merchant's.
    path: '/session/start',
    secretRequired: false,
    credentialHeader: (secret) => ['authorization', `Bearer ${secret}`],
    requiredFields: [],
    browserFields: ['authnIdentifier', 'credential'],
  },
};

export const SERVER_PROVIDERS = Object.keys(PROVIDERS) as ServerProvider[];

/** The provider endpoint: base URL (its own path kept, trailing slashes dropped) + path. */
export function endpointOf(baseUrl: string, path: string): string {
  return `${baseUrl.replace(/\/+$/, '')}${path}`;
}
