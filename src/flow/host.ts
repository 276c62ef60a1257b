import type { HostedSession, SessionAnswer } from '../session/types.js';

/** Where a flow is; the element's read-only `status` property and reflected attribute. */
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
  redirect(session: HostedSession, state: string): Promise<void>;
  /** A prefetched session to use instead of calling the endpoint, if one is fresh. */
  takePrefetched?(): Prefetched | undefined;
  /** Text shown in the popup while the session is created. */
  loadingText: string;
  /** The language of the texts (the nearest `lang`), given to the popup's loading page. */
  lang: string;
  /** Accessible name of the iframe. */
  frameTitle: string;
}

/** A session fetched before the click, handed to the flow that uses it. */
export interface Prefetched {
  state: string;
  answer: Promise<SessionAnswer>;
  /** Aborts the request if it is still running. */
  abort(): void;
}
