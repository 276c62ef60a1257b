import { z } from 'zod';

/**
 * What the session handler needs to know about each provider's "create session" call, from the
 * API documents: where it is, how the secret is sent, what the return URLs are
 * called, which fields must be there and which come from the browser.
 */

/** The providers with a preset in the API documents the package is built against. */
export type SeedProvider = 'ultrapass' | 'fiskil' | 'complycube' | 'ulm';

/** Every `provider` the server helper takes: the documented ones and any OpenID Connect provider. */
export type ServerProvider = SeedProvider | 'oidc';

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
  /**
   * How a return URL names the flow: the element's `state` (appended to the return URLs), or
   * the provider's session id in this query parameter (UltrapassId's portal-fixed redirect
   * URL). `undefined`: the provider has no return URL (ULM answers at once).
   */
  returnCarries?: { state: true; sessionIdParam?: string } | { state: false; sessionIdParam: string };
  /** The session id and expiry (ms since the epoch) a 2xx answer names, for the flow binding. */
  sessionOf?(answer: unknown): { sessionId?: string | undefined; expiresAt?: number | undefined };
}

const fiskilAnswer = z.looseObject({ session_id: z.string().max(256), expires_at: z.number().optional() });
const ultrapassAnswer = z.looseObject({ getSessionUrl: z.string() });

export const PROVIDERS: Record<SeedProvider, ProviderSpec> = {
  ultrapass: {
    defaultBaseUrl: 'https://dev-clientapi-a53fz2ohf.azurewebsites.net/api',
    path: '/uauth/session',
    secretRequired: true,
    credentialHeader: (secret) => ['x-upid-organization-key', secret],
    requiredFields: ['workflowKey'],
    browserFields: [],
    returnCarries: { state: false, sessionIdParam: 'sessionId' },
    sessionOf(answer) {
      const parsed = ultrapassAnswer.safeParse(answer);
      if (!parsed.success || !URL.canParse(parsed.data.getSessionUrl)) return {};
      const sessionId = new URL(parsed.data.getSessionUrl).searchParams.get('sessionId');
      return { sessionId: sessionId === null || sessionId.length > 256 ? undefined : sessionId };
    },
  },
  fiskil: {
    defaultBaseUrl: 'https://api.fiskil.com',
    path: '/auth/session',
    secretRequired: true,
    credentialHeader: (secret) => ['authorization', `Bearer ${secret}`],
    returnUrls: { redirect: 'redirect_uri', cancel: 'cancel_uri' },
    requiredFields: ['end_user_id'],
    browserFields: [],
    returnCarries: { state: true, sessionIdParam: 'session_id' },
    sessionOf(answer) {
      const parsed = fiskilAnswer.safeParse(answer);
      if (!parsed.success) return {};
      const { session_id: sessionId, expires_at: seconds } = parsed.data;
      return { sessionId, expiresAt: seconds === undefined ? undefined : seconds * 1000 };
    },
  },
  complycube: {
    defaultBaseUrl: 'https://api.complycube.com',
    path: '/v1/flow/sessions',
    secretRequired: true,
    credentialHeader: (secret) => ['authorization', secret],
    returnUrls: { redirect: 'successUrl', cancel: 'cancelUrl' },
    requiredFields: ['clientId', 'workflowTemplateId'],
    browserFields: [],
    returnCarries: { state: true },
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

export const SEED_PROVIDERS = Object.keys(PROVIDERS) as SeedProvider[];
export const SERVER_PROVIDERS: readonly ServerProvider[] = [...SEED_PROVIDERS, 'oidc'];

/** The provider endpoint: base URL (its own path kept, trailing slashes dropped) + path. */
export function endpointOf(baseUrl: string, path: string): string {
  return `${baseUrl.replace(/\/+$/, '')}${path}`;
}
