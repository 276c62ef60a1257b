import { HostedAuthError, type ProviderName } from '../../errors.js';
import type { ProviderOption, SessionAnswer } from '../types.js';
import type { ProviderAdapter, ProviderErrorInfo } from './adapter.js';
import { complycube } from './complycube.js';
import { fiskil } from './fiskil.js';
import { generic } from './generic.js';
import { defined, isRetryableStatus } from './schema.js';
import { ulm } from './ulm.js';
import { ultrapass } from './ultrapass.js';

export type { ProviderAdapter, ProviderErrorInfo } from './adapter.js';
export { isRetryableStatus } from './schema.js';

/** Every adapter, in the order `auto` tries them (most specific keys first). */
export const adapters: readonly ProviderAdapter[] = [ultrapass, fiskil, complycube, ulm, generic];

export const providerNames: readonly ProviderName[] = adapters.map((adapter) => adapter.name);

export function adapterFor(name: ProviderName): ProviderAdapter {
  return adapters.find((adapter) => adapter.name === name) ?? generic;
}

/** Reads a 2xx payload with the named adapter, or the one whose keys it has for `auto`. */
export function readAnswer(provider: ProviderOption, value: unknown): SessionAnswer {
  if (provider !== 'auto') return adapterFor(provider).readAnswer(value);
  const adapter = adapters.find((candidate) => candidate.recognises(value));
  if (adapter === undefined) {
    throw new HostedAuthError({
      code: 'invalid_response',
      message:
        'expected a session from the endpoint (getSessionUrl, auth_url, redirectUrl, url or a ULM result), but got ' +
        describe(value),
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
    provider === 'auto' ? adapters.find((candidate) => candidate.recognisesError(status, value)) : adapterFor(provider);
  const info = adapter?.readError(status, value) ?? {};
  return defined({
    ...generic.readError(status, value),
    ...info,
    retryable: info.retryable ?? isRetryableStatus(status),
    provider: adapter === generic ? undefined : adapter?.name,
  });
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') {
    const keys = Object.keys(value).slice(0, 8);
    return keys.length === 0 ? 'an empty object' : `an object with ${keys.join(', ')}`;
  }
  return `a ${typeof value}`;
}
