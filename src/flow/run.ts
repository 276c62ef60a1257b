import { HostedAuthError, toHostedAuthError } from '../errors.js';
import {
  EVENT_CANCEL,
  EVENT_CREATED,
  EVENT_ERROR,
  EVENT_SUCCESS,
  type CancelReason,
  type HostedAuthResult,
} from '../events.js';
import { requestFields } from '../session/request.js';
import { createState } from '../session/state.js';
import type { HostedSession } from '../session/types.js';
import type { DisplayMode, FlowConfig } from './config.js';
import type { FlowHost, Prefetched } from './host.js';
import { createDeadline } from './deadline.js';
import { loadFlowParts } from './load-parts.js';
import { requestAnswer } from './prefetch.js';
import { unsupportedContext } from './context.js';
import { closeWindow, openPopup, popupFeatures, showLoading } from './popup.js';
import type { WatchOutcome } from './watch.js';

/** How a flow ended: what the watcher reports, or an immediate result, an abort, an error. */
export type Outcome =
  | WatchOutcome
  | { kind: 'success'; params: Record<string, string>; result?: unknown }
  | { kind: 'cancel'; reason: CancelReason }
  | { kind: 'error'; error: HostedAuthError };

/**
 * Reports how a flow ended — the status first, then the event, so listeners see the final state —
 * and returns what `start()` settles with: the result, or the error to reject with. Also used by
 * a `mode="redirect"` return page, which reports the flow it finds in storage.
 */
export function announce(
  host: Pick<FlowHost, 'setStatus' | 'emit'>,
  outcome: Outcome,
  session?: HostedSession,
): HostedAuthResult | HostedAuthError {
  if (outcome.kind === 'error') {
    const { error } = outcome;
    if (session && error.session === undefined) error.session = session;
    host.setStatus('error');
    host.emit(EVENT_ERROR, error.toDetail());
    return error;
  }
  const { kind: status, ...fields } =
    outcome.kind === 'closed' ? ({ kind: 'cancel', reason: 'closed' } as const) : outcome;
  const detail = session ? { ...fields, session } : fields;
  host.setStatus(status);
  host.emit(status === 'success' ? EVENT_SUCCESS : EVENT_CANCEL, detail);
  return { status, ...detail } as HostedAuthResult;
}

/**
 * One flow from click to outcome: opens the popup synchronously, asks the backend for a session,
 * shows it, watches for the end and cleans up everything it added. Reports exactly one outcome.
 */
export class FlowRun {
  readonly promise: Promise<HostedAuthResult>;
  private resolve!: (result: HostedAuthResult) => void;
  private reject!: (error: HostedAuthError) => void;
  private readonly controller = new AbortController();
  private readonly state: string;
  private readonly prefetched: Prefetched | undefined;
  private settled = false;
  private redirecting = false;
  private mode: DisplayMode;
  private popup: Window | null = null;
  private session: HostedSession | undefined;
  private watcher: { stop(): void } | undefined;
  private deadline: { check(): void; clear(): void } | undefined;

  constructor(
    private readonly config: FlowConfig,
    private readonly host: FlowHost,
  ) {
    this.mode = config.mode;
    this.prefetched = host.takePrefetched?.();
    this.state = this.prefetched?.state ?? createState();
    this.promise = new Promise<HostedAuthResult>((resolve, reject) => {
      this.resolve = resolve;
      this.reject = reject;
    });
    // ULM answers without a hosted page: nothing to show, so no context to check or window to open.
    if (config.provider !== 'ulm') {
      if (!this.supportedHere()) return;
      if (this.mode === 'popup' && !this.openPopupOrFallback()) return;
      if (this.mode !== config.mode && !this.supportedHere()) return;
    }
    if (config.timeout > 0) {
      this.deadline = createDeadline(config.timeout, () =>
        this.fail(
          new HostedAuthError({
            code: 'timeout',
            message: `the flow did not end within ${config.timeout} ms`,
            retryable: true,
          }),
        ),
      );
    }
    this.host.setStatus('loading');
    void this.run();
  }

  /** Ends the flow as cancel `aborted` (the element's `cancel()` or its removal). */
  abort(): void {
    this.cancel('aborted');
  }

  /**
   * The page is being left: close the popup and end the flow, unless the page is leaving for the
   * hosted URL itself (`mode="redirect"`), whose outcome the return page reports.
   */
  leavePage(): void {
    if (!this.redirecting) this.abort();
  }

  /** Fails with `config` (before anything opens or is asked) when this page cannot run the mode. */
  private supportedHere(): boolean {
    const refusal = unsupportedContext(this.mode, this.config.onWindowClosed);
    if (refusal === undefined) return true;
    this.fail(new HostedAuthError({ code: 'config', message: refusal }));
    return false;
  }

  /** Opens the popup inside the caller's gesture; on a block falls back or fails with `popup_blocked`. */
  private openPopupOrFallback(): boolean {
    const { config } = this;
    const features = popupFeatures(config.popupWidth, config.popupHeight);
    // A name of its own, unrelated to the state: every page the popup shows can read it.
    this.popup = openPopup(`hosted-auth-session-${createState()}`, features);
    if (this.popup) {
      showLoading(this.popup, this.host.loadingText, this.host.lang);
      return true;
    }
    if (config.fallback !== 'none') {
      this.mode = config.fallback;
      return true;
    }
    this.fail(
      new HostedAuthError({
        code: 'popup_blocked',
        message: 'the browser blocked the popup; start the flow from a click, or set fallback="iframe"',
        retryable: true,
      }),
    );
    return false;
  }

  private async run(): Promise<void> {
    const { config } = this;
    try {
      // The code that reads, shows and watches the session loads while the backend is asked.
      const answer = await (this.prefetched?.answer ??
        requestAnswer({ ...requestFields(config), state: this.state, signal: this.controller.signal }));
      if (this.settled) return;
      if (answer.kind === 'immediate') {
        this.finish({ kind: 'success', params: {}, result: answer.immediate.result });
        return;
      }
      const session = answer.session;
      this.session = session;
      const { checkSession, showSession } = await loadFlowParts();
      if (this.settled) return;
      session.url = checkSession(session, config);
      this.host.setStatus('open');
      this.host.emit(EVENT_CREATED, { session });
      if (this.settled) return;
      if (this.mode === 'redirect') {
        this.redirecting = true;
        await this.host.redirect(session, session.state ?? this.state);
        return;
      }
      await showSession(session, {
        config,
        popup: this.popup,
        inline: this.mode === 'inline',
        state: this.state,
        host: this.host,
        ended: () => this.settled,
        finish: (outcome) => this.finish(outcome),
        cancel: (reason) => this.cancel(reason),
        tick: () => this.deadline?.check(),
        watching: (watcher) => {
          this.watcher = watcher;
        },
      });
    } catch (error) {
      if (this.settled) return;
      this.fail(toHostedAuthError(error, { code: 'invalid_response', message: String(error) }));
    }
  }

  private cancel(reason: CancelReason): void {
    this.finish({ kind: 'cancel', reason });
  }

  private fail(error: HostedAuthError): void {
    this.finish({ kind: 'error', error });
  }

  /** Ends the flow once: cleans up, reports the outcome, settles the promise. */
  private finish(outcome: Outcome): void {
    if (!this.settle()) return;
    const result = announce(this.host, outcome, this.session);
    if (result instanceof HostedAuthError) this.reject(result);
    else this.resolve(result);
  }

  /** Marks the flow ended and removes everything it added. False when it had already ended. */
  private settle(): boolean {
    if (this.settled) return false;
    this.settled = true;
    this.deadline?.clear();
    this.watcher?.stop();
    this.controller.abort();
    this.prefetched?.abort();
    closeWindow(this.popup);
    this.host.unmountFrame();
    this.host.setWaiting(false);
    this.host.restoreFocus();
    return true;
  }
}
