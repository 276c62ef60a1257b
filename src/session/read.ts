import { HostedAuthError, type ProviderName } from '../errors.js';
import type { ProviderAdapter, ProviderErrorInfo } from './adapters/adapter.js';
import { generic } from './adapters/generic.js';
import { defined, isRetryableStatus } from './adapters/parse.js';
import { clip, decodeJsonBody } from './decode.js';
import type { ProviderOption, SessionAnswer } from './types.js';

/**
 * Reading the merchant endpoint's answer: loaded when a flow (or a prefetch) asks for a session,
 * while the request is on its way, together with the adapters the `provider` option needs
 * (session/adapters/load.ts). Pages that never start a flow never load it.
 */

/**
 * Reads a 2xx payload: with the one adapter of a named provider, or for `auto` with the first
 * of `adapters` whose keys the payload has.
 */
export function readAnswerWith(
  adapters: readonly ProviderAdapter[],
  provider: ProviderOption,
  value: unknown,
): SessionAnswer {
  const adapter = provider === 'auto' ? adapters.find((candidate) => candidate.recognises(value)) : adapters[0];
  if (adapter === undefined) {
    throw new HostedAuthError({
      code: 'invalid_response',
      message: 'expected getSessionUrl, auth_url, redirectUrl, url or a ULM result, but got ' + describe(value),
      raw: value,
    });
  }
  return adapter.readAnswer(value);
}

/** Reads a non-2xx body: the provider's own code and message, and whether to retry. */
export function readProviderErrorWith(
  adapters: readonly ProviderAdapter[],
  provider: ProviderOption,
  status: number,
  value: unknown,
): ProviderErrorInfo & { provider?: ProviderName } {
  const adapter =
    provider === 'auto' ? adapters.find((candidate) => candidate.recognisesError(status, value)) : adapters[0];
  const info = adapter?.readError(status, value) ?? {};
  return defined({
    ...generic.readError(status, value),
    ...info,
    retryable: info.retryable ?? isRetryableStatus(status),
    provider: adapter === generic ? undefined : adapter?.name,
  });
}

/**
 * Reads the endpoint's answer: a session or an immediate result from a 2xx JSON body;
 * throws HostedAuthError `http` for any other status, `invalid_response` for a body that is not
 * JSON or not a session, `incomplete` for a ULM process with more steps.
 */
export function readResponse(
  adapters: readonly ProviderAdapter[],
  { endpoint, provider }: { endpoint: string; provider: ProviderOption },
  response: Pick<Response, 'ok' | 'status' | 'headers'>,
  text: string,
): SessionAnswer {
  const decoded = decodeJsonBody(text);
  const { status } = response;
  if (!response.ok) {
    const raw = decoded?.value ?? text;
    const info = readProviderErrorWith(adapters, provider, status, raw);
    const said = info.message === undefined ? '' : `: ${clip(info.message)}`;
    throw new HostedAuthError({
      ...info,
      code: 'http',
      message: `the session endpoint ${endpoint} answered ${status}${said}`,
      status,
      raw,
    });
  }
  if (decoded === undefined) {
    const type = response.headers.get('content-type') ?? 'no content type';
    throw new HostedAuthError({
      code: 'invalid_response',
      message: `expected JSON from ${endpoint} but got ${clip(type, 60)}${text === '' ? ' (empty body)' : ''}`,
      status,
    });
  }
  return readAnswerWith(adapters, provider, decoded.value);
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') {
    const keys = Object.keys(value)
      .slice(0, 8)
      .map((key) => clip(key, 40));
    return keys.length === 0 ? 'an empty object' : `an object with ${keys.join(', ')}`;
  }
  return `a ${typeof value}`;
}
