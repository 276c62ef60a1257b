import { HostedAuthError } from '../errors.js';
import { PROVIDER_NAMES } from '../session/types.js';
import type { HostedSession } from '../session/types.js';
import * as z from '../zod.js';
import { classifyUrl, flowOfUrl, stateMismatch, type FlowIdentity, type ReturnUrls, type UrlOutcome } from './match.js';
import { PENDING_KEY_PREFIX as KEY_PREFIX, sessionStore as storage } from './pending.js';

/** A pending redirect flow older than this is stale and ignored (then removed). */
export const PENDING_MAX_AGE_MS = 60 * 60 * 1000;

const recordSchema = z.object({
  v: z.literal(1),
  state: z.string(),
  createdAt: z.number(),
  redirectUrl: z.optional(z.string()),
  cancelUrl: z.optional(z.string()),
  session: z.object({
    provider: z.enum(PROVIDER_NAMES),
    url: z.string(),
    sessionId: z.optional(z.string()),
    expiresAt: z.optional(z.number()),
  }),
});

/** A flow kept in sessionStorage while the page is away at the hosted URL (the raw answer is not kept). */
export type PendingFlow = z.Infer<typeof recordSchema>;

/** Keeps the flow in `sessionStorage` before the page leaves for the hosted URL. */
export function savePendingFlow(state: string, targets: ReturnUrls, session: HostedSession, now = Date.now()): boolean {
  const { provider, url, sessionId, expiresAt } = session;
  // Undefined fields are left out by JSON.stringify; the raw answer is not kept.
  const record: PendingFlow = {
    v: 1,
    state,
    createdAt: now,
    redirectUrl: targets.redirectUrl || undefined,
    cancelUrl: targets.cancelUrl || undefined,
    session: { provider, url, sessionId, expiresAt },
  };
  try {
    storage()?.setItem(KEY_PREFIX + state, JSON.stringify(record));
    return storage() !== undefined;
  } catch {
    return false;
  }
}

function readRecords(store: Storage, now: number): PendingFlow[] {
  const records: PendingFlow[] = [];
  for (let i = store.length - 1; i >= 0; i--) {
    const key = store.key(i);
    if (!key?.startsWith(KEY_PREFIX)) continue;
    let parsed: PendingFlow | undefined;
    try {
      const result = recordSchema.safeParse(JSON.parse(store.getItem(key) ?? ''));
      if (result.success && key === KEY_PREFIX + result.data.state) parsed = result.data;
    } catch {
      parsed = undefined;
    }
    if (!parsed || now - parsed.createdAt > PENDING_MAX_AGE_MS || parsed.createdAt > now + 60_000) {
      store.removeItem(key);
      continue;
    }
    records.push(parsed);
  }
  return records;
}

/**
 * On a return page: the pending flow this page ends, with its outcome, removed from storage so
 * it is reported once. The flow is the one whose state (or provider session id) the URL carries;
 * a URL with another state ends the newest pending flow as `state_mismatch`; a URL with neither
 * proves nothing (any page can load it), so nothing is reported and the console says why.
 */
export function takePendingOutcome(
  href: string,
  targets: ReturnUrls,
  now = Date.now(),
): { record: PendingFlow; outcome: UrlOutcome } | undefined {
  const store = storage();
  if (!store || !classifyUrl(href, targets)) return undefined;
  const records = readRecords(store, now)
    .filter((record) => record.redirectUrl === targets.redirectUrl && record.cancelUrl === targets.cancelUrl)
    .sort((a, b) => b.createdAt - a.createdAt);
  if (records.length === 0) return undefined;
  const matches = records.map((record) =>
    flowOfUrl(href, { state: record.state, sessionId: record.session.sessionId }),
  );
  const own = matches.indexOf('own');
  let found: { record: PendingFlow; outcome: UrlOutcome } | undefined;
  if (own >= 0) {
    const record = records[own]!;
    found = { record, outcome: classifyUrl(href, record)! };
  } else if (matches[0] === 'other-state') {
    found = { record: records[0]!, outcome: stateMismatch(href) };
  } else {
    warnNoState(href);
    return undefined;
  }
  store.removeItem(KEY_PREFIX + found.record.state);
  return found;
}

let warnedFor: string | undefined;

/** Said once for a return URL: without the flow's state on it the outcome cannot be trusted. */
function warnNoState(href: string): void {
  if (warnedFor === href) return;
  warnedFor = href;
  console.warn(
    'hosted-auth-session: this return page reports nothing, because its URL carries no state of a pending flow. ' +
      "The backend must bring the flow's state back on the return URL (append `state` to the redirect and cancel " +
      'URLs, or send it as the OAuth state), or declare the state it chose as `state` in its answer.',
  );
}

/**
 * `mode="redirect"`: keeps the flow in sessionStorage, then sends the whole page to the hosted
 * URL. Throws `config` when sessionStorage is not available (the return page could not tell the
 * outcome).
 */
export function leaveForFlow(state: string, targets: ReturnUrls, session: HostedSession): void {
  if (!savePendingFlow(state, targets, session)) {
    throw new HostedAuthError({
      code: 'config',
      message: 'mode="redirect" needs sessionStorage, which is not available',
    });
  }
  window.location.assign(session.url);
}

/**
 * On a return page: the outcome of the pending flow this page ends, with its session, taken from
 * storage once; the outcome's parameters are then cut from the address bar and history.
 */
export function takeReturn(
  targets: ReturnUrls,
): { outcome: UrlOutcome; session: HostedSession; flow: FlowIdentity } | undefined {
  const found = takePendingOutcome(window.location.href, targets);
  if (!found) return undefined;
  try {
    history.replaceState(history.state, '', window.location.pathname);
  } catch {
    // A sandboxed document may refuse; the outcome is still reported.
  }
  const session = { ...found.record.session, raw: undefined };
  return { outcome: found.outcome, session, flow: { state: found.record.state, sessionId: session.sessionId } };
}
