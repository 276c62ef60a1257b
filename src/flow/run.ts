import { HostedAuthError, toHostedAuthError } from '../errors.js';
import {
  EVENT_CANCEL,
  EVENT_CREATED,
  EVENT_ERROR,
  EVENT_SUCCESS,
  type HostedAuthResult,
  type SessionCancelDetail,
  type SessionSuccessDetail,
} from '../events.js';
import { requestSession } from '../session/request.js';
import { createState } from '../session/state.js';
import type { Prefetched } from '../session/prefetch.js';
import type { HostedSession } from '../session/types.js';
import { checkSessionUrl } from '../session/url-safety.js';
import type { DisplayMode, FlowConfig } from './config.js';
import { unsupportedContext } from './context.js';
import { createDeadline } from './deadline.js';
import { createFrame, navigateFrame } from './frame.js';
import { closeWindow, navigateWindow, openPopup, popupFeatures, showLoading } from './popup.js';
import { watchFlow, type WatchOutcome } from './watch.js';

export type FlowStatus = 'idle' | 'loading' | 'open' | 'success' | 'cancel' | 'error';

/** What a flow needs from the element that runs it. */
export interface FlowHost {
  setStatus(status: FlowStatus): void;
  emit(name: string, detail: unknown): void;
  /** Shows the iframe container for `mode`, puts `frame` in it and resolves once it is connected. */
  mountFrame(mode: 'iframe' | 'inline', frame: HTMLIFrameElement, onClose: () => void): Promise<void>;
  /** Removes the iframe container (idempotent). */
  unmountFrame(): void;
  /** Shows or hides "waiting for the other window" with its Cancel button. */
  setWaiting(waiting: boolean, onCancel?: () => void): void;
  /** Moves focus back to the element's button. */
  restoreFocus(): void;
  /** Sends the whole page to the hosted URL (`mode="redirect"`), keeping the pending flow. */
  redirect?(session: HostedSession, state: string, config: FlowConfig): void;
  /** A prefetched session to use instead of calling the endpoint, if one is fresh. */
  takePrefetched?(): Prefetched | undefined;
  /** Text shown in the popup while the session is created. */
  loadingText: string;
  /** Accessible name of the iframe. */
  frameTitle: string;
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
    this.deadline = createDeadline(config.timeout, () =>
      this.fail(
        new HostedAuthError({
          code: 'timeout',
          message: `the flow did not end within ${config.timeout} ms`,
          retryable: true,
        }),
      ),
    );
    this.host.setStatus('loading');
    void this.run();
  }

  /** Ends the flow as cancel `aborted` (the element's `cancel()` or its removal). */
  abort(): void {
    this.cancel({ reason: 'aborted' });
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
    this.popup = openPopup(`hosted-auth-session-${this.state.slice(0, 12)}`, features);
    if (this.popup) {
      showLoading(this.popup, this.host.loadingText);
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
      const answer = await (this.prefetched?.answer ??
        requestSession({
          endpoint: config.endpoint,
          provider: config.provider,
          ...(config.redirectUrl ? { redirectUrl: config.redirectUrl } : {}),
          ...(config.cancelUrl ? { cancelUrl: config.cancelUrl } : {}),
          state: this.state,
          body: config.body,
          headers: config.headers,
          credentials: config.credentials,
          signal: this.controller.signal,
        }));
      if (this.settled) return;
      if (answer.kind === 'immediate') {
        this.succeed({ params: {}, result: answer.immediate.result });
        return;
      }
      const session = answer.session;
      this.session = session;
      session.url = checkSessionUrl(session.url, config.allowedOrigins);
      if (session.expiresAt !== undefined && session.expiresAt <= Date.now()) {
        throw new HostedAuthError({
          code: 'expired',
          message: `the session expired at ${new Date(session.expiresAt).toISOString()} before it was opened`,
          retryable: true,
        });
      }
      if (!config.redirectUrl && !config.cancelUrl) {
        throw new HostedAuthError({
          code: 'config',
          message: 'redirect-url (or cancel-url) is needed to know when the hosted flow ends',
        });
      }
      this.host.setStatus('open');
      this.host.emit(EVENT_CREATED, { session });
      if (this.settled) return;
      await this.show(session);
    } catch (error) {
      if (this.settled) return;
      this.fail(toHostedAuthError(error, { code: 'invalid_response', message: String(error) }));
    }
  }

  private async show(session: HostedSession): Promise<void> {
    const { config } = this;
    if (this.mode === 'redirect') {
      if (!this.host.redirect) throw new HostedAuthError({ code: 'config', message: 'mode="redirect" is not available here' });
      this.redirecting = true;
      this.host.redirect(session, this.state, config);
      return;
    }
    const common = {
      targets: { redirectUrl: config.redirectUrl, cancelUrl: config.cancelUrl },
      state: this.state,
      sessionId: session.sessionId,
      pollInterval: config.pollInterval,
      onWindowClosed: config.onWindowClosed,
      onOutcome: (outcome: WatchOutcome) => this.end(outcome),
      onTick: () => this.deadline?.check(),
    };
    if (this.popup) {
      const popup = this.popup;
      this.watcher = watchFlow({
        ...common,
        target: () => popup,
        popup,
        onWaiting: () => {
          this.host.setWaiting(true, () => this.cancel({ reason: 'closed' }));
        },
      });
      navigateWindow(popup, session.url);
      return;
    }
    const frame = createFrame(this.host.frameTitle, config.allow);
    const mode = this.mode === 'inline' ? 'inline' : 'iframe';
    await this.host.mountFrame(mode, frame, () => this.cancel({ reason: 'closed' }));
    if (this.settled) return;
    this.watcher = watchFlow({ ...common, target: () => frame.contentWindow, frame });
    navigateFrame(frame, session.url);
  }

  private end(outcome: WatchOutcome): void {
    switch (outcome.kind) {
      case 'success':
        this.succeed({ url: outcome.url, params: outcome.params });
        break;
      case 'cancel':
        this.cancel({ reason: outcome.reason, url: outcome.url, params: outcome.params });
        break;
      case 'error':
        this.fail(outcome.error);
        break;
      case 'closed':
        this.cancel({ reason: 'closed' });
        break;
    }
  }

  private succeed(detail: SessionSuccessDetail): void {
    if (!this.settle()) return;
    const full = this.session ? { ...detail, session: this.session } : detail;
    this.host.setStatus('success');
    this.host.emit(EVENT_SUCCESS, full);
    this.resolve({ status: 'success', ...full });
  }

  private cancel(detail: SessionCancelDetail): void {
    if (!this.settle()) return;
    const full = this.session ? { ...detail, session: this.session } : detail;
    this.host.setStatus('cancel');
    this.host.emit(EVENT_CANCEL, full);
    this.resolve({ status: 'cancel', ...full });
  }

  private fail(error: HostedAuthError): void {
    if (!this.settle()) return;
    if (this.session && error.session === undefined) error.session = this.session;
    this.host.setStatus('error');
    this.host.emit(EVENT_ERROR, error.toDetail());
    this.reject(error);
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
