import { loadError } from '../errors.js';

export type FlowParts = typeof import('./parts.js');

let loading: Promise<FlowParts> | undefined;

/**
 * Loads what a flow needs after the backend has answered — once the button is seen on an idle
 * page, on the user's intent (pointer, focus, touch) or when a flow starts, whichever comes
 * first. A failed load is tried again next time.
 */
export function loadFlowParts(): Promise<FlowParts> {
  loading ??= import('./parts.js').catch((error: unknown) => {
    loading = undefined;
    throw loadError(error);
  });
  return loading;
}
