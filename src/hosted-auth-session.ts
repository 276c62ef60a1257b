import { html, LitElement, nothing } from 'lit';
import { property, query, state } from 'lit/decorators.js';
import { HostedAuthError } from './errors.js';
import {
  EVENT_CANCEL,
  EVENT_ERROR,
  EVENT_SUCCESS,
  type HostedAuthResult,
} from './events.js';
import { checkOptions, DEFAULTS, type FlowConfig, type FlowOptions } from './flow/config.js';
import { savePendingFlow, takePendingOutcome } from './flow/redirect.js';
import { FlowRun, type FlowHost, type FlowStatus } from './flow/run.js';
import { SessionPrefetcher } from './session/prefetch.js';
import type { HostedSession } from './session/types.js';
import { styles } from './hosted-auth-session.styles.js';

/**
 * Starts a provider-hosted sign-in, identity-verification or bank-consent flow with one tag: asks
 * the merchant backend for a session, shows the hosted page in a popup or an iframe, watches for
 * the redirect or cancel URL and reports how the flow ended.
 *
 * @summary Runs a provider-hosted session in a popup, dialog iframe, inline iframe or redirect.
 *
 * @fires session-created - The backend answered with a usable session. `detail: { session }`.
 * @fires session-success - The flow reached `redirect-url` (or the provider answered with an immediate result).
 * @fires session-cancel - The flow reached `cancel-url`, or was closed, aborted or denied.
 * @fires session-error - Anything failed. `detail: { code, message, retryable, … }`.
 *
 * @slot - The button's label. Defaults to "Continue".
 *
 * @csspart button - The button that starts the flow.
 * @csspart dialog - The modal dialog holding the iframe (`mode="iframe"`).
 * @csspart frame - The iframe showing the hosted page.
 * @csspart close - The dialog's close button.
 * @csspart inline - The box holding the iframe in `mode="inline"`.
 * @csspart waiting - The "waiting for the other window" notice (`on-window-closed="wait"`).
 * @csspart waiting-cancel - The notice's Cancel button.
 *
 * @cssprop --hosted-auth-session-accent - Button background and focus ring. Default `#2456d6`.
 * @cssprop --hosted-auth-session-on-accent - Button text colour. Default `#fff`.
 * @cssprop --hosted-auth-session-radius - Corner radius. Default `6px`.
 * @cssprop --hosted-auth-session-font - Font of the element. Default `inherit`.
 * @cssprop --hosted-auth-session-surface - Dialog background. Default `#fff` (dark: `#1e1f24`).
 * @cssprop --hosted-auth-session-text - Dialog text colour. Default `#1b1b1f` (dark: `#ececf1`).
 * @cssprop --hosted-auth-session-backdrop - Dialog backdrop. Default `rgb(0 0 0 / 0.5)`.
 * @cssprop --hosted-auth-session-dialog-width - Dialog width. Default `min(520px, 96vw)`.
 * @cssprop --hosted-auth-session-dialog-height - Dialog height. Default `min(760px, 92vh)`.
 * @cssprop --hosted-auth-session-frame-height - Inline iframe height. Default `640px`.
 * @cssprop --hosted-auth-session-border - Inline box border colour. Default `#d0d4dc`.
 */
export class HostedAuthSession extends LitElement {
  static override styles = styles;

  /** Merchant backend URL the element POSTs to. Required. */
  @property({ attribute: 'endpoint' }) endpoint = '';

  /** How to read the backend's answer: `auto`, `ultrapass`, `fiskil`, `complycube`, `ulm` or `generic`. */
  @property({ attribute: 'provider' }) provider: string = DEFAULTS.provider;

  /** Where the hosted flow is shown: `popup`, `iframe`, `inline` or `redirect`. */
  @property({ attribute: 'mode', reflect: true }) mode: string = DEFAULTS.mode;

  /** Absolute URL the flow lands on when it succeeds. */
  @property({ attribute: 'redirect-url' }) redirectUrl = '';

  /** Absolute URL the flow lands on when the user cancels. */
  @property({ attribute: 'cancel-url' }) cancelUrl = '';

  /** Popup width in CSS pixels. */
  @property({ attribute: 'popup-width', type: Number }) popupWidth: number = DEFAULTS.popupWidth;

  /** Popup height in CSS pixels. */
  @property({ attribute: 'popup-height', type: Number }) popupHeight: number = DEFAULTS.popupHeight;

  /** Gives up with a `timeout` error after this many ms; 0 means never. */
  @property({ attribute: 'timeout', type: Number }) timeout: number = DEFAULTS.timeout;

  /** How often (ms) the flow window's location is checked. */
  @property({ attribute: 'poll-interval', type: Number }) pollInterval: number = DEFAULTS.pollInterval;

  /** Space-separated origins the session URL must belong to (any https origin when empty). */
  @property({ attribute: 'allowed-origins' }) allowedOrigins: string | readonly string[] = '';

  /** The iframe's permissions policy. */
  @property({ attribute: 'allow' }) allow: string = DEFAULTS.allow;

  /** What a popup that reads as closed means: `cancel`, or `wait` for a BroadcastChannel report. */
  @property({ attribute: 'on-window-closed' }) onWindowClosed: string = DEFAULTS.onWindowClosed;

  /** What to do when the popup is blocked: `none`, `iframe` or `redirect`. */
  @property({ attribute: 'fallback' }) fallback: string = DEFAULTS.fallback;

  /** Fetches the session before the click, so the click opens the hosted URL at once. */
  @property({ attribute: 'prefetch', type: Boolean }) prefetch = false;

  /** Disables the built-in button. */
  @property({ attribute: 'disabled', type: Boolean, reflect: true }) disabled = false;

  /** Extra JSON fields merged into the request body. */
  @property({ attribute: false }) body: Record<string, unknown> = {};

  /** Extra request headers, such as a CSRF token. */
  @property({ attribute: false }) headers: Record<string, string> = {};

  /** The fetch credentials mode for the endpoint request. */
  @property({ attribute: false }) credentials: RequestCredentials = DEFAULTS.credentials;

  /** Text shown in the popup while the session is created. */
  @property({ attribute: 'loading-text' }) loadingText = 'Loading…';

  /** Accessible name of the dialog and of the iframe. */
  @property({ attribute: 'frame-title' }) frameTitle = 'Secure session';

  /** Accessible label of the dialog's close button. */
  @property({ attribute: 'close-label' }) closeLabel = 'Close';

  /** Text shown while waiting for a popup whose link was cut (`on-window-closed="wait"`). */
  @property({ attribute: 'waiting-text' }) waitingText = 'Waiting for the other window to finish…';

  /** Label of the Cancel button shown while waiting. */
  @property({ attribute: 'cancel-label' }) cancelLabel = 'Cancel';

  @state() private frameMode: 'iframe' | 'inline' | undefined;
  @state() private waiting = false;
  @state() private currentStatus: FlowStatus = 'idle';

  @query('[part="button"]') private button!: HTMLButtonElement | null;
  @query('.frame-slot') private frameSlot!: HTMLElement | null;
  @query('dialog') private dialog!: HTMLDialogElement | null;

  private run: FlowRun | undefined;
  private frameClose: (() => void) | undefined;
  private waitingCancel: (() => void) | undefined;
  private readonly prefetcher = new SessionPrefetcher();
  private returnTimer = 0;

  /** Where the current flow is: `idle`, `loading`, `open`, `success`, `cancel` or `error`. Read-only; reflected. */
  get status(): FlowStatus {
    return this.currentStatus;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.setAttribute('status', this.currentStatus);
    window.addEventListener('pagehide', this.handlePageHide);
    this.scheduleReturnCheck();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    window.removeEventListener('pagehide', this.handlePageHide);
    window.clearTimeout(this.returnTimer);
    document.removeEventListener('DOMContentLoaded', this.handleParsed);
    this.prefetcher.clear();
    this.run?.abort();
  }

  protected override updated(): void {
    if (this.prefetch && this.isConnected && !this.run) this.startPrefetch();
  }

  /**
   * Begins a flow: call it from a user gesture, so the popup may open. While a flow is loading or
   * open, returns that flow's promise. Resolves with the success or cancel detail; rejects with
   * a HostedAuthError.
   */
  start(): Promise<HostedAuthResult> {
    if (this.run && (this.currentStatus === 'loading' || this.currentStatus === 'open')) {
      return this.run.promise;
    }
    let config: FlowConfig;
    try {
      config = checkOptions(this.options(), document.baseURI);
    } catch (error) {
      const failure =
        error instanceof HostedAuthError ? error : new HostedAuthError({ code: 'config', message: String(error) });
      this.setStatus('error');
      this.emit(EVENT_ERROR, failure.toDetail());
      return Promise.reject(failure);
    }
    const run = new FlowRun(config, this.host(config));
    this.run = run;
    void run.promise.then(
      () => this.flowEnded(run),
      () => this.flowEnded(run),
    );
    return run.promise;
  }

  /** Aborts the flow in progress: closes its window or iframe and reports cancel `aborted`. */
  cancel(): void {
    this.run?.abort();
  }

  private options(): FlowOptions {
    return {
      endpoint: this.endpoint,
      provider: this.provider,
      mode: this.mode,
      redirectUrl: this.redirectUrl,
      cancelUrl: this.cancelUrl,
      popupWidth: this.popupWidth,
      popupHeight: this.popupHeight,
      timeout: this.timeout,
      pollInterval: this.pollInterval,
      allowedOrigins: this.allowedOrigins,
      allow: this.allow,
      onWindowClosed: this.onWindowClosed,
      fallback: this.fallback,
      body: this.body,
      headers: this.headers,
      credentials: this.credentials,
    };
  }

  private host(config: FlowConfig): FlowHost {
    return {
      loadingText: this.loadingText,
      frameTitle: this.frameTitle,
      setStatus: (status) => this.setStatus(status),
      emit: (name, detail) => this.emit(name, detail),
      mountFrame: (mode, frame, onClose) => this.mountFrame(mode, frame, onClose),
      unmountFrame: () => this.unmountFrame(),
      setWaiting: (waiting, onCancel) => {
        this.waiting = waiting;
        this.waitingCancel = waiting ? onCancel : undefined;
      },
      restoreFocus: () => {
        if (this.isConnected) this.button?.focus();
      },
      redirect: (session, state) => this.redirectTo(session, state, config),
      takePrefetched: () => (this.prefetch ? this.prefetcher.take(this.prefetchRequest(config)) : undefined),
    };
  }

  private flowEnded(run: FlowRun): void {
    if (this.run === run) this.run = undefined;
    if (this.prefetch) this.requestUpdate();
  }

  private setStatus(status: FlowStatus): void {
    this.currentStatus = status;
    this.setAttribute('status', status);
  }

  private emit(name: string, detail: unknown): void {
    this.dispatchEvent(new CustomEvent(name, { detail, bubbles: true, composed: true }));
  }

  private prefetchRequest(config: FlowConfig) {
    return {
      endpoint: config.endpoint,
      provider: config.provider,
      ...(config.redirectUrl ? { redirectUrl: config.redirectUrl } : {}),
      ...(config.cancelUrl ? { cancelUrl: config.cancelUrl } : {}),
      body: config.body,
      headers: config.headers,
      credentials: config.credentials,
    };
  }

  private startPrefetch(): void {
    let config: FlowConfig;
    try {
      config = checkOptions(this.options(), document.baseURI);
    } catch {
      return; // start() reports the configuration error when the user clicks.
    }
    this.prefetcher.prefetch(this.prefetchRequest(config));
  }

  private async mountFrame(
    mode: 'iframe' | 'inline',
    frame: HTMLIFrameElement,
    onClose: () => void,
  ): Promise<void> {
    this.frameMode = mode;
    this.frameClose = onClose;
    await this.updateComplete;
    const slot = this.frameSlot;
    if (!slot) throw new HostedAuthError({ code: 'config', message: 'the element was removed before the flow was shown' });
    slot.replaceChildren(frame);
    if (mode === 'iframe') this.dialog?.showModal();
  }

  private unmountFrame(): void {
    this.frameClose = undefined;
    const dialog = this.dialog;
    if (dialog?.open) dialog.close();
    this.frameSlot?.replaceChildren();
    this.frameMode = undefined;
  }

  private redirectTo(session: HostedSession, state: string, config: FlowConfig): void {
    const targets = { redirectUrl: config.redirectUrl, cancelUrl: config.cancelUrl };
    if (!savePendingFlow(state, targets, session)) {
      throw new HostedAuthError({
        code: 'config',
        message: 'mode="redirect" needs sessionStorage to remember the flow, and it is not available',
      });
    }
    window.location.assign(session.url);
  }

  /** On a return page of `mode="redirect"`, reports the pending flow's outcome once the page has parsed. */
  private scheduleReturnCheck(): void {
    if (document.readyState === 'loading') {
      document.addEventListener('DOMContentLoaded', this.handleParsed, { once: true });
    } else {
      this.handleParsed();
    }
  }

  private readonly handleParsed = (): void => {
    window.clearTimeout(this.returnTimer);
    this.returnTimer = window.setTimeout(() => this.reportReturn(), 0);
  };

  private reportReturn(): void {
    if (!this.isConnected || this.run) return;
    let config: FlowConfig;
    try {
      config = checkOptions(this.options(), document.baseURI);
    } catch {
      return;
    }
    if (!config.redirectUrl && !config.cancelUrl) return;
    const found = takePendingOutcome(window.location.href, {
      redirectUrl: config.redirectUrl,
      cancelUrl: config.cancelUrl,
    });
    if (!found) return;
    const { record, outcome } = found;
    const session: HostedSession = { ...record.session, raw: undefined };
    // The outcome is in the event now; the address bar and history keep only the page itself.
    try {
      history.replaceState(history.state, '', window.location.pathname);
    } catch {
      // A sandboxed document may refuse; the outcome is still reported.
    }
    if (outcome.kind === 'success') {
      this.setStatus('success');
      this.emit(EVENT_SUCCESS, { url: outcome.url, params: outcome.params, session });
    } else if (outcome.kind === 'cancel') {
      this.setStatus('cancel');
      this.emit(EVENT_CANCEL, { reason: outcome.reason, url: outcome.url, params: outcome.params, session });
    } else {
      outcome.error.session = session;
      this.setStatus('error');
      this.emit(EVENT_ERROR, outcome.error.toDetail());
    }
  }

  /** Leaving the page closes the popup the flow opened (a redirect flow is left to its return page). */
  private readonly handlePageHide = (): void => {
    this.run?.leavePage();
  };

  private readonly handleClick = (): void => {
    this.start().catch(() => {
      // The outcome is reported as a session-error event; the button has no caller to reject to.
    });
  };

  private readonly handleDialogCancel = (event: Event): void => {
    event.preventDefault();
    this.frameClose?.();
  };

  private readonly handleCloseClick = (): void => {
    this.frameClose?.();
  };

  private readonly handleWaitingCancel = (): void => {
    this.waitingCancel?.();
  };

  protected override render() {
    const busy = this.currentStatus === 'loading';
    return html`
      <button
        type="button"
        part="button"
        ?disabled=${this.disabled}
        aria-busy=${busy ? 'true' : 'false'}
        @click=${this.handleClick}
      >
        <slot>Continue</slot>
      </button>
      ${this.waiting
        ? html`<div part="waiting" role="status">
            <span>${this.waitingText}</span>
            <button type="button" part="waiting-cancel" @click=${this.handleWaitingCancel}>
              ${this.cancelLabel}
            </button>
          </div>`
        : nothing}
      ${this.frameMode === 'iframe'
        ? html`<dialog part="dialog" aria-label=${this.frameTitle} @cancel=${this.handleDialogCancel}>
            <div class="dialog-bar">
              <button type="button" part="close" aria-label=${this.closeLabel} @click=${this.handleCloseClick}>
                ×
              </button>
            </div>
            <div class="frame-slot"></div>
          </dialog>`
        : nothing}
      ${this.frameMode === 'inline'
        ? html`<div part="inline" class="frame-slot" role="region" aria-label=${this.frameTitle}></div>`
        : nothing}
    `;
  }
}
