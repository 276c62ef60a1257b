import { HostedAuthError } from '../errors.js';
import { readAnswer, readProviderError } from './adapters/index.js';
import { clip, decodeJsonBody } from './decode.js';
import type { ProviderOption, SessionAnswer } from './types.js';

export interface SessionRequest {
  endpoint: string;
  provider: ProviderOption;
  redirectUrl?: string;
  cancelUrl?: string;
  state: string;
  /** Extra JSON fields merged into the body. */
  body?: Record<string, unknown>;
  headers?: Record<string, string>;
  credentials?: RequestCredentials;
  signal: AbortSignal;
}

/** Builds the JSON body of SPEC §4: return URLs, `state`, then the merchant's own fields. */
export function requestBody(request: Omit<SessionRequest, 'signal' | 'endpoint' | 'provider'>) {
  return {
    ...(request.redirectUrl ? { redirectUrl: request.redirectUrl } : {}),
    ...(request.cancelUrl ? { cancelUrl: request.cancelUrl } : {}),
    state: request.state,
    ...request.body,
  };
}

/**
 * POSTs to the merchant endpoint and reads its answer with the provider adapter. Throws
 * HostedAuthError (`network`, `http`, `invalid_response`, `incomplete`) or the signal's AbortError.
 */
export async function requestSession(request: SessionRequest): Promise<SessionAnswer> {
  const headers = new Headers(request.headers);
  headers.set('Content-Type', 'application/json');
  headers.set('Accept', 'application/json');
  let response: Response;
  try {
    response = await fetch(request.endpoint, {
      method: 'POST',
      headers,
      body: JSON.stringify(requestBody(request)),
      credentials: request.credentials ?? 'same-origin',
      signal: request.signal,
    });
  } catch (error) {
    if (request.signal.aborted) throw error;
    throw new HostedAuthError({
      code: 'network',
      message: `could not reach the session endpoint ${request.endpoint}`,
      retryable: true,
      cause: error,
    });
  }
  let text: string;
  try {
    text = await response.text();
  } catch (error) {
    if (request.signal.aborted) throw error;
    throw new HostedAuthError({
      code: 'network',
      message: `the answer from ${request.endpoint} was cut off`,
      retryable: true,
      cause: error,
    });
  }
  const decoded = decodeJsonBody(text);
  if (!response.ok) {
    const info = readProviderError(request.provider, response.status, decoded?.value ?? text);
    const said = info.message === undefined ? '' : `: ${clip(info.message)}`;
    throw new HostedAuthError({
      code: 'http',
      message: `the session endpoint ${request.endpoint} answered ${response.status}${said}`,
      status: response.status,
      retryable: info.retryable ?? false,
      ...(info.provider === undefined ? {} : { provider: info.provider }),
      ...(info.providerCode === undefined ? {} : { providerCode: info.providerCode }),
      ...(info.param === undefined ? {} : { param: info.param }),
      raw: decoded?.value ?? text,
    });
  }
  if (decoded === undefined) {
    const type = response.headers.get('content-type') ?? 'no content type';
    throw new HostedAuthError({
      code: 'invalid_response',
      message: `expected JSON from ${request.endpoint} but got ${clip(type, 60)}${
        text === '' ? ' (empty body)' : ''
      }`,
      status: response.status,
    });
  }
  return readAnswer(request.provider, decoded.value);
}
