import { HostedAuthError } from '../errors.js';
import type { CancelReason, OutcomeParams } from '../events.js';

/** How a flow ended, as read from the URL it reached. */
export type UrlOutcome =
  | { kind: 'success'; url: string; params: OutcomeParams }
  | { kind: 'cancel'; reason: Extract<CancelReason, 'cancel-url' | 'denied'>; url: string; params: OutcomeParams }
  | { kind: 'error'; error: HostedAuthError; url: string; params: OutcomeParams };

export interface ReturnUrls {
  redirectUrl?: string | undefined;
  cancelUrl?: string | undefined;
}

function parse(url: string): URL | undefined {
  try {
    return new URL(url);
  } catch {
    return undefined;
  }
}

/**
 * Whether `url` is the page `target` names: origin and path exactly equal; query and hash are
 * ignored. `/done-evil`, `/done/`, `?next=/done` and `#/done` do not match `/done`.
 */
export function matchesTarget(url: string, target: string | undefined): boolean {
  if (!target) return false;
  const a = parse(url);
  const b = parse(target);
  if (!a || !b) return false;
  if (a.protocol !== 'https:' && a.protocol !== 'http:') return false;
  return a.origin === b.origin && a.pathname === b.pathname;
}

/** Query and hash parameters merged; on a clash the hash wins (implicit-flow providers use it). */
export function readParams(url: string): OutcomeParams {
  const parsed = parse(url);
  const params: OutcomeParams = {};
  if (!parsed) return params;
  for (const [key, value] of parsed.searchParams) params[key] = value;
  const hash = parsed.hash.replace(/^#\??/, '');
  if (hash.includes('=')) {
    for (const [key, value] of new URLSearchParams(hash)) params[key] = value;
  }
  return params;
}

/**
 * Classifies a URL the flow reached. `null` when it is neither the redirect nor the cancel page.
 * A redirect URL carrying an OAuth `error` is a denial (`access_denied`) or a `provider_error`.
 */
export function classifyUrl(url: string, targets: ReturnUrls): UrlOutcome | null {
  if (matchesTarget(url, targets.redirectUrl)) {
    const params = readParams(url);
    const error = params['error'];
    if (error === undefined) return { kind: 'success', url, params };
    if (error === 'access_denied') return { kind: 'cancel', reason: 'denied', url, params };
    const description = params['error_description'];
    return {
      kind: 'error',
      url,
      params,
      error: new HostedAuthError({
        code: 'provider_error',
        message: description || `the provider ended the flow with error ${error}`,
        providerCode: error,
      }),
    };
  }
  if (matchesTarget(url, targets.cancelUrl)) {
    return { kind: 'cancel', reason: 'cancel-url', url, params: readParams(url) };
  }
  return null;
}

/** What identifies a flow on its return URL: its state, and the provider's session id. */
export interface FlowIdentity {
  /** The state the return URL must carry: the element's, or the one the backend declared. */
  state: string;
  sessionId?: string | undefined;
}

/** The query/hash names providers put their session id under on a return URL they fix themselves. */
const SESSION_ID_PARAMS = ['sessionId', 'session_id'];

/**
 * Whose flow a return URL belongs to: `own` when it carries the flow's state (or, without a state,
 * the flow's provider session id); `other-state` / `other-session` when it carries another one;
 * `none` when it carries neither — which proves nothing, since any page can load a return URL.
 */
export function flowOfUrl(url: string, flow: FlowIdentity): 'own' | 'other-state' | 'other-session' | 'none' {
  const params = readParams(url);
  const state = params['state'];
  if (state !== undefined) return state === flow.state ? 'own' : 'other-state';
  const ids = SESSION_ID_PARAMS.map((name) => params[name]).filter((id) => id !== undefined);
  if (ids.length === 0) return 'none';
  return flow.sessionId !== undefined && ids.includes(flow.sessionId) ? 'own' : 'other-session';
}

/** The error of a flow whose own window came back with another flow's `state` (a mix-up). */
export function stateMismatch(url: string): UrlOutcome {
  return {
    kind: 'error',
    url,
    params: readParams(url),
    error: new HostedAuthError({
      code: 'state_mismatch',
      message: "the flow came back with another flow's state; start it again",
      retryable: true,
    }),
  };
}
