import { HostedAuthError } from '../../errors.js';
import type { ProviderAdapter } from './adapter.js';
import { defined, hasKey, parseWith, z } from './schema.js';

const answerSchema = z.object({
  auth_url: z.string(),
  expires_at: z.number(),
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
    const answer = parseWith(
      answerSchema,
      value,
      'fiskil',
      '{ auth_url, expires_at, id, session_id }',
    );
    const expiresAt = answer.expires_at * 1000;
    if (!Number.isFinite(expiresAt)) {
      throw new HostedAuthError({
        code: 'invalid_response',
        message: `expected expires_at in seconds since the epoch, but got ${answer.expires_at}`,
        provider: 'fiskil',
        raw: value,
      });
    }
    return {
      kind: 'session',
      session: {
        provider: 'fiskil',
        url: answer.auth_url,
        sessionId: answer.session_id,
        expiresAt,
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
