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
  /** The backend answered with a usable session: status `open`, then `session-created`. */
  opened(session: HostedSession): void;
  /**
   * Places the flow's iframe for `mode`, blank and hidden (a closed dialog, a hidden box), while
   * the backend answers; `showFrame` then only gives it its URL. Does nothing once the flow has
   * ended or shows its frame.
   */
  placeFrame(mode: 'iframe' | 'inline'): void;
  /**
   * Shows `url` in the flow's iframe of `mode` (the placed one, or a new one) and opens the dialog
   * or unhides the box; resolves with the iframe.
   */
  showFrame(mode: 'iframe' | 'inline', url: string, signal: AbortSignal): Promise<HTMLIFrameElement>;
  /** Removes the flow's iframe and its dialog or box (idempotent). */
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
