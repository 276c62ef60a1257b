import { PROVIDER_NAMES, type ProviderName } from '../errors.js';
import { checkShape, type Parsed } from '../session/shape.js';
import type { HostedSession } from '../session/types.js';
import { HostedAuthError } from '../errors.js';
import { classifyUrl, stateOf, type ReturnUrls, type UrlOutcome } from './match.js';
import { PENDING_KEY_PREFIX as KEY_PREFIX, sessionStore as storage } from './pending.js';

/** A pending redirect flow older than this is stale and ignored (then removed). */
export const PENDING_MAX_AGE_MS = 60 * 60 * 1000;

// `v` (1) and the provider name are checked after the shape.
const recordShape = {
  v: 'n',
  state: 's',
  createdAt: 'n',
  redirectUrl: 's?',
  cancelUrl: 's?',
  session: { provider: 's', url: 's', sessionId: 's?', expiresAt: 'n?' },
} as const;

type StoredFlow = Parsed<typeof recordShape>;
export type PendingFlow = StoredFlow & { session: { provider: ProviderName } };

function isPendingFlow(record: StoredFlow): record is PendingFlow {
  return record.v === 1 && (PROVIDER_NAMES as readonly string[]).includes(record.session.provider);
}

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
      const result = checkShape(recordShape, JSON.parse(store.getItem(key) ?? ''));
      if (result.ok && isPendingFlow(result.data) && key === KEY_PREFIX + result.data.state) parsed = result.data;
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
 * it is reported once. Only a record for the same return URLs counts; with several, the URL's
 * `state` picks one, and without a `state` only a single waiting record is taken.
 */
export function takePendingOutcome(
  href: string,
  targets: ReturnUrls,
  now = Date.now(),
): { record: PendingFlow; outcome: UrlOutcome } | undefined {
  const store = storage();
  if (!store) return undefined;
  const records = readRecords(store, now).filter(
    (record) => record.redirectUrl === targets.redirectUrl && record.cancelUrl === targets.cancelUrl,
  );
  const urlState = stateOf(href);
  const chosen =
    urlState === undefined
      ? records.length === 1
        ? records[0]
        : undefined
      : records.find((record) => record.state === urlState);
  if (!chosen) return undefined;
  const outcome = classifyUrl(href, chosen);
  if (!outcome) return undefined;
  store.removeItem(KEY_PREFIX + chosen.state);
  return { record: chosen, outcome };
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
export function takeReturn(targets: ReturnUrls): { outcome: UrlOutcome; session: HostedSession } | undefined {
  const found = takePendingOutcome(window.location.href, targets);
  if (!found) return undefined;
  try {
    history.replaceState(history.state, '', window.location.pathname);
  } catch {
    // A sandboxed document may refuse; the outcome is still reported.
  }
  return { outcome: found.outcome, session: { ...found.record.session, raw: undefined } };
}
