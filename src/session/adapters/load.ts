import type { ProviderOption } from '../types.js';
import type { ProviderAdapter } from './adapter.js';

/** Each provider's adapter module (every one exports `adapters`), and all of them for `auto`. */
const MODULES: Record<ProviderOption, () => Promise<{ adapters: readonly ProviderAdapter[] }>> = {
  ultrapass: () => import('./ultrapass.js'),
  fiskil: () => import('./fiskil.js'),
  complycube: () => import('./complycube.js'),
  ulm: () => import('./ulm.js'),
  generic: () => import('./generic.js'),
  auto: () => import('./all.js'),
};

/**
 * The adapters a `provider` option needs, loaded on demand: a named provider's alone, or every
 * adapter for `auto`. A page that names its provider never downloads the others.
 */
export async function loadAdapters(provider: ProviderOption): Promise<readonly ProviderAdapter[]> {
  return (await MODULES[provider]()).adapters;
}
