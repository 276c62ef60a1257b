import { HostedAuthError } from '../../errors.js';
import type { ProviderAdapter } from './adapter.js';
import { checkShape } from '../shape.js';
import { defined, hasKey, parseWith } from './schema.js';

const answerShape = { auth_url: 's', expires_at: 'n', id: 's?', session_id: 's' } as const;

const errorShape = { fault: 'b?', id: 's?', message: 's?', name: 's', temporary: 'b?', timeout: 'b?' } as const;

/** Fiskil: `POST /auth/session` → `{ auth_url, expires_at (s), id, session_id }`. */
export const fiskil: ProviderAdapter = {
  name: 'fiskil',
  recognises: (value) => hasKey(value, 'auth_url'),
  readAnswer(value) {
    const answer = parseWith(answerShape, value, 'fiskil', '{ auth_url, expires_at, id, session_id }');
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
  recognisesError: (_status, value) => checkShape(errorShape, value).ok && hasKey(value, 'fault'),
  readError(_status, value) {
    const parsed = checkShape(errorShape, value);
    if (!parsed.ok) return {};
    const { name, message, temporary, timeout } = parsed.data;
    return defined({ providerCode: name, message, retryable: temporary === true || timeout === true });
  },
};

/** This module's adapters, as session/adapters/load.ts loads them. */
export const adapters: readonly ProviderAdapter[] = [fiskil];
