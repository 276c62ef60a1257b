import { HostedAuthError, toHostedAuthError } from '../errors.js';
import { requestFields } from '../session/request.js';
import { createState } from '../session/state.js';
import type { HostedSession, SessionAnswer } from '../session/types.js';
import type { FlowConfig } from './config.js';
import { unsupportedContext, windowClosedMode } from './context.js';
import { createDeadline } from './deadline.js';
import type { FlowResult, FlowView, Prefetched } from './host.js';
import { loadFlowParts } from './load-parts.js';
import { closeWindow, navigateWindow, openPopup, popupFeatures, showLoadingSoon } from './popup.js';
import { requestAnswer } from './prefetch.js';
import type { Outcome } from './outcome.js';
import type { FlowWindow } from './watch.js';

/** The reason a flow's signal is aborted with: how the flow ends (cancel, close, timeout). */
export class FlowEnd extends Error {
  constructor(readonly outcome: Outcome) {
    super('the flow ended');
  }
}

/** Ends a running flow with `outcome`: aborts its controller with it. */
export function endFlow(controller: AbortController, outcome: Outcome): void {
  controller.abort(new FlowEnd(outcome));
}

/**
 * One flow from click to outcome, top to bottom: opens the popup inside the click (before any
 * `await`), asks the backend, loads the flow's parts, shows the session, waits for how it ends
 * and hands that to `view.ended`. Aborting `controller` with a FlowEnd (cancel, close, removal)
 * ends it at any step, and disposes of whatever it opened or added at once; a timeout does the same.
 */
export async function runFlow(
  config: FlowConfig,
  view: FlowView,
  controller: AbortController,
  prefetched?: Prefetched,
): Promise<void> {
  const { signal } = controller;
  const disposers: (() => void)[] = [];
  // Rejects with the FlowEnd the controller is aborted with; every step below races it.
  const ended = new Promise<never>((_, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    disposers.push(() => signal.removeEventListener('abort', onAbort));
  });
  // Everything the flow adds is undone at once when it ends, also when it is ended from outside.
  const dispose = () => {
    for (const undo of disposers.splice(0).reverse()) undo();
  };
  signal.addEventListener('abort', dispose, { once: true });
  ended.catch(() => undefined);
  let session: HostedSession | undefined;
  const result = await steps().catch((error: unknown): FlowResult => {
    if (error instanceof FlowEnd) return { outcome: error.outcome, session };
    const failure = toHostedAuthError(error, { code: 'invalid_response', message: String(error) });
    return { outcome: { kind: 'error', error: failure }, session };
  });
  // Reported first, while the window or dialog is still up; then the request and the watcher are
  // aborted if they still run, and everything is disposed of (a no-op after an earlier end).
  view.ended(result);
  endFlow(controller, { kind: 'cancel', reason: 'aborted' });
  dispose();

  async function steps(): Promise<FlowResult> {
    // ULM answers without a hosted page: nothing to show, so no context to check or window to open.
    const shows = config.provider !== 'ulm';
    let mode = config.mode;
    if (shows) checkContext(mode, config);
    const state = prefetched?.state ?? createState();
    const ask = () => prefetched?.answer ?? requestAnswer({ ...requestFields(config), state, signal });
    let request: Promise<SessionAnswer> | undefined;
    let popup: Window | null = null;
    let stopLoading = () => {};
    if (shows && mode === 'popup') {
      // With the user's activation the browser lets the window open, so the request leaves first
      // and the tens of milliseconds `window.open` takes overlap it. Without it the window is
      // opened (or refused) first: a blocked popup creates no session.
      if (hasUserActivation()) {
        request = ask();
        // Raced below; a refused window ends the flow first, and its abort is then no unhandled rejection.
        request.catch(() => undefined);
      }
      // A name of its own, unrelated to the state: every page the popup shows can read it.
      popup = openPopup(`hosted-auth-session-${createState()}`, popupFeatures(config.popupWidth, config.popupHeight));
      if (popup) {
        const opened = popup;
        disposers.push(() => closeWindow(opened));
        stopLoading = showLoadingSoon(opened, view.loadingText, view.lang);
        disposers.push(stopLoading);
      } else if (config.fallback !== 'none') {
        mode = config.fallback;
        checkContext(mode, config);
      } else {
        // Ending the flow aborts a request already on its way.
        throw new HostedAuthError({
          code: 'popup_blocked',
          message: 'the browser blocked the popup; start the flow from a click, or set fallback="iframe"',
          retryable: true,
        });
      }
    }
    if (prefetched) disposers.push(() => prefetched.abort());
    let tick = () => {};
    if (config.timeout > 0) {
      const deadline = createDeadline(config.timeout, () =>
        endFlow(controller, { kind: 'error', error: timeout(config) }),
      );
      disposers.push(() => deadline.clear());
      tick = () => deadline.check();
    }

    const answer = await Promise.race([request ?? ask(), ended]);
    if (answer.kind === 'immediate')
      return { outcome: { kind: 'success', params: {}, result: answer.immediate.result } };
    session = answer.session;
    const parts = await Promise.race([loadFlowParts(), ended]);
    session.url = parts.checkSession(session, config);
    // The state the return URL must carry: the backend's own when it declared one.
    const flow = { state: session.state ?? state, sessionId: session.sessionId };

    if (mode === 'redirect') {
      view.opened(session);
      if (signal.aborted) return await ended;
      view.leaving();
      parts.leaveForFlow(flow.state, config, session);
      return await ended;
    }
    let target: FlowWindow;
    if (popup) {
      target = { popup };
    } else {
      // The iframe gets its src before it is inserted (no blank document first). The watcher
      // below starts in the same task, before any load or message of that page can arrive.
      disposers.push(() => view.hideFrame());
      const frame = view.showFrame(mode === 'inline' ? 'inline' : 'iframe', session.url, signal);
      target = { frame: await Promise.race([frame, ended]) };
    }
    disposers.push(() => view.setWaiting(false));
    const outcome = parts.watchWindow(
      target,
      {
        targets: config,
        flow,
        pollInterval: config.pollInterval,
        onWindowClosed: windowClosedMode(config.onWindowClosed),
        onWaiting: () => view.setWaiting(true),
        onTick: tick,
      },
      signal,
    );
    // A popup is watched first, then navigated: an instant redirect back is never missed.
    stopLoading();
    if (target.popup) navigateWindow(target.popup, session.url);
    // The page hears of the session once its hosted page is on its way, so that the page's own
    // listeners do not hold that page back.
    view.opened(session);
    const reached = await Promise.race([outcome, ended]);
    if (reached.kind !== 'success' || !config.confirmEndpoint) return { outcome: reached, session };
    view.confirming();
    const confirm = parts.confirmSuccess(reached, { ...config, confirmEndpoint: config.confirmEndpoint }, flow, signal);
    return { outcome: await Promise.race([confirm, ended]), session };
  }
}

/** Whether the page has the user's activation (a click being handled), when the browser says. */
function hasUserActivation(): boolean {
  return typeof navigator !== 'undefined' && navigator.userActivation?.isActive === true;
}

/** Fails with `config` (before anything opens or is asked) when this page cannot run the mode. */
function checkContext(mode: FlowConfig['mode'], config: FlowConfig): void {
  const refusal = unsupportedContext(mode, config.onWindowClosed);
  if (refusal !== undefined) throw new HostedAuthError({ code: 'config', message: refusal });
}

function timeout(config: FlowConfig): HostedAuthError {
  return new HostedAuthError({
    code: 'timeout',
    message: `the flow did not end within ${config.timeout} ms`,
    retryable: true,
  });
}
