import type { HostedSession, SessionAnswer } from '../session/types.js';
import type { Outcome } from './outcome.js';

/** Where a flow is; the element's read-only `status` property and reflected attribute. */
export type FlowStatus = 'idle' | 'loading' | 'open' | 'success' | 'cancel' | 'error';

/** What a flow ended with, and the session it ran when there was one. */
export interface FlowResult {
  outcome: Outcome;
  session?: HostedSession;
}

/** What a running flow shows through the element. */
export interface FlowView {
  /** Text of the popup's loading page, and its language (the nearest `lang`). */
  loadingText: string;
  lang: string;
  /**
   * The backend answered with a usable session, now on its way to the page (or about to be left
   * for): status `open`, then `session-created`.
   */
  opened(session: HostedSession): void;
  /** Renders the iframe of `mode` showing `url`, and resolves with it once it is connected. */
  showFrame(mode: 'iframe' | 'inline', url: string, signal: AbortSignal): Promise<HTMLIFrameElement>;
  /** Removes the iframe and its dialog or box (idempotent). */
  hideFrame(): void;
  /** Shows or hides "waiting for the other window" with its Cancel button. */
  setWaiting(waiting: boolean): void;
  /** A success is being confirmed by the merchant backend: status `loading` again. */
  confirming(): void;
  /** The page is about to leave for the hosted URL (`mode="redirect"`). */
  leaving(): void;
  /** The flow ended: report it. Called once, before the flow's window or dialog is taken down. */
  ended(result: FlowResult): void;
}

/** A session fetched before the click, handed to the flow that uses it. */
export interface Prefetched {
  state: string;
  answer: Promise<SessionAnswer>;
  /** Aborts the request if it is still running. */
  abort(): void;
}
