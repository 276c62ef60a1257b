import type { HostedAuthErrorFields } from './errors.js';
import type { HostedSession } from './session/types.js';

/** Query and hash parameters of the URL the flow ended on, merged (hash wins on a clash). */
export type OutcomeParams = Record<string, string>;

export interface SessionCreatedDetail {
  session: HostedSession;
}

export interface SessionSuccessDetail {
  /** The redirect URL the flow reached; absent for an immediate result. */
  url?: string;
  params: OutcomeParams;
  session?: HostedSession;
  /** The provider's payload, for providers that answer without a hosted page (ULM). */
  result?: unknown;
}

export type CancelReason = 'cancel-url' | 'closed' | 'aborted' | 'denied';

export interface SessionCancelDetail {
  reason: CancelReason;
  url?: string;
  params?: OutcomeParams;
  session?: HostedSession;
}

export type SessionErrorDetail = HostedAuthErrorFields;

export type HostedAuthResult =
  | ({ status: 'success' } & SessionSuccessDetail)
  | ({ status: 'cancel' } & SessionCancelDetail);

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
