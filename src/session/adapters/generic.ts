import * as z from '../../zod.js';
import type { ProviderAdapter } from './adapter.js';
import { defined, hasKey, parseWith } from './parse.js';

/** A declared state longer than this is no OAuth state a return URL would carry. */
const MAX_STATE_LENGTH = 512;

/** A date as text (ISO, or anything `Date.parse` reads), as ms since the epoch. */
const dateText = z.pipe(
  z.pipe(
    z.string(),
    z.transform((text: string) => Date.parse(text)),
  ),
  z.number(),
);

const answerSchema = z
  .object({
    url: z.optional(z.string()),
    sessionUrl: z.optional(z.string()),
    sessionId: z.optional(z.string()),
    // ms since the epoch, or an ISO date.
    expiresAt: z.optional(z.union([z.number(), dateText])),
    state: z.optional(z.string().check(z.minLength(1), z.maxLength(MAX_STATE_LENGTH))),
  })
  .check(z.refine(({ url, sessionUrl }) => url !== undefined || sessionUrl !== undefined, { path: ['url'] }));

/**
 * Any backend answering `{ url }` or `{ sessionUrl }`, with optional `sessionId`, `expiresAt` and
 * `state` (the state its return URL will carry, when the backend had to choose its own).
 */
export const generic: ProviderAdapter = {
  name: 'generic',
  recognises: (value) => hasKey(value, 'url') || hasKey(value, 'sessionUrl'),
  readAnswer(value) {
    const answer = parseWith(answerSchema, value, 'generic', '{ url or sessionUrl, sessionId?, expiresAt?, state? }');
    return {
      kind: 'session',
      session: defined({
        provider: 'generic',
        // One of the two is there: the schema refuses an answer with neither.
        url: (answer.url ?? answer.sessionUrl)!,
        sessionId: answer.sessionId,
        expiresAt: answer.expiresAt,
        state: answer.state,
        raw: value,
      }),
    };
  },
  recognisesError: () => false,
  readError(_status, value) {
    if (typeof value === 'string' && value.trim() !== '') return { message: value };
    if (typeof value === 'object' && value !== null) {
      const record = value as Record<string, unknown>;
      const message = [record['message'], record['error_description'], record['error']].find(
        (candidate): candidate is string => typeof candidate === 'string' && candidate !== '',
      );
      if (message !== undefined) return { message };
    }
    return {};
  },
};
