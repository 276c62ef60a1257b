import { PROVIDER_NAMES, type ProviderName } from '../../errors.js';
import type { ProviderOption, SessionAnswer } from '../types.js';
import type { ProviderAdapter, ProviderErrorInfo } from './adapter.js';
import { adapters } from './all.js';
import { generic } from './generic.js';
import { readAnswerWith, readProviderErrorWith } from '../read.js';

export type { ProviderAdapter, ProviderErrorInfo } from './adapter.js';
export { isRetryableStatus } from './parse.js';

export { adapters } from './all.js';

/** The provider names (defined in errors.ts, where the element's code can use them without the adapters). */
export const providerNames: readonly ProviderName[] = PROVIDER_NAMES;

export function adapterFor(name: ProviderName): ProviderAdapter {
  return adapters.find((adapter) => adapter.name === name) ?? generic;
}

/** Reads a 2xx payload with the named adapter, or the one whose keys it has for `auto`. */
export function readAnswer(provider: ProviderOption, value: unknown): SessionAnswer {
  return readAnswerWith(provider === 'auto' ? adapters : [adapterFor(provider)], provider, value);
}

/** Reads a non-2xx body: the provider's own code and message, and whether to retry. */
export function readProviderError(
  provider: ProviderOption,
  status: number,
  value: unknown,
): ProviderErrorInfo & { provider?: ProviderName } {
  return readProviderErrorWith(provider === 'auto' ? adapters : [adapterFor(provider)], provider, status, value);
}
