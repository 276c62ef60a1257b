import type { HostedAuthErrorFields } from './errors.js';
import type { HostedSession } from './session/types.js';

/** Query and hash parameters of the URL the flow ended on, merged (hash wins on a clash). */
export type OutcomeParams = Record<string, string>;

/** `detail` of `session-created`. */
export interface SessionCreatedDetail {
  /** The session the backend created, normalised. */
  session: HostedSession;
}

/** `detail` of `session-success`, and of a `start()` that resolved with `status: 'success'`. */
export interface SessionSuccessDetail {
  /** The redirect URL the flow reached; absent for an immediate result. */
  url?: string;
  /** The redirect URL's query and hash parameters, merged (`{}` for an immediate result). */
  params: OutcomeParams;
  /** The session the flow ran, when one was created. */
  session?: HostedSession;
  /** The provider's payload, for providers that answer without a hosted page (ULM). */
  result?: unknown;
  /** The confirm endpoint's JSON answer, when `confirm-endpoint` is set. */
  confirmed?: unknown;
}

/**
 * Why a flow was cancelled: it reached `cancel-url`; its window or dialog was `closed`; it was
 * `aborted` by `cancel()` or by removing the element; or the provider `denied` it
 * (`error=access_denied` on the redirect URL).
 */
export type CancelReason = 'cancel-url' | 'closed' | 'aborted' | 'denied';

/** `detail` of `session-cancel`, and of a `start()` that resolved with `status: 'cancel'`. */
export interface SessionCancelDetail {
  /** Why the flow was cancelled. */
  reason: CancelReason;
  /** The URL the flow ended on, for `cancel-url` and `denied`. */
  url?: string;
  /** That URL's query and hash parameters, merged. */
  params?: OutcomeParams;
  /** The session the flow ran, when one was created. */
  session?: HostedSession;
}

/** `detail` of `session-error`: the same fields as the `HostedAuthError` that `start()` rejects with. */
export type SessionErrorDetail = HostedAuthErrorFields;

/** What `start()` resolves with: the success or cancel detail, tagged with `status`. */
export type HostedAuthResult =
  ({ status: 'success' } & SessionSuccessDetail) | ({ status: 'cancel' } & SessionCancelDetail);

export const EVENT_CREATED = 'session-created';
export const EVENT_SUCCESS = 'session-success';
export const EVENT_CANCEL = 'session-cancel';
export const EVENT_ERROR = 'session-error';

declare global {
  interface HTMLElementEventMap {
    'session-created': CustomEvent<SessionCreatedDetail>;
    'session-success': CustomEvent<SessionSuccessDetail>;
    'session-cancel': CustomEvent<SessionCancelDetail>;
    'session-error': CustomEvent<SessionErrorDetail>;
  }
}
