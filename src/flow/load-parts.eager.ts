import * as parts from './parts.js';

/**
 * `loadFlowParts` of the script-tag bundle, which the build puts in place of load-parts.ts: that
 * bundle is one file, so the flow's parts are in it already and nothing is left to load.
 */
export function loadFlowParts(): Promise<typeof parts> {
  return Promise.resolve(parts);
}
