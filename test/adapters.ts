import { PROVIDER_NAMES, type ProviderName } from '../src/errors.js';
import type { ProviderAdapter, ProviderErrorInfo } from '../src/session/adapters/adapter.js';
import { loadAdapters } from '../src/session/adapters/load.js';
import { readAnswerWith, readProviderErrorWith } from '../src/session/read.js';
import type { ProviderOption, SessionAnswer } from '../src/session/types.js';

/** The adapters of every `provider` option, loaded as the element loads them. */
const loaded = new Map<ProviderOption, readonly ProviderAdapter[]>(
  await Promise.all(
    [...PROVIDER_NAMES, 'auto' as const].map(async (option) => [option, await loadAdapters(option)] as const),
  ),
);

function adaptersFor(provider: ProviderOption): readonly ProviderAdapter[] {
  const found = loaded.get(provider);
  if (found === undefined) throw new Error(`no adapters for ${provider}`);
  return found;
}

/** Every adapter, in the order `provider="auto"` tries them. */
export const adapters = adaptersFor('auto');

/** Reads a 2xx payload as the element does with this `provider` option. */
export function readAnswer(provider: ProviderOption, value: unknown): SessionAnswer {
  return readAnswerWith(adaptersFor(provider), provider, value);
}

/** Reads a non-2xx body as the element does with this `provider` option. */
export function readProviderError(
  provider: ProviderOption,
  status: number,
  value: unknown,
): ProviderErrorInfo & { provider?: ProviderName } {
  return readProviderErrorWith(adaptersFor(provider), provider, status, value);
}
