import { HostedAuthError, type HostedAuthErrorFields } from '../errors.js';
import {
  EVENT_CANCEL,
  EVENT_ERROR,
  EVENT_SUCCESS,
  type CancelReason,
  type HostedAuthResult,
  type SessionCancelDetail,
  type SessionSuccessDetail,
} from '../events.js';
import type { HostedSession } from '../session/types.js';
import type { UrlOutcome } from './match.js';

/** How a flow ended: a return URL, a popup that reads as closed, an immediate result, a cancel, an error. */
export type Outcome =
  | UrlOutcome
  | { kind: 'closed' }
  | { kind: 'success'; params: Record<string, string>; result?: unknown }
  | { kind: 'cancel'; reason: CancelReason }
  | { kind: 'error'; error: HostedAuthError };

/** What the element reports for an outcome: the final status, the event with its detail, and what `start()` settles with. */
export type Report =
  | {
      status: 'success' | 'cancel';
      event: typeof EVENT_SUCCESS | typeof EVENT_CANCEL;
      detail: SessionSuccessDetail | SessionCancelDetail;
      result: HostedAuthResult;
    }
  | { status: 'error'; event: typeof EVENT_ERROR; detail: HostedAuthErrorFields; error: HostedAuthError };

/** The report of `outcome`, with the flow's session in its detail when there was one. */
export function reportOf(outcome: Outcome, session?: HostedSession): Report {
  if (outcome.kind === 'error') {
    const { error } = outcome;
    if (session && error.session === undefined) error.session = session;
    return { status: 'error', event: EVENT_ERROR, detail: error.toDetail(), error };
  }
  const { kind: status, ...fields } =
    outcome.kind === 'closed' ? ({ kind: 'cancel', reason: 'closed' } as const) : outcome;
  const detail = (session ? { ...fields, session } : fields) as SessionSuccessDetail | SessionCancelDetail;
  return {
    status,
    event: status === 'success' ? EVENT_SUCCESS : EVENT_CANCEL,
    detail,
    result: { status, ...detail } as HostedAuthResult,
  };
}
