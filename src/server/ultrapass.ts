import { z } from 'zod';
import { clip } from '../errors.js';
import { decodeJsonBody } from '../session/decode.js';
import { DEFAULT_TIMEOUT_MS, isHttpUrl } from './options.js';
import { callProvider } from './provider-call.js';
import { endpointOf, PROVIDERS } from './providers.js';
import { redact } from './redact.js';

/** UltrapassId's cached workflow session (`GET /uauth/session/{sessionId}`). */
/** UltrapassId's `GET /uauth/session/{sessionId}` answer, parsed. */
export interface UltrapassCachedSession {
  /** The UAuthFlow the session ran. */
  workflowKey: string;
  /** The policy UltrapassId applied. */
  policyId: string;
  /** Where UltrapassId sends the user when the flow ends (set per UAuthFlow in its portal). */
  clientRedirectUrl: string;
}

/** Options of `getSession()`. */
export interface GetSessionOptions {
  /** The organization key (sent as `x-upid-organization-key`). */
  secret: string;
  /** Defaults to the UltrapassId client API from its documents. */
  baseUrl?: string | undefined;
  /** Default 10 000 ms. */
  timeoutMs?: number;
  /** Aborts the request (it then fails as `unreachable`). */
  signal?: AbortSignal;
}

/** Why a provider call made on the server failed. Its message never holds the secret. */
export class ProviderRequestError extends Error {
  /** Always `ProviderRequestError`. */
  override name = 'ProviderRequestError';
  /** `http`: the provider answered non-2xx (see `status`, `body`); the others: no usable answer. */
  kind: 'http' | 'unreachable' | 'timeout' | 'invalid_response';
  /** The provider's HTTP status, when it answered. */
  status?: number;
  /** The provider's error body, parsed (UltrapassId's are JSON strings). */
  body?: unknown;

  /** Creates the error; `status` and `body` only when the provider answered. */
  constructor(kind: ProviderRequestError['kind'], message: string, status?: number, body?: unknown) {
    super(message);
    this.kind = kind;
    if (status !== undefined) this.status = status;
    if (body !== undefined) this.body = body;
  }
}

const sessionSchema = z.looseObject({
  workflowKey: z.string(),
  policyId: z.string(),
  clientRedirectUrl: z.string(),
});

/**
 * UltrapassId `GET /uauth/session/{sessionId}`: the cached workflow session, parsed from the
 * JSON string holding JSON that the API answers. Throws ProviderRequestError on 400 / 424 or
 * any other failure, and TypeError, before any request, for a missing secret or a sessionId
 * that is empty, `.`, `..` or holds `/ ? # \ %` or control characters.
 */
export async function getSession(sessionId: string, options: GetSessionOptions): Promise<UltrapassCachedSession> {
  if (typeof sessionId !== 'string' || sessionId === '') throw new TypeError('getSession: sessionId is required');
  if (!isPathSegment(sessionId)) {
    throw new TypeError('getSession: sessionId must not be . or .. nor hold / ? # \\ % or control characters');
  }
  if (typeof options?.secret !== 'string' || options.secret === '') {
    throw new TypeError('getSession: secret (the organization key) is required');
  }
  const spec = PROVIDERS.ultrapass;
  const baseUrl = options.baseUrl ?? (spec.defaultBaseUrl as string);
  if (!isHttpUrl(baseUrl)) throw new TypeError('getSession: baseUrl must be an absolute http(s) URL');
  const [header, value] = spec.credentialHeader(options.secret);
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const outcome = await callProvider({
    url: endpointOf(baseUrl, `${spec.path}/${encodeURIComponent(sessionId)}`),
    method: 'GET',
    headers: { Accept: 'application/json', [header]: value },
    timeoutMs,
    ...(options.signal === undefined ? {} : { signal: options.signal }),
  });
  switch (outcome.kind) {
    case 'timeout':
      throw new ProviderRequestError('timeout', `UltrapassId did not answer within ${timeoutMs} ms`);
    case 'unreachable':
      throw new ProviderRequestError('unreachable', 'could not reach UltrapassId');
    case 'bad_answer':
      throw new ProviderRequestError('invalid_response', `UltrapassId ${outcome.reason}`);
    case 'answer':
      break;
  }
  const text = redact(outcome.text, options.secret);
  const decoded = decodeJsonBody(text)?.value;
  if (outcome.status < 200 || outcome.status > 299) {
    const said = typeof decoded === 'string' ? `: ${clip(decoded)}` : '';
    throw new ProviderRequestError(
      'http',
      `UltrapassId answered ${outcome.status}${said}`,
      outcome.status,
      decoded ?? text,
    );
  }
  const parsed = sessionSchema.safeParse(decoded);
  if (!parsed.success) {
    throw new ProviderRequestError(
      'invalid_response',
      'expected { workflowKey, policyId, clientRedirectUrl } from UltrapassId',
      outcome.status,
      decoded ?? text,
    );
  }
  return parsed.data;
}

/**
 * Whether an id stays one segment of the provider path: `encodeURIComponent` keeps dots (and
 * the URL parser collapses `.` / `..`), and a separator, an escape or a control character could
 * read differently to the provider, so those ids are refused rather than encoded.
 */
function isPathSegment(id: string): boolean {
  // eslint-disable-next-line no-control-regex
  return id !== '.' && id !== '..' && !/[/?#\\%\u0000-\u001f\u007f-\u009f]/.test(id);
}
