import type { FlowConfig } from './config.js';
import { loadFlowParts } from './load-parts.js';
import type { Outcome } from './outcome.js';
import { hasPendingFlow } from './pending.js';
import type { HostedSession } from '../session/types.js';

/**
 * On a return page of `mode="redirect"`: the outcome of the pending flow this page ends, once the
 * document has parsed (so listeners the page's own scripts add still hear it), or undefined when
 * this page ends no flow of this tab or `signal` aborted first. `config` is read then, not before.
 * With a confirm endpoint, a success is confirmed first (`confirming` is called as that starts).
 */
export async function pendingReturn(
  config: () => FlowConfig | undefined,
  signal: AbortSignal,
  confirming: () => void,
): Promise<{ outcome: Outcome; session: HostedSession } | undefined> {
  await parsed(signal);
  if (signal.aborted || !hasPendingFlow()) return undefined;
  const targets = config();
  if (!targets || (!targets.redirectUrl && !targets.cancelUrl)) return undefined;
  const { returnOutcome } = await loadFlowParts();
  const found = signal.aborted ? undefined : await returnOutcome(targets, signal, confirming);
  return signal.aborted ? undefined : found;
}

/** Resolves in a task after the document has parsed, or when `signal` aborts. */
function parsed(signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    let timer = 0;
    const done = () => {
      document.removeEventListener('DOMContentLoaded', later);
      signal.removeEventListener('abort', stop);
      resolve();
    };
    const later = () => {
      timer = window.setTimeout(done, 0);
    };
    const stop = () => {
      window.clearTimeout(timer);
      done();
    };
    signal.addEventListener('abort', stop, { once: true });
    if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', later, { once: true });
    else later();
  });
}
