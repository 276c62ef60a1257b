import { originOf } from '../session/origins.js';
import { classifyUrl, flowOfUrl, stateMismatch, type FlowIdentity, type ReturnUrls, type UrlOutcome } from './match.js';
import { CHANNEL_NAME } from '../protocol.js';
import { readCompleteMessage } from './message.js';
import type { WindowClosedMode } from './config.js';
import { isClosed, readLocation } from './popup.js';

/** How a watched flow ended: a return URL was reached, or the popup reads as closed. */
export type WatchOutcome = UrlOutcome | { kind: 'closed' };

/** The flow's window: a popup (watched for `closed` and on the BroadcastChannel too), or an iframe. */
export type FlowWindow = { popup: Window; frame?: undefined } | { frame: HTMLIFrameElement; popup?: undefined };

export interface WatchOptions {
  targets: ReturnUrls;
  /** The state (or provider session id) a return URL must carry to be this flow's. */
  flow: FlowIdentity;
  pollInterval: number;
  onWindowClosed: WindowClosedMode;
  /** How long a completion message may still arrive after the popup reads as closed. */
  closeGraceMs?: number;
  /** Called once when the popup reads as closed and the flow waits for the channel instead. */
  onWaiting?(): void;
  /** Called on each poll tick (the flow checks its deadline there). */
  onTick?(): void;
}

export const DEFAULT_CLOSE_GRACE_MS = 500;

/**
 * With `on-window-closed="auto"`: a popup that reads as closed within this long of being sent to
 * the provider was cut off by the provider's page as it loaded (no person closes a window that
 * fast), so the flow waits for the channel; later, it was closed, so the flow is cancelled.
 */
export const AUTO_WAIT_MS = 3000;
const MIN_POLL_INTERVAL = 16;

/**
 * The origins a completion message may come from: those of the return URLs. Compared with
 * `includes` (string equality), never a prefix: `http://localhost:41000` is not `…:4100`.
 */
export function returnOrigins(targets: ReturnUrls): string[] {
  return [targets.redirectUrl, targets.cancelUrl]
    .map((url) => (url ? originOf(url) : undefined))
    .filter((origin): origin is string => origin !== undefined);
}

/**
 * Watches a flow window through every channel it can report on — callback message, location
 * polling, iframe `load`, BroadcastChannel — and resolves with the first outcome. Everything it
 * adds is removed when it resolves or when `signal` aborts (then it never resolves).
 */
export function watchWindow(target: FlowWindow, options: WatchOptions, signal: AbortSignal): Promise<WatchOutcome> {
  return new Promise((resolve) => watch(target, options, signal, resolve));
}

function watch(
  { popup, frame }: FlowWindow,
  options: WatchOptions,
  signal: AbortSignal,
  onOutcome: (outcome: WatchOutcome) => void,
): void {
  const { targets, flow } = options;
  // The popup is sent to the provider right after this starts. A popup already closed by then
  // was closed by a person (no provider page has run in it yet): `auto` cancels then.
  const sentAt = Date.now();
  const mode = options.onWindowClosed === 'auto' && popup && isClosed(popup) ? 'cancel' : options.onWindowClosed;
  const waits = () => mode === 'wait' || (mode === 'auto' && Date.now() - sentAt < AUTO_WAIT_MS);
  const current = () => popup ?? frame?.contentWindow ?? null;
  const messageOrigins = returnOrigins(targets);
  let stopped = false;
  let interval = 0;
  let graceTimer = 0;
  let waiting = false;
  let channel: BroadcastChannel | undefined;

  const finish = (outcome: WatchOutcome) => {
    if (stopped) return;
    stop();
    onOutcome(outcome);
  };

  // A URL read from the flow's own window: without a state it is ours; with another one, a mix-up.
  const report = (url: string) => {
    const outcome = classifyUrl(url, targets);
    if (outcome) finish(flowOfUrl(url, flow) === 'other-state' ? stateMismatch(url) : outcome);
  };

  const handleMessage = (event: MessageEvent) => {
    const win = current();
    if (!win || event.source !== win) return;
    if (!messageOrigins.includes(event.origin)) return;
    const url = readCompleteMessage(event.data);
    if (url === undefined || originOf(url) !== event.origin) return;
    report(url);
  };

  // The channel reaches every tab of the origin, and any page can load a return URL: only a
  // report that carries this flow's state (or session id) is this flow's.
  const handleChannelMessage = (event: MessageEvent) => {
    const url = readCompleteMessage(event.data);
    if (url !== undefined && flowOfUrl(url, flow) === 'own') report(url);
  };

  const handleLoad = () => {
    const href = readLocation(frame?.contentWindow);
    if (href) report(href);
  };

  const handleClosed = () => {
    if (waits()) {
      if (!waiting) {
        waiting = true;
        window.clearInterval(interval);
        options.onWaiting?.();
      }
      return;
    }
    if (graceTimer === 0) {
      window.clearInterval(interval);
      graceTimer = window.setTimeout(() => finish({ kind: 'closed' }), options.closeGraceMs ?? DEFAULT_CLOSE_GRACE_MS);
    }
  };

  const tick = () => {
    options.onTick?.();
    if (stopped) return;
    const href = readLocation(current());
    if (href) report(href);
    if (!stopped && popup && isClosed(popup)) handleClosed();
  };

  function stop() {
    if (stopped) return;
    stopped = true;
    window.clearInterval(interval);
    window.clearTimeout(graceTimer);
    window.removeEventListener('message', handleMessage);
    frame?.removeEventListener('load', handleLoad);
    if (channel) {
      channel.removeEventListener('message', handleChannelMessage);
      channel.close();
    }
    signal.removeEventListener('abort', stop);
  }

  window.addEventListener('message', handleMessage);
  frame?.addEventListener('load', handleLoad);
  if (popup && typeof BroadcastChannel === 'function') {
    channel = new BroadcastChannel(CHANNEL_NAME);
    channel.addEventListener('message', handleChannelMessage);
  }
  interval = window.setInterval(tick, Math.max(MIN_POLL_INTERVAL, options.pollInterval || 0));
  signal.addEventListener('abort', stop);
  if (signal.aborted) stop();
}
