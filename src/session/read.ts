import { clip, HostedAuthError } from '../errors.js';
import type { ProviderErrorInfo } from './adapters/adapter.js';
import { adapters } from './adapters/all.js';
import { generic } from './adapters/generic.js';
import { defined, isRetryableStatus } from './adapters/parse.js';
import { decodeJsonBody } from './decode.js';
import type { EndpointAnswer } from './request.js';
import type { ProviderName, ProviderOption, SessionAnswer } from './types.js';

/**
 * Reads a 2xx payload: with the adapter of a named provider, or for `auto` with the first adapter
 * whose keys the payload has.
 */
export function readAnswer(provider: ProviderOption, value: unknown): SessionAnswer {
  const adapter =
    provider === 'auto'
      ? adapters.find((candidate) => candidate.recognises(value))
      : adapters.find((candidate) => candidate.name === provider);
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
export function readProviderError(
  provider: ProviderOption,
  status: number,
  value: unknown,
): ProviderErrorInfo & { provider?: ProviderName } {
  const adapter =
    provider === 'auto'
      ? adapters.find((candidate) => candidate.recognisesError(status, value))
      : adapters.find((candidate) => candidate.name === provider);
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
  { endpoint, provider }: { endpoint: string; provider: ProviderOption },
  { response, text }: EndpointAnswer,
): SessionAnswer {
  const decoded = decodeJsonBody(text);
  const { status } = response;
  if (!response.ok) {
    const raw = decoded?.value ?? text;
    const info = readProviderError(provider, status, raw);
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
  return readAnswer(provider, decoded.value);
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
