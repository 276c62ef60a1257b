import { adoptStyles, html, LitElement, nothing } from 'lit';
import { property, state } from 'lit/decorators.js';
import { HostedAuthError, toHostedAuthError } from './errors.js';
import type { HostedAuthResult } from './events.js';
import {
  checkOptions,
  DEFAULTS,
  type DisplayMode,
  type FallbackMode,
  type FlowConfig,
  type WindowClosedMode,
} from './flow/config.js';
import { hasPendingFlow } from './flow/pending.js';
import type { FlowHost, FlowStatus } from './flow/host.js';
import { announce, FlowRun } from './flow/run.js';
import { loadFlowParts, type FlowParts } from './flow/load-parts.js';
import { SessionPrefetcher } from './flow/prefetch.js';
import { requestFields } from './session/request.js';
import type { ProviderOption } from './session/types.js';
import { styles } from './hosted-auth-session.styles.js';

/**
 * Starts a provider-hosted sign-in, identity-verification or bank-consent flow with one tag: asks
 * the merchant backend for a session, shows the hosted page in a popup or an iframe, watches for
 * the redirect or cancel URL and reports how the flow ended.
 *
 * @summary Runs a provider-hosted session in a popup, dialog iframe, inline iframe or redirect.
 *
 * @fires {CustomEvent<SessionCreatedDetail>} session-created - The backend answered with a usable session. `detail: { session }`.
 * @fires {CustomEvent<SessionSuccessDetail>} session-success - The flow reached `redirect-url` (or the provider answered with an immediate result).
 * @fires {CustomEvent<SessionCancelDetail>} session-cancel - The flow reached `cancel-url`, or was closed, aborted or denied.
 * @fires {CustomEvent<SessionErrorDetail>} session-error - Anything failed. `detail: { code, message, retryable, … }`.
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
  @property() endpoint = '';

  /**
   * How to read the backend's answer: `auto`, `ultrapass`, `fiskil`, `complycube`, `ulm` or `generic`.
   * @default 'auto'
   */
  @property() provider: ProviderOption = DEFAULTS.provider;

  /**
   * Where the hosted flow is shown: `popup`, `iframe`, `inline` or `redirect`.
   * @default 'popup'
   */
  @property({ reflect: true }) mode: DisplayMode = DEFAULTS.mode;

  /** Absolute URL the flow lands on when it succeeds. */
  @property({ attribute: 'redirect-url' }) redirectUrl = '';

  /** Absolute URL the flow lands on when the user cancels. */
  @property({ attribute: 'cancel-url' }) cancelUrl = '';

  /**
   * Popup width in CSS pixels.
   * @default 480
   */
  @property({ attribute: 'popup-width', type: Number }) popupWidth: number = DEFAULTS.popupWidth;

  /**
   * Popup height in CSS pixels.
   * @default 720
   */
  @property({ attribute: 'popup-height', type: Number }) popupHeight: number = DEFAULTS.popupHeight;

  /**
   * Gives up with a `timeout` error after this many ms; 0 means never.
   * @default 0
   */
  @property({ type: Number }) timeout: number = DEFAULTS.timeout;

  /**
   * How often (ms) the flow window's location is checked.
   * @default 100
   */
  @property({ attribute: 'poll-interval', type: Number }) pollInterval: number = DEFAULTS.pollInterval;

  /** Space-separated origins the session URL must belong to (any https origin when empty). */
  @property({ attribute: 'allowed-origins' }) allowedOrigins: string | readonly string[] = '';

  /**
   * The iframe's permissions policy.
   * @default 'camera; microphone; fullscreen; publickey-credentials-get; clipboard-write'
   */
  @property() allow: string = DEFAULTS.allow;

  /**
   * What a popup that reads as closed means: `cancel`, or `wait` for a BroadcastChannel report.
   * @default 'cancel'
   */
  @property({ attribute: 'on-window-closed' }) onWindowClosed: WindowClosedMode = DEFAULTS.onWindowClosed;

  /**
   * What to do when the popup is blocked: `none`, `iframe` or `redirect`.
   * @default 'none'
   */
  @property() fallback: FallbackMode = DEFAULTS.fallback;

  /** Fetches the session before the click, so the click opens the hosted URL at once. */
  @property({ type: Boolean }) prefetch = false;

  /** Disables the built-in button. */
  @property({ type: Boolean, reflect: true }) disabled = false;

  /** Extra JSON fields merged into the request body. */
  @property({ attribute: false }) body: Record<string, unknown> = {};

  /** Extra request headers, such as a CSRF token. */
  @property({ attribute: false }) headers: Record<string, string> = {};

  /**
   * The fetch credentials mode for the endpoint request.
   * @default 'same-origin'
   */
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

  private run: FlowRun | undefined;
  private frameClose: (() => void) | undefined;
  /** The dialog and inline views, from the flow's parts once the first iframe flow loaded them. */
  private frameView: Pick<FlowParts, 'frameView' | 'frameStyles'> | undefined;
  private waitingCancel: (() => void) | undefined;
  /** Created by the first prefetch (see startPrefetch). */
  private prefetcher: SessionPrefetcher | undefined;
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
    this.prefetcher?.clear();
    this.run?.abort();
  }

  protected override updated(): void {
    // An open frame follows a later change of its name, as the dialog's does.
    const frame = this.find<HTMLIFrameElement>('[part="frame"]');
    if (frame) frame.title = this.frameTitle;
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
      config = checkOptions(this, document.baseURI);
    } catch (error) {
      const failure = toHostedAuthError(error, { code: 'config', message: String(error) });
      return Promise.reject(announce(this.reporter(), { kind: 'error', error: failure }));
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

  /** Sets the status (reflected) and dispatches the events, for flows and for a redirect return page. */
  private reporter(): Pick<FlowHost, 'setStatus' | 'emit'> {
    return {
      setStatus: (status) => {
        this.currentStatus = status;
        this.setAttribute('status', status);
      },
      emit: (name, detail) => {
        this.dispatchEvent(new CustomEvent(name, { detail, bubbles: true, composed: true }));
      },
    };
  }

  /** The first element of the shadow root matching `selector` (the dialog and frame exist only during a flow). */
  private find<T extends Element = HTMLElement>(selector: string): T | null {
    return this.renderRoot?.querySelector<T>(selector) ?? null;
  }

  /** The checked configuration, or undefined when it is invalid (`start()` reports why). */
  private checkedConfig(): FlowConfig | undefined {
    try {
      return checkOptions(this, document.baseURI);
    } catch {
      return undefined;
    }
  }

  private host(config: FlowConfig): FlowHost {
    return {
      ...this.reporter(),
      loadingText: this.loadingText,
      lang: (this.closest('[lang]') as HTMLElement | null)?.lang ?? document.documentElement.lang,
      frameTitle: this.frameTitle,
      mountFrame: (mode, frame, onClose) => this.mountFrame(mode, frame, onClose),
      unmountFrame: () => this.unmountFrame(),
      setWaiting: (waiting, onCancel) => {
        this.waiting = waiting;
        this.waitingCancel = waiting ? onCancel : undefined;
      },
      restoreFocus: () => {
        if (this.isConnected) this.find<HTMLButtonElement>('[part="button"]')?.focus();
      },
      redirect: async (session, state) => (await loadFlowParts()).leaveForFlow(state, config, session),
      takePrefetched: () => (this.prefetch ? this.prefetcher?.take(requestFields(config)) : undefined),
    };
  }

  private flowEnded(run: FlowRun): void {
    if (this.run === run) this.run = undefined;
    if (this.prefetch) this.requestUpdate();
  }

  private startPrefetch(): void {
    // An invalid configuration is reported by start() when the user clicks.
    const config = this.checkedConfig();
    if (!config) return;
    this.prefetcher ??= new SessionPrefetcher();
    this.prefetcher.prefetch(requestFields(config));
  }

  private async mountFrame(mode: 'iframe' | 'inline', frame: HTMLIFrameElement, onClose: () => void): Promise<void> {
    // Set first: a flow that ends while the view loads unmounts (and clears) it.
    this.frameMode = mode;
    this.frameClose = onClose;
    if (!this.frameView) {
      const view = await loadFlowParts();
      this.frameView = view;
      adoptStyles(this.renderRoot as ShadowRoot, [...HostedAuthSession.elementStyles, view.frameStyles]);
      this.requestUpdate();
    }
    await this.updateComplete;
    const slot = this.frameMode === mode ? this.find('.frame-slot') : null;
    if (!slot)
      throw new HostedAuthError({ code: 'config', message: 'the element was removed before the flow was shown' });
    slot.replaceChildren(frame);
    if (mode === 'iframe') this.find<HTMLDialogElement>('dialog')?.showModal();
  }

  private unmountFrame(): void {
    this.frameClose = undefined;
    const dialog = this.find<HTMLDialogElement>('dialog');
    if (dialog?.open) dialog.close();
    this.find('.frame-slot')?.replaceChildren();
    this.frameMode = undefined;
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
    this.returnTimer = window.setTimeout(() => void this.reportReturn(), 0);
  };

  private async reportReturn(): Promise<void> {
    if (!this.isConnected || this.run || !hasPendingFlow()) return;
    const config = this.checkedConfig();
    if (!config || (!config.redirectUrl && !config.cancelUrl)) return;
    const { takeReturn } = await loadFlowParts();
    if (!this.isConnected || this.run) return;
    const found = takeReturn(config);
    if (found) announce(this.reporter(), found.outcome, found.session);
  }

  /** Leaving the page closes the popup the flow opened (a redirect flow is left to its return page). */
  private readonly handlePageHide = (): void => {
    this.run?.leavePage();
  };

  /** A pointer over the button, focus or a touch: the flow's parts start loading before the click. */
  private readonly handleIntent = (): void => {
    loadFlowParts().catch(() => {
      // Tried again when the flow starts, which reports a failure.
    });
  };

  private readonly handleClick = (): void => {
    this.start().catch(() => {
      // The outcome is reported as a session-error event; the button has no caller to reject to.
    });
  };

  /** The dialog's close button, and Esc (the dialog's `cancel`, whose own closing is prevented). */
  private readonly handleClose = (event: Event): void => {
    event.preventDefault();
    this.frameClose?.();
  };

  private readonly handleWaitingCancel = (): void => {
    this.waitingCancel?.();
  };

  protected override render() {
    const busy = this.currentStatus === 'loading';
    // No white space between tags (line breaks sit inside the tags): it would only add text nodes
    // to every element. The one space kept, between the waiting text and its button, shows.
    return html`<button
        type="button"
        part="button"
        ?disabled=${this.disabled}
        aria-busy=${busy ? 'true' : 'false'}
        @click=${this.handleClick}
        @pointerenter=${this.handleIntent}
        @focus=${this.handleIntent}
        @touchstart=${{ handleEvent: this.handleIntent, passive: true }}
      ><slot>Continue</slot></button
      >${
        this.waiting
          ? html`<div part="waiting" role="status"
            ><span>${this.waitingText}</span> <button
              type="button"
              part="waiting-cancel"
              @click=${this.handleWaitingCancel}
            >${this.cancelLabel}</button
          ></div>`
          : nothing
      }${
        this.frameMode && this.frameView
          ? this.frameView.frameView(this.frameMode, {
              title: this.frameTitle,
              closeLabel: this.closeLabel,
              onClose: this.handleClose,
            })
          : nothing
      }`;
  }
}
