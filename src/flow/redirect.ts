import { z, type Infer } from '../schema.js';
import type { HostedSession } from '../session/types.js';
import { classifyUrl, stateOf, type ReturnUrls, type UrlOutcome } from './match.js';

const KEY_PREFIX = 'hosted-auth-session:pending:';

/** A pending redirect flow older than this is stale and ignored (then removed). */
export const PENDING_MAX_AGE_MS = 60 * 60 * 1000;

const recordSchema = z.object({
  v: z.literal(1),
  state: z.string(),
  createdAt: z.number(),
  redirectUrl: z.optional(z.string()),
  cancelUrl: z.optional(z.string()),
  session: z.object({
    provider: z.enum(['ultrapass', 'fiskil', 'complycube', 'ulm', 'generic']),
    url: z.string(),
    sessionId: z.optional(z.string()),
    expiresAt: z.optional(z.number()),
  }),
});

export type PendingFlow = Infer<typeof recordSchema>;

function storage(): Storage | undefined {
  try {
    return window.sessionStorage;
  } catch {
    return undefined;
  }
}

/** Keeps the flow in `sessionStorage` before the page leaves for the hosted URL. */
export function savePendingFlow(state: string, targets: ReturnUrls, session: HostedSession, now = Date.now()): boolean {
  const record: PendingFlow = {
    v: 1,
    state,
    createdAt: now,
    ...(targets.redirectUrl ? { redirectUrl: targets.redirectUrl } : {}),
    ...(targets.cancelUrl ? { cancelUrl: targets.cancelUrl } : {}),
    session: {
      provider: session.provider,
      url: session.url,
      ...(session.sessionId === undefined ? {} : { sessionId: session.sessionId }),
      ...(session.expiresAt === undefined ? {} : { expiresAt: session.expiresAt }),
    },
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
