import type { ProviderName } from '../errors.js';
import { checkShape, type Parsed } from '../session/shape.js';
import { providerNames } from '../session/adapters/index.js';
import type { HostedSession } from '../session/types.js';
import { classifyUrl, stateOf, type ReturnUrls, type UrlOutcome } from './match.js';

const KEY_PREFIX = 'hosted-auth-session:pending:';

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
  return record.v === 1 && (providerNames as readonly string[]).includes(record.session.provider);
}

function storage(): Storage | undefined {
  try {
    return window.sessionStorage;
  } catch {
    return undefined;
  }
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
