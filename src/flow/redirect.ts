import type { ProviderName } from '../errors.js';
import { z, type Infer } from '../schema.js';
import { providerNames } from '../session/adapters/index.js';
import type { HostedSession } from '../session/types.js';
import { classifyUrl, stateOf, type ReturnUrls, type UrlOutcome } from './match.js';

const KEY_PREFIX = 'hosted-auth-session:pending:';

/** A pending redirect flow older than this is stale and ignored (then removed). */
export const PENDING_MAX_AGE_MS = 60 * 60 * 1000;

// `v` (1) and the provider name are checked after parsing: zod's literal and enum would cost the
// script-tag bundle more than the two comparisons.
const recordSchema = z.object({
  v: z.number(),
  state: z.string(),
  createdAt: z.number(),
  redirectUrl: z.optional(z.string()),
  cancelUrl: z.optional(z.string()),
  session: z.object({
    provider: z.string(),
    url: z.string(),
    sessionId: z.optional(z.string()),
    expiresAt: z.optional(z.number()),
  }),
});

export type PendingFlow = Infer<typeof recordSchema> & { session: { provider: ProviderName } };

function isPendingFlow(record: Infer<typeof recordSchema>): record is PendingFlow {
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
      const result = recordSchema.safeParse(JSON.parse(store.getItem(key) ?? ''));
      if (result.success && isPendingFlow(result.data) && key === KEY_PREFIX + result.data.state) parsed = result.data;
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
