import { clip, HostedAuthError } from '../../errors.js';
import type { ProviderAdapter } from './adapter.js';
import { defined, hasKey, parseWith } from './schema.js';

// `expiresAt` is a number or a string, checked by toEpochMs.
const answerShape = { url: 's?', sessionUrl: 's?', sessionId: 's?', expiresAt: 'u?', state: 's?' } as const;

/** A declared state longer than this is no OAuth state a return URL would carry. */
const MAX_STATE_LENGTH = 512;

function toEpochMs(value: unknown, raw: unknown): number {
  const ms = typeof value === 'number' ? value : typeof value === 'string' ? Date.parse(value) : NaN;
  if (!Number.isFinite(ms)) {
    throw new HostedAuthError({
      code: 'invalid_response',
      message: `expected expiresAt as ms since the epoch or an ISO date, but got ${typeof value === 'string' ? JSON.stringify(clip(value, 60)) : typeof value}`,
      provider: 'generic',
      raw,
    });
  }
  return ms;
}

/**
 * Any backend answering `{ url }` or `{ sessionUrl }`, with optional `sessionId`, `expiresAt` and
 * `state` (the state its return URL will carry, when the backend had to choose its own).
 */
export const generic: ProviderAdapter = {
  name: 'generic',
  recognises: (value) => hasKey(value, 'url') || hasKey(value, 'sessionUrl'),
  readAnswer(value) {
    const answer = parseWith(answerShape, value, 'generic', '{ url, sessionId?, expiresAt?, state? }', ({ state }) =>
      state === undefined || (state !== '' && state.length <= MAX_STATE_LENGTH) ? undefined : 'state',
    );
    const url = answer.url ?? answer.sessionUrl;
    if (url === undefined) {
      throw new HostedAuthError({
        code: 'invalid_response',
        message: 'expected { url } or { sessionUrl }, but neither was there',
        provider: 'generic',
        raw: value,
      });
    }
    return {
      kind: 'session',
      session: defined({
        provider: 'generic',
        url,
        sessionId: answer.sessionId,
        expiresAt: answer.expiresAt === undefined ? undefined : toEpochMs(answer.expiresAt, value),
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

/** This module's adapters, as session/adapters/load.ts loads them. */
export const adapters: readonly ProviderAdapter[] = [generic];
