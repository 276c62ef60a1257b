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
  answer: EndpointAnswer,
): SessionAnswer {
  const value = readJsonAnswer(endpoint, answer, (status, raw) => {
    const info = readProviderError(provider, status, raw);
    const said = info.message === undefined ? '' : `: ${clip(info.message)}`;
    return new HostedAuthError({
      ...info,
      code: 'http',
      message: `the session endpoint ${endpoint} answered ${status}${said}`,
      status,
      raw,
    });
  });
  return readAnswer(provider, value);
}

/**
 * The JSON value of a 2xx answer from one of the merchant's endpoints. Any other status throws
 * what `failed` makes of it (given the body, as JSON when it is); a 2xx body that is not JSON
 * throws `invalid_response`.
 */
export function readJsonAnswer(
  endpoint: string,
  { response, text }: EndpointAnswer,
  failed: (status: number, raw: unknown) => HostedAuthError,
): unknown {
  const decoded = decodeJsonBody(text);
  const { status } = response;
  if (!response.ok) throw failed(status, decoded?.value ?? text);
  if (decoded === undefined) {
    const type = response.headers.get('content-type') ?? 'no content type';
    throw new HostedAuthError({
      code: 'invalid_response',
      message: `expected JSON from ${endpoint} but got ${clip(type, 60)}${text === '' ? ' (empty body)' : ''}`,
      status,
    });
  }
  return decoded.value;
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
