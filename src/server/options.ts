import { z } from 'zod';
import { flowSealer, MIN_COOKIE_SECRET_BYTES, secretBytes, type FlowSealer } from './flow-cookie.js';
import { isLoopbackHttp } from './loopback.js';
import {
  endpointOf,
  PROVIDERS,
  SERVER_PROVIDERS,
  type ProviderSpec,
  type SeedProvider,
  type ServerProvider,
} from './providers.js';

/** A provider request field: the JSON primitives the provider APIs take. */
export type FieldValue = string | number | boolean;

/** UltrapassId `POST /uauth/session`: the UAuthFlow to start. */
export interface UltrapassFields {
  /** The UAuthFlow to start (required, from `fields` or `beforeCreate`). */
  workflowKey?: string;
  [field: string]: FieldValue | undefined;
}

/** Fiskil `POST /auth/session`: whose consent, and at which bank (fixes the bank for the user). */
export interface FiskilFields {
  /** The Fiskil end user giving consent (required, from `fields` or `beforeCreate`). */
  end_user_id?: string;
  /** Preselects the bank, so the user skips Fiskil's bank choice. */
  institution_id?: string;
  [field: string]: FieldValue | undefined;
}

/** ComplyCube `POST /v1/flow/sessions`. */
export interface ComplyCubeFields {
  /** The ComplyCube client being verified (required, from `fields` or `beforeCreate`). */
  clientId?: string;
  /** The verification workflow to run (required). */
  workflowTemplateId?: string;
  /** The hosted page's colour theme. */
  theme?: 'light' | 'dark';
  /** The support address shown on the hosted page. */
  supportEmail?: string;
  /** Ask ComplyCube for a short session URL. */
  shortUrl?: boolean;
  [field: string]: FieldValue | undefined;
}

/** ULM Cloud `POST /session/start`: `authnIdentifier` and `credential` come from the browser. */
export interface UlmFields {
  [field: string]: FieldValue | undefined;
}

/** The browser's request body, validated; unknown keys are kept for `beforeCreate`. */
export interface BrowserRequestBody {
  /** Where the flow should land on success (checked against `allowedRedirectOrigins`). */
  redirectUrl?: string;
  /** Where the flow should land on cancel (checked against `allowedRedirectOrigins`). */
  cancelUrl?: string;
  /** The element's per-flow random value (required), appended to the return URLs where the provider allows. */
  state: string;
  /** ULM only. */
  authnIdentifier?: string;
  /** ULM only: the user's password. Never logged, never echoed. */
  credential?: string;
  [key: string]: unknown;
}

interface CommonOptions<Fields> {
  /**
   * The provider credential: UltrapassId organization key, Fiskil bearer token, ComplyCube API
   * key; optional for ULM (sent as `Authorization: Bearer` when set). Stays on the server.
   */
  secret?: string | undefined;
  /** The provider's API. Defaults to the API in the provider's documents (required for ULM). */
  baseUrl?: string | undefined;
  /**
   * Origins the browser's `redirectUrl` / `cancelUrl` must be on. Required for Fiskil and
   * ComplyCube, whose return URLs come from the browser.
   */
  allowedRedirectOrigins?: readonly string[];
  /** Fixed provider fields sent with every session. */
  fields?: Fields;
  /**
   * Runs after the browser's request is validated and before the provider is called: check
   * the merchant's own session / CSRF token and return per-user provider fields (or nothing).
   * Throw a `Response` to refuse the request with it; anything else thrown becomes a 500.
   * The request's body is already read: use `body`.
   */
  beforeCreate?: (
    request: Request,
    body: BrowserRequestBody,
  ) => Fields | void | undefined | Promise<Fields | void | undefined>;
  /** How long the provider may take, in ms (default 10 000); then the answer is 504. */
  timeoutMs?: number;
}

/** Binding each flow to the browser that started it (a cookie that `createConfirmHandler` reads). */
export interface FlowBindingOptions {
  /**
   * At least 32 random bytes (e.g. `openssl rand -base64 32`), the same for the session and the
   * confirm handler. With it, each flow gets an encrypted, HttpOnly cookie holding its state.
   */
  cookieSecret?: string | Uint8Array | undefined;
  /** The path the flow cookie is sent to (default `/`): one that holds both handlers. */
  cookiePath?: string | undefined;
  /**
   * How long a flow may take, in seconds (default 600): the cookie's lifetime when the provider
   * names no expiry, and the OIDC authorization request's.
   */
  flowTtlSeconds?: number | undefined;
}

/** Where the OpenID Provider is and how this client authenticates to it. */
export interface OidcClientOptions {
  /** The issuer; its metadata is read from `/.well-known/openid-configuration` (cached). */
  issuer: string;
  /** The client id registered at the provider. */
  clientId: string;
  /** The client secret; leave it out for a public client with `clientAuth: 'none'`. */
  secret?: string | undefined;
  /** How the client authenticates at the token endpoint (default `client_secret_basic`). */
  clientAuth?: 'client_secret_basic' | 'client_secret_post' | 'none' | undefined;
  /** Lets an `http:` issuer on loopback (localhost, 127.0.0.1, [::1]) through: tests and local providers only. */
  allowInsecureRequests?: boolean | undefined;
  /** How long each provider call may take, in ms (default 10 000); then the answer is 504. */
  timeoutMs?: number | undefined;
}

/** Options of the `oidc` preset: an authorization-code flow with PKCE and a nonce, tokens kept on the server. */
export interface OidcSessionOptions extends OidcClientOptions, FlowBindingOptions {
  /** Any OpenID Connect provider, found by discovery at `issuer`. */
  provider: 'oidc';
  /** Required for `oidc`: the PKCE verifier and the nonce live in the flow cookie. */
  cookieSecret: string | Uint8Array;
  /** Space-separated scopes, `openid` among them (default `openid`). */
  scope?: string | undefined;
  /** The origins the element's `redirectUrl` (the exact `redirect_uri`) and `cancelUrl` must be on. */
  allowedRedirectOrigins: readonly string[];
  /** Extra authorization request parameters (`prompt`, `acr_values`, `ui_locales`, …). */
  authorizationParams?: Record<string, string> | undefined;
  /**
   * Runs after the browser's request is validated: check the merchant's session / CSRF token and
   * return extra authorization parameters for this user (`login_hint`), or nothing. Throw a
   * `Response` to refuse; anything else thrown becomes a 500.
   */
  beforeCreate?: (
    request: Request,
    body: BrowserRequestBody,
  ) => Record<string, string> | void | undefined | Promise<Record<string, string> | void | undefined>;
}

/** Options of `createSessionHandler()`: `provider` picks which fields apply (the options table of docs/server.md). */
export type SessionHandlerOptions =
  | ({ provider: 'ultrapass' } & CommonOptions<UltrapassFields> & FlowBindingOptions)
  | ({ provider: 'fiskil' } & CommonOptions<FiskilFields> & FlowBindingOptions)
  | ({ provider: 'complycube' } & CommonOptions<ComplyCubeFields> & FlowBindingOptions)
  | ({ provider: 'ulm' } & CommonOptions<UlmFields>)
  | OidcSessionOptions;

export type AnyFields = Record<string, FieldValue | undefined>;

/** What the browser's request must hold, for readBrowserRequest. */
export interface BrowserRequestRules {
  provider: string;
  allowedRedirectOrigins: readonly string[];
  /** Fields the browser sends itself (ULM's sign-in form). */
  browserFields: readonly string[];
  /** The return URLs the request must have. */
  requiredUrls: readonly ('redirectUrl' | 'cancelUrl')[];
}

/** The flow binding after checking. */
export interface ResolvedBinding {
  sealer: FlowSealer;
  path: string;
  ttlSeconds: number;
}

/** The options of a documented provider after checking, with defaults applied. */
export interface ResolvedOptions extends BrowserRequestRules {
  provider: SeedProvider;
  spec: ProviderSpec;
  secret: string | undefined;
  endpoint: string;
  fields: AnyFields;
  beforeCreate: ((request: Request, body: BrowserRequestBody) => unknown) | undefined;
  timeoutMs: number;
  /** Set with `cookieSecret` (never for ULM, which has no return URL). */
  binding: ResolvedBinding | undefined;
}

/** The OIDC client options after checking. */
export interface ResolvedOidcClient {
  issuer: URL;
  clientId: string;
  secret: string | undefined;
  clientAuth: 'client_secret_basic' | 'client_secret_post' | 'none';
  allowInsecureRequests: boolean;
  timeoutMs: number;
}

/** The `oidc` preset's options after checking. */
export interface ResolvedOidcOptions extends BrowserRequestRules {
  provider: 'oidc';
  client: ResolvedOidcClient;
  scope: string;
  authorizationParams: Record<string, string>;
  beforeCreate: ((request: Request, body: BrowserRequestBody) => unknown) | undefined;
  binding: ResolvedBinding;
}

export const DEFAULT_TIMEOUT_MS = 10_000;
export const DEFAULT_FLOW_TTL_SECONDS = 600;

/** Authorization parameters the `oidc` preset sets itself, which neither the options nor beforeCreate may set. */
export const RESERVED_AUTHORIZATION_PARAMS: readonly string[] = [
  'client_id',
  'redirect_uri',
  'response_type',
  'response_mode',
  'scope',
  'state',
  'nonce',
  'code_challenge',
  'code_challenge_method',
  'request',
  'request_uri',
];

/** Extra authorization parameters: strings, none of the reserved names. */
export const authorizationParamsSchema = z
  .record(z.string(), z.string())
  .refine((params) => !Object.keys(params).some((name) => RESERVED_AUTHORIZATION_PARAMS.includes(name)), {
    error: `must not set ${RESERVED_AUTHORIZATION_PARAMS.join(', ')}: the preset sets them`,
  });

const oidcClientSchema = z
  .object({
    issuer: z.string({ error: 'is required (the OpenID Provider, e.g. https://login.example.com)' }),
    clientId: z.string({ error: 'is required' }).min(1, 'must not be empty'),
    secret: z.string({ error: 'must be a string' }).min(1, 'must be a non-empty string').optional(),
    clientAuth: z.enum(['client_secret_basic', 'client_secret_post', 'none']).default('client_secret_basic'),
    allowInsecureRequests: z.boolean().default(false),
    timeoutMs: z.number().positive('must be a positive number of milliseconds').default(DEFAULT_TIMEOUT_MS),
  })
  .check((ctx) => {
    const { issuer, clientAuth, secret, allowInsecureRequests } = ctx.value;
    const url = URL.canParse(issuer) ? new URL(issuer) : undefined;
    const insecureOk = allowInsecureRequests && url !== undefined && isLoopbackHttp(url);
    if (url === undefined || (url.protocol !== 'https:' && !insecureOk)) {
      ctx.issues.push({
        code: 'custom',
        input: issuer,
        path: ['issuer'],
        message:
          'must be an https: URL (an http: issuer only on localhost, 127.0.0.1 or [::1], with allowInsecureRequests: true)',
      });
    }
    if (clientAuth === 'none' && secret !== undefined) {
      ctx.issues.push({
        code: 'custom',
        input: clientAuth,
        path: ['secret'],
        message: "must not be set with clientAuth: 'none' (a public client has no secret)",
      });
    }
    if (clientAuth !== 'none' && secret === undefined) {
      ctx.issues.push({
        code: 'custom',
        input: clientAuth,
        path: ['secret'],
        message: `is required with clientAuth: '${clientAuth}' (or use clientAuth: 'none' for a public client)`,
      });
    }
  });

const oidcSessionSchema = z.object({
  scope: z
    .string()
    .default('openid')
    .refine((scope) => scope.split(' ').includes('openid'), 'must include openid'),
  authorizationParams: authorizationParamsSchema.default({}),
});

/** The options' problems as one line: `path: message; …` (zod's messages never hold the input). */
function issuesOf(error: z.ZodError): string {
  return error.issues.map((issue) => `${issue.path.join('.') || 'options'} ${issue.message}`).join('; ');
}

/** Checks the OIDC client options (for both handlers); throws through `fail`. */
export function resolveOidcClient(options: object, fail: (message: string) => never): ResolvedOidcClient {
  const parsed = oidcClientSchema.safeParse(options);
  if (!parsed.success) return fail(issuesOf(parsed.error));
  return { ...parsed.data, secret: parsed.data.secret, issuer: new URL(parsed.data.issuer) };
}

/** Checks `cookieSecret`, `cookiePath` and `flowTtlSeconds`; `undefined` without a secret. */
export function resolveBinding(
  options: FlowBindingOptions,
  fail: (message: string) => never,
): ResolvedBinding | undefined {
  const { cookieSecret, cookiePath = '/', flowTtlSeconds = DEFAULT_FLOW_TTL_SECONDS } = options;
  if (typeof cookiePath !== 'string' || !/^\/[\x21-\x3a\x3c-\x7e]*$/.test(cookiePath)) {
    fail('cookiePath must be a path such as / or /api (no spaces or semicolons)');
  }
  if (!Number.isInteger(flowTtlSeconds) || flowTtlSeconds < 1 || flowTtlSeconds > 86_400) {
    fail('flowTtlSeconds must be a whole number of seconds from 1 to 86400');
  }
  if (cookieSecret === undefined) return undefined;
  const bytes = secretBytes(cookieSecret);
  if (bytes === undefined || bytes.byteLength < MIN_COOKIE_SECRET_BYTES) {
    fail(
      `cookieSecret must be at least ${MIN_COOKIE_SECRET_BYTES} random bytes (a string or Uint8Array; e.g. openssl rand -base64 32)`,
    );
  }
  return { sealer: flowSealer(bytes as Uint8Array), path: cookiePath, ttlSeconds: flowTtlSeconds };
}

/** A `fail` for option checks: throws a TypeError that starts with the function's name. */
export function failFor(name: string): (message: string) => never {
  return (message) => {
    throw new TypeError(`${name}: ${message}`);
  };
}

/** The options' `provider`, checked to be one the server helper knows. */
export function providerOf(options: unknown, fail: (message: string) => never): ServerProvider {
  if (typeof options !== 'object' || options === null) return fail('expected an options object');
  const provider = (options as { provider?: unknown }).provider as ServerProvider;
  if (!SERVER_PROVIDERS.includes(provider)) {
    return fail(`provider must be one of ${SERVER_PROVIDERS.join(', ')}, but got ${JSON.stringify(provider)}`);
  }
  return provider;
}

/** `allowedRedirectOrigins` as origins; throws through `fail` for an entry that is not one. */
function resolveOrigins(entries: unknown, fail: (message: string) => never): string[] {
  if (entries !== undefined && !Array.isArray(entries)) fail('allowedRedirectOrigins must be an array of origins');
  return ((entries as unknown[] | undefined) ?? []).map((entry) => {
    const origin = isHttpUrl(entry) ? new URL(entry).origin : undefined;
    return (
      origin ??
      fail(`allowedRedirectOrigins: expected origins such as https://shop.example, but got ${JSON.stringify(entry)}`)
    );
  });
}

const fieldValue = z.union([z.string(), z.number(), z.boolean(), z.undefined()]);

/** What each provider's fields must look like, wherever they come from. */
const FIELD_SCHEMAS: Record<SeedProvider, z.ZodType<AnyFields>> = {
  ultrapass: z.record(z.string(), fieldValue).and(z.object({ workflowKey: z.string().min(1).optional() })),
  fiskil: z
    .record(z.string(), fieldValue)
    .and(z.object({ end_user_id: z.string().min(1).optional(), institution_id: z.string().min(1).optional() })),
  complycube: z.record(z.string(), fieldValue).and(
    z.object({
      clientId: z.string().min(1).optional(),
      workflowTemplateId: z.string().min(1).optional(),
      theme: z.enum(['light', 'dark']).optional(),
      supportEmail: z.string().optional(),
      shortUrl: z.boolean().optional(),
    }),
  ),
  ulm: z.record(z.string(), fieldValue),
};

/** Checks provider fields; returns the names of the bad ones, or nothing. */
export function badFields(provider: SeedProvider, fields: unknown): string | undefined {
  const result = FIELD_SCHEMAS[provider].safeParse(fields);
  if (result.success) return undefined;
  return [...new Set(result.error.issues.map((issue) => issue.path.join('.') || '(fields)'))].join(', ');
}

/**
 * Checks the options once, when the handler is created, and throws a TypeError naming what is
 * wrong (never a secret's value).
 */
export function resolveOptions(options: SessionHandlerOptions): ResolvedOptions | ResolvedOidcOptions {
  const fail = failFor('createSessionHandler');
  const provider = providerOf(options, fail);
  const beforeCreate = options.beforeCreate as ResolvedOptions['beforeCreate'];
  if (beforeCreate !== undefined && typeof beforeCreate !== 'function') fail('beforeCreate must be a function');
  const allowedRedirectOrigins = resolveOrigins(options.allowedRedirectOrigins, fail);
  if (provider === 'oidc') return resolveOidcOptions(options as OidcSessionOptions, allowedRedirectOrigins, fail);
  options = options as Exclude<SessionHandlerOptions, OidcSessionOptions>;

  const spec = PROVIDERS[provider];
  const secret = options.secret;
  if (secret !== undefined && (typeof secret !== 'string' || secret === '')) {
    fail('secret must be a non-empty string');
  }
  if (spec.secretRequired && secret === undefined) {
    fail(`secret is required for ${provider} (set it from an environment variable on the server)`);
  }
  const baseUrl = options.baseUrl ?? spec.defaultBaseUrl;
  if (baseUrl === undefined) fail(`baseUrl is required for ${provider} (your ULM Cloud API URL)`);
  if (!isHttpUrl(baseUrl)) fail(`baseUrl must be an absolute http(s) URL, but got ${JSON.stringify(baseUrl)}`);
  if (spec.returnUrls !== undefined && allowedRedirectOrigins.length === 0) {
    fail(`allowedRedirectOrigins is required for ${provider}: the return URLs come from the browser`);
  }
  const fields: AnyFields = { ...(options.fields ?? {}) };
  const bad = badFields(provider, fields);
  if (bad !== undefined) fail(`fields: ${bad} not valid for ${provider}`);
  const missing = spec.requiredFields.filter((name) => fields[name] === undefined);
  if (beforeCreate === undefined && missing.length > 0) {
    fail(`${provider} needs ${missing.join(', ')}: set it in fields or return it from beforeCreate`);
  }
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  if (!Number.isFinite(timeoutMs) || timeoutMs <= 0) fail('timeoutMs must be a positive number of milliseconds');
  const binding = resolveBinding(options as FlowBindingOptions, fail);
  if (binding !== undefined && spec.returnCarries === undefined) {
    fail(`cookieSecret does nothing for ${provider}: it answers at once, with no return URL to confirm`);
  }
  return {
    provider,
    spec,
    secret,
    endpoint: endpointOf(baseUrl as string, spec.path),
    allowedRedirectOrigins,
    browserFields: spec.browserFields,
    requiredUrls: spec.returnUrls === undefined ? [] : ['redirectUrl', 'cancelUrl'],
    fields,
    beforeCreate,
    timeoutMs,
    binding,
  };
}

function resolveOidcOptions(
  options: OidcSessionOptions,
  allowedRedirectOrigins: string[],
  fail: (message: string) => never,
): ResolvedOidcOptions {
  const client = resolveOidcClient(options, fail);
  if (allowedRedirectOrigins.length === 0) {
    fail('allowedRedirectOrigins is required for oidc: the redirect_uri comes from the browser');
  }
  const binding = resolveBinding(options, fail);
  if (binding === undefined) {
    return fail('cookieSecret is required for oidc: the PKCE verifier and the nonce are kept in the flow cookie');
  }
  const parsed = oidcSessionSchema.safeParse(options);
  if (!parsed.success) return fail(issuesOf(parsed.error));
  return {
    provider: 'oidc',
    client,
    scope: parsed.data.scope,
    authorizationParams: parsed.data.authorizationParams,
    allowedRedirectOrigins,
    browserFields: [],
    requiredUrls: ['redirectUrl'],
    beforeCreate: options.beforeCreate as ResolvedOidcOptions['beforeCreate'],
    binding,
  };
}

export function isHttpUrl(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  try {
    const { protocol } = new URL(value);
    return protocol === 'https:' || protocol === 'http:';
  } catch {
    return false;
  }
}
