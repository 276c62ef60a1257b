import * as z from '../../zod.js';
import type { ProviderAdapter } from './adapter.js';
import { defined, hasKey, parseWith } from './parse.js';

const answerSchema = z.object({
  auth_url: z.string(),
  // Seconds since the epoch, refused when too large to be a date in ms.
  expires_at: z.number().check(z.refine((seconds) => Number.isFinite(seconds * 1000))),
  id: z.optional(z.string()),
  session_id: z.string(),
});

const errorSchema = z.object({
  fault: z.optional(z.boolean()),
  id: z.optional(z.string()),
  message: z.optional(z.string()),
  name: z.string(),
  temporary: z.optional(z.boolean()),
  timeout: z.optional(z.boolean()),
});

/** Fiskil: `POST /auth/session` → `{ auth_url, expires_at (s), id, session_id }`. */
export const fiskil: ProviderAdapter = {
  name: 'fiskil',
  recognises: (value) => hasKey(value, 'auth_url'),
  readAnswer(value) {
    const answer = parseWith(answerSchema, value, 'fiskil', '{ auth_url, expires_at, id, session_id }');
    return {
      kind: 'session',
      session: {
        provider: 'fiskil',
        url: answer.auth_url,
        sessionId: answer.session_id,
        expiresAt: answer.expires_at * 1000,
        raw: value,
      },
    };
  },
  recognisesError: (_status, value) => errorSchema.safeParse(value).success && hasKey(value, 'fault'),
  readError(_status, value) {
    const parsed = errorSchema.safeParse(value);
    if (!parsed.success) return {};
    const { name, message, temporary, timeout } = parsed.data;
    return defined({ providerCode: name, message, retryable: temporary === true || timeout === true });
  },
};
