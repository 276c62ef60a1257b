import { adoptStyles, html, LitElement, nothing } from 'lit';
import { property, query, state } from 'lit/decorators.js';
import { HostedAuthError, toHostedAuthError } from './errors.js';
import { EVENT_CREATED, type HostedAuthResult } from './events.js';
import {
  checkOptions,
  DEFAULTS,
  type DisplayMode,
  type FallbackMode,
  type FlowConfig,
  type WindowClosedMode,
} from './flow/config.js';
import { pendingReturn } from './flow/return-page.js';
import type { FlowStatus, FlowView } from './flow/host.js';
import { reportOf, type Outcome } from './flow/outcome.js';
import { endFlow, runFlow } from './flow/run.js';
import { seenAndIdle } from './flow/first-sight.js';
import { loadFlowParts, type FlowParts } from './flow/load-parts.js';
import { SessionPrefetcher } from './flow/prefetch.js';
import { requestFields } from './session/request.js';
import type { HostedSession, ProviderOption } from './session/types.js';
import { styles } from './hosted-auth-session.styles.js';

/**
 * Starts a provider-hosted sign-in, identity-verification or bank-consent flow with one tag: asks
 * the merchant backend for a session, shows the hosted page in a popup or an iframe, watches for
 * the redirect or cancel URL and reports how the flow ended.
 *
 * @summary Runs a provider-hosted session in a popup, dialog iframe, inline iframe or redirect.
 *
 * @fires {CustomEvent<SessionCreatedDetail>} session-created - The backend answered with a usable session, and the hosted page is on its way. `detail: { session }`.
 * @fires {CustomEvent<SessionSuccessDetail>} session-success - The flow reached `redirect-url` (or the provider answered with an immediate result).
 * @fires {CustomEvent<SessionCancelDetail>} session-cancel - The flow reached `cancel-url`, or was closed, aborted or denied.
 * @fires {CustomEvent<SessionErrorDetail>} session-error - Anything failed. `detail: { code, message, retryable, … }`.
 *
 * @slot - The button's label. Defaults to "Continue".
 *
 * @csspart button - The button that starts the flow.
 * @csspart dialog - The modal dialog holding the iframe (`mode="iframe"`).
 * @csspart frame - The iframe showing the hosted page.
 * @csspart title - The dialog's visible title (the `frame-title` text), next to its close button.
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
 * @cssprop --hosted-auth-session-dialog-width - Dialog width above 480 px (narrower, it fills the screen). Default `min(520px, 96vw)`.
 * @cssprop --hosted-auth-session-dialog-height - Dialog height above 480 px (narrower, it fills the screen). Default `min(760px, 92vh)`.
 * @cssprop --hosted-auth-session-frame-height - Inline iframe height. Default `640px`.
 * @cssprop --hosted-auth-session-border - Inline box border colour. Default `#d0d4dc`.
 */
export class HostedAuthSession extends LitElement {
  static override styles = styles;

  /** Merchant backend URL the element POSTs to. Required. */
  @property() endpoint = '';

  /** Merchant backend URL that confirms a success before it is reported (optional). */
  @property({ attribute: 'confirm-endpoint' }) confirmEndpoint = '';

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
   * What a popup that reads as closed means: `wait` for a BroadcastChannel report, `cancel`, or
   * `auto` — wait when it closed within 3 s of being sent to the provider, cancel otherwise.
   * @default 'auto'
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

  /** The dialog's visible title, and the accessible name of the dialog, inline box and iframe. */
  @property({ attribute: 'frame-title' }) frameTitle = 'Secure session';

  /** Accessible label of the dialog's close button. */
  @property({ attribute: 'close-label' }) closeLabel = 'Close';

  /** Text shown while waiting for a popup whose link was cut (`on-window-closed="wait"`). */
  @property({ attribute: 'waiting-text' }) waitingText = 'Waiting for the other window to finish…';

  /** Label of the Cancel button shown while waiting. */
  @property({ attribute: 'cancel-label' }) cancelLabel = 'Cancel';

  @state() private frameMode: 'iframe' | 'inline' | undefined;
  @state() private frameUrl = '';
  @state() private waiting = false;
  @state() private currentStatus: FlowStatus = 'idle';

  /** The running flow, until it is reported. */
  #flow: RunningFlow | undefined;
  /** The dialog and inline views, once a flow's parts have loaded. */
  #frameParts: Pick<FlowParts, 'frameView' | 'frameStyles'> | undefined;
  @query('[part="frame"]') private frameElement!: HTMLIFrameElement | null;
  @query('[part="dialog"]') private dialog!: HTMLDialogElement | null;
  #prefetcher: SessionPrefetcher | undefined;
  /** The last `config` error written to the console, so each is written once. */
  #loggedConfigError: string | undefined;
  /**
   * Aborted when the element leaves the page: ends the wait for a redirect return page's outcome
   * and for the first sight of the button.
   */
  #connection: AbortController | undefined;

  /** Where the current flow is: `idle`, `loading`, `open`, `success`, `cancel` or `error`. Read-only; reflected. */
  get status(): FlowStatus {
    return this.currentStatus;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.#setStatus(this.currentStatus);
    window.addEventListener('pagehide', this.#handlePageHide);
    this.#connection?.abort();
    this.#connection = new AbortController();
    const { signal } = this.#connection;
    this.#checkReturnPage(signal);
    // The flow's parts load once the button is on screen and the page is idle, or on intent if
    // that comes first, so that a first click does not wait for them.
    seenAndIdle(this, signal).then(this.#prepareFlow, () => undefined);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    window.removeEventListener('pagehide', this.#handlePageHide);
    this.#connection?.abort();
    this.#prefetcher?.clear();
    this.#end({ kind: 'cancel', reason: 'aborted' });
  }

  protected override updated(): void {
    if (this.prefetch && this.isConnected && !this.#flow) this.#startPrefetch();
  }

  /**
   * Begins a flow: call it from a user gesture, so the popup may open. While a flow is loading or
   * open, returns that flow's promise. Resolves with the success or cancel detail; rejects with
   * a HostedAuthError.
   */
  start(): Promise<HostedAuthResult> {
    if (this.#flow) return this.#flow.promise;
    let config: FlowConfig;
    try {
      config = checkOptions(this, document.baseURI);
    } catch (error) {
      return this.#report({
        kind: 'error',
        error: toHostedAuthError(error, { code: 'config', message: String(error) }),
      });
    }
    let settle!: (result: Promise<HostedAuthResult>) => void;
    const flow: RunningFlow = {
      controller: new AbortController(),
      leaving: false,
      promise: new Promise((resolve) => (settle = resolve)),
      finish: (outcome, session = flow.session) => {
        if (this.#flow !== flow) return;
        this.#flow = undefined;
        settle(this.#report(outcome, session));
      },
    };
    flow.promise.catch(() => undefined);
    this.#flow = flow;
    this.#setStatus('loading');
    const prefetched = this.prefetch ? this.#prefetcher?.take(requestFields(config)) : undefined;
    void runFlow(config, this.#view(flow), flow.controller, prefetched).then(() => this.#restoreFocus());
    // The request has left: a frame's styles are made ready while the backend answers.
    if (this.#showsFrame()) this.#prepareFrame().catch(() => undefined);
    return flow.promise;
  }

  /** Aborts the flow in progress: closes its window or iframe and reports cancel `aborted`. */
  cancel(): void {
    this.#end({ kind: 'cancel', reason: 'aborted' });
  }

  /** Ends the running flow with `outcome` at once: it is disposed of, then reported. */
  #end(outcome: Outcome): void {
    const flow = this.#flow;
    if (!flow) return;
    endFlow(flow.controller, outcome);
    flow.finish(outcome);
    this.#restoreFocus();
  }

  /**
   * Once a flow's dialog is gone, focus goes back to the button — unless the page moved it
   * elsewhere from a listener, or started another flow.
   */
  #restoreFocus(): void {
    if (!this.isConnected || this.#flow) return;
    const active = document.activeElement;
    if (active === null || active === document.body || active === this) this.#button()?.focus();
  }

  #setStatus(status: FlowStatus): void {
    this.currentStatus = status;
    this.setAttribute('status', status);
  }

  /** Sets the final status, then dispatches the event; returns what `start()` settles with. */
  #report(outcome: Outcome, session?: HostedSession): Promise<HostedAuthResult> {
    const report = reportOf(outcome, session);
    if (
      report.status === 'error' &&
      report.error.code === 'config' &&
      report.error.message !== this.#loggedConfigError
    ) {
      // A page without a session-error listener would otherwise see nothing happen on a click.
      this.#loggedConfigError = report.error.message;
      console.error(`<hosted-auth-session> ${report.error.message}`);
    }
    this.#setStatus(report.status);
    this.#dispatch(report.event, report.detail);
    if (this.prefetch) this.requestUpdate();
    return report.status === 'error' ? Promise.reject(report.error) : Promise.resolve(report.result);
  }

  #dispatch(name: string, detail: unknown): void {
    this.dispatchEvent(new CustomEvent(name, { detail, bubbles: true, composed: true }));
  }

  #button(): HTMLButtonElement | null {
    return this.renderRoot?.querySelector<HTMLButtonElement>('[part="button"]') ?? null;
  }

  /** What the running flow shows through this element. */
  #view(flow: RunningFlow): FlowView {
    // After its report, a flow's teardown leaves alone the waiting notice of a flow started since.
    const owns = () => this.#flow === flow || this.#flow === undefined;
    return {
      loadingText: this.loadingText,
      lang: (this.closest('[lang]') as HTMLElement | null)?.lang ?? document.documentElement.lang,
      opened: (session) => {
        flow.session = session;
        this.#setStatus('open');
        this.#dispatch(EVENT_CREATED, { session });
      },
      showFrame: (mode, url, signal) => this.#showFrame(mode, url, signal),
      // Always its own frame: a flow started from this one's listener has not shown one yet (it
      // waits for its backend), and gets a fresh dialog and iframe, never this one's return page.
      hideFrame: () => {
        this.dialog?.close();
        this.frameMode = undefined;
      },
      setWaiting: (waiting) => {
        if (owns()) this.waiting = waiting;
      },
      confirming: () => this.#setStatus('loading'),
      leaving: () => {
        flow.leaving = true;
      },
      ended: ({ outcome, session }) => flow.finish(outcome, session),
    };
  }

  /**
   * Loads the flow's parts and adds the dialog's styles to the shadow root, once: on intent, so
   * that a click's dialog does not wait for either.
   */
  async #prepareFrame(): Promise<void> {
    if (this.#frameParts) return;
    const parts = await loadFlowParts();
    if (this.#frameParts) return;
    this.#frameParts = parts;
    adoptStyles(this.renderRoot as ShadowRoot, [...HostedAuthSession.elementStyles, parts.frameStyles]);
  }

  async #showFrame(mode: 'iframe' | 'inline', url: string, signal: AbortSignal): Promise<HTMLIFrameElement> {
    await this.#prepareFrame();
    signal.throwIfAborted();
    this.frameMode = mode;
    this.frameUrl = url;
    await this.updateComplete;
    // The flow may have ended while the frame rendered: it was hidden then, and stays so.
    if (signal.aborted) this.frameMode = undefined;
    signal.throwIfAborted();
    const frame = this.frameElement;
    if (!frame?.isConnected) {
      throw new HostedAuthError({ code: 'config', message: 'the element was removed before the flow was shown' });
    }
    if (mode === 'iframe') this.dialog?.showModal();
    return frame;
  }

  #startPrefetch(): void {
    const config = this.#config();
    if (!config) return; // start() reports the invalid configuration when the user clicks.
    this.#prefetcher ??= new SessionPrefetcher();
    this.#prefetcher.prefetch(requestFields(config));
  }

  /** On a return page of `mode="redirect"`, reports the outcome of the flow this tab left for. */
  #checkReturnPage(signal: AbortSignal): void {
    const config = () => (this.#flow ? undefined : this.#config());
    void pendingReturn(config, signal, () => this.#setStatus('loading')).then((found) => {
      if (found && !this.#flow && !signal.aborted) this.#report(found.outcome, found.session).catch(() => undefined);
    });
  }

  /** The checked configuration, or undefined when it is invalid (`start()` reports why). */
  #config(): FlowConfig | undefined {
    try {
      return checkOptions(this, document.baseURI);
    } catch {
      return undefined;
    }
  }

  /** Leaving the page closes the popup the flow opened (a redirect flow is left to its return page). */
  readonly #handlePageHide = (): void => {
    if (!this.#flow?.leaving) this.cancel();
  };

  /**
   * Intent (a pointer over the button, focus, a touch) or the button seen on an idle page: the
   * flow's parts and the dialog's styles are made ready before the click.
   */
  readonly #prepareFlow = (): void => {
    // A popup flow needs no dialog: its styles would only cost a style recalculation by the click.
    const load = this.#showsFrame() ? this.#prepareFrame() : loadFlowParts();
    load.catch(() => {
      // Tried again when the flow starts, which reports a failure.
    });
  };

  /** Whether a flow of this element may show the dialog or the inline frame. */
  #showsFrame(): boolean {
    return this.mode === 'iframe' || this.mode === 'inline' || this.fallback === 'iframe';
  }

  readonly #handleClick = (): void => {
    this.start().catch(() => {
      // The outcome is reported as a session-error event; the button has no caller to reject to.
    });
  };

  /** The dialog's close button, and Esc (the dialog's `cancel`, whose own closing is prevented). */
  readonly #handleClose = (event: Event): void => {
    event.preventDefault();
    this.#end({ kind: 'cancel', reason: 'closed' });
  };

  readonly #handleWaitingCancel = (): void => {
    this.#end({ kind: 'cancel', reason: 'closed' });
  };

  protected override render() {
    const busy = this.currentStatus === 'loading';
    // The build's template minifier takes the white space between these tags out.
    return html`
      <button
        type="button"
        part="button"
        ?disabled=${this.disabled}
        aria-busy=${busy ? 'true' : 'false'}
        @click=${this.#handleClick}
        @pointerenter=${this.#prepareFlow}
        @focus=${this.#prepareFlow}
        @touchstart=${{ handleEvent: this.#prepareFlow, passive: true }}
      >
        <slot>Continue</slot>
      </button>
      ${
        this.waiting
          ? html`
            <div part="waiting" role="status">
              <span>${this.waitingText}</span>
              <button type="button" part="waiting-cancel" @click=${this.#handleWaitingCancel}
                >${this.cancelLabel}</button
              >
            </div>
          `
          : nothing
      }
      ${
        this.frameMode && this.#frameParts
          ? this.#frameParts.frameView(this.frameMode, {
              src: this.frameUrl,
              title: this.frameTitle,
              closeLabel: this.closeLabel,
              allow: this.allow,
              onClose: this.#handleClose,
            })
          : nothing
      }
    `;
  }
}

/** A flow between `start()` and its report. */
interface RunningFlow {
  controller: AbortController;
  /** What `start()` hands out while the flow runs. */
  promise: Promise<HostedAuthResult>;
  /** The session, once the backend answered with one. */
  session?: HostedSession;
  /** Set when the page leaves for the hosted URL (`mode="redirect"`): leaving it is no cancel. */
  leaving: boolean;
  /** Reports the flow's outcome once; later calls do nothing. */
  finish(outcome: Outcome, session?: HostedSession): void;
}
