import { z } from 'zod';
import { endpointOf, PROVIDERS, SERVER_PROVIDERS, type ProviderSpec, type ServerProvider } from './providers.js';

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

/** Options of `createSessionHandler()`: `provider` picks which fields apply (see the README's option table). */
export type SessionHandlerOptions =
  | ({ provider: 'ultrapass' } & CommonOptions<UltrapassFields>)
  | ({ provider: 'fiskil' } & CommonOptions<FiskilFields>)
  | ({ provider: 'complycube' } & CommonOptions<ComplyCubeFields>)
  | ({ provider: 'ulm' } & CommonOptions<UlmFields>);

export type AnyFields = Record<string, FieldValue | undefined>;

/** The options after checking, with defaults applied. */
export interface ResolvedOptions {
  provider: ServerProvider;
  spec: ProviderSpec;
  secret: string | undefined;
  endpoint: string;
  allowedRedirectOrigins: readonly string[];
  fields: AnyFields;
  beforeCreate: ((request: Request, body: BrowserRequestBody) => unknown) | undefined;
  timeoutMs: number;
}

export const DEFAULT_TIMEOUT_MS = 10_000;

const fieldValue = z.union([z.string(), z.number(), z.boolean(), z.undefined()]);

/** What each provider's fields must look like, wherever they come from. */
const FIELD_SCHEMAS: Record<ServerProvider, z.ZodType<AnyFields>> = {
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
export function badFields(provider: ServerProvider, fields: unknown): string | undefined {
  const result = FIELD_SCHEMAS[provider].safeParse(fields);
  if (result.success) return undefined;
  return [...new Set(result.error.issues.map((issue) => issue.path.join('.') || '(fields)'))].join(', ');
}

/**
 * Checks the options once, when the handler is created, and throws a TypeError naming what is
 * wrong (never the secret's value).
 */
export function resolveOptions(options: SessionHandlerOptions): ResolvedOptions {
  const fail = (message: string): never => {
    throw new TypeError(`createSessionHandler: ${message}`);
  };
  if (typeof options !== 'object' || options === null) return fail('expected an options object');
  const provider = options.provider;
  if (!SERVER_PROVIDERS.includes(provider)) {
    return fail(`provider must be one of ${SERVER_PROVIDERS.join(', ')}, but got ${JSON.stringify(provider)}`);
  }
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
  const allowedRedirectOrigins = (options.allowedRedirectOrigins ?? []).map((entry) => {
    const origin = isHttpUrl(entry) ? new URL(entry).origin : undefined;
    return (
      origin ??
      fail(`allowedRedirectOrigins: expected origins such as https://shop.example, but got ${JSON.stringify(entry)}`)
    );
  });
  if (spec.returnUrls !== undefined && allowedRedirectOrigins.length === 0) {
    fail(`allowedRedirectOrigins is required for ${provider}: the return URLs come from the browser`);
  }
  const fields: AnyFields = { ...(options.fields ?? {}) };
  const bad = badFields(provider, fields);
  if (bad !== undefined) fail(`fields: ${bad} not valid for ${provider}`);
  const beforeCreate = options.beforeCreate as ResolvedOptions['beforeCreate'];
  if (beforeCreate !== undefined && typeof beforeCreate !== 'function') fail('beforeCreate must be a function');
  const missing = spec.requiredFields.filter((name) => fields[name] === undefined);
  if (beforeCreate === undefined && missing.length > 0) {
    fail(`${provider} needs ${missing.join(', ')}: set it in fields or return it from beforeCreate`);
  }
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  if (!Number.isFinite(timeoutMs) || timeoutMs <= 0) fail('timeoutMs must be a positive number of milliseconds');
  return {
    provider,
    spec,
    secret,
    endpoint: endpointOf(baseUrl as string, spec.path),
    allowedRedirectOrigins,
    fields,
    beforeCreate,
    timeoutMs,
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
