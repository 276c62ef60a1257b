import type { ProviderAdapter } from './adapter.js';
import { complycube } from './complycube.js';
import { fiskil } from './fiskil.js';
import { generic } from './generic.js';
import { ulm } from './ulm.js';
import { ultrapass } from './ultrapass.js';

/** Every adapter, in the order `provider="auto"` tries them (most specific keys first). */
export const adapters: readonly ProviderAdapter[] = [ultrapass, fiskil, complycube, ulm, generic];
