import { HostedAuthError } from '../errors.js';
import type { ProviderOption } from './types.js';

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

/** The request fields of a checked configuration: all but the flow's own `state` and `signal`. */
export function requestFields({
  endpoint,
  provider,
  redirectUrl,
  cancelUrl,
  body,
  headers,
  credentials,
}: Omit<SessionRequest, 'state' | 'signal'>): Omit<SessionRequest, 'state' | 'signal'> {
  return { endpoint, provider, redirectUrl, cancelUrl, body, headers, credentials };
}

/** Builds the JSON body the endpoint receives: return URLs, `state`, then the merchant's own fields. */
export function requestBody(request: Omit<SessionRequest, 'signal' | 'endpoint' | 'provider'>) {
  return {
    ...(request.redirectUrl ? { redirectUrl: request.redirectUrl } : {}),
    ...(request.cancelUrl ? { cancelUrl: request.cancelUrl } : {}),
    state: request.state,
    ...request.body,
  };
}

/** The endpoint's answer as it arrived: read by the provider adapters once they have loaded. */
export interface EndpointAnswer {
  response: Pick<Response, 'ok' | 'status' | 'headers'>;
  text: string;
}

/**
 * POSTs to the merchant endpoint and returns its answer unread. Throws HostedAuthError `network`
 * for a failed or cut-off transfer, or the signal's AbortError.
 */
export function fetchSession(request: SessionRequest): Promise<EndpointAnswer> {
  return postJson(request.endpoint, requestBody(request), request, 'the session endpoint');
}

/**
 * POSTs `body` as JSON to one of the merchant's endpoints (`what` names it in errors) and returns
 * the answer unread. Throws `network` for a failed or cut-off transfer, or the signal's AbortError.
 */
export async function postJson(
  url: string,
  body: unknown,
  options: Pick<SessionRequest, 'headers' | 'credentials' | 'signal'>,
  what: string,
): Promise<EndpointAnswer> {
  const { signal } = options;
  // A failed or cut-off transfer is `network` (retryable); our own abort stays an AbortError.
  const network = (error: unknown, message: string) => {
    if (signal.aborted) throw error;
    throw new HostedAuthError({ code: 'network', message, retryable: true, cause: error });
  };
  const headers = new Headers(options.headers);
  headers.set('Content-Type', 'application/json');
  headers.set('Accept', 'application/json');
  const response = await fetch(url, {
    method: 'POST',
    headers,
    body: JSON.stringify(body),
    credentials: options.credentials ?? 'same-origin',
    signal,
  }).catch((error: unknown) => network(error, `could not reach ${what} ${url}`));
  const text = await response.text().catch((error: unknown) => network(error, `the answer from ${url} was cut off`));
  return { response, text };
}
