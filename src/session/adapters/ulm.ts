import { HostedAuthError } from '../../errors.js';
import type { ProviderAdapter } from './adapter.js';
import { checkShape } from '../shape.js';
import { defined, hasKey, parseWith } from './schema.js';

// `userId` is a number or a string, checked below.
const answerShape = { processId: 's?', lastStep: 'b', runtimeId: 'n?', userId: 'u?', userAuthenticated: 'b' } as const;

const errorShape = { code: 's?', errorCode: 's?', type: 's?', message: 's?' } as const;

/**
 * ULM Cloud: `POST /session/start` answers without a hosted page. An authenticated last step is
 * an immediate success; anything else means the process wants more steps (`incomplete`).
 */
export const ulm: ProviderAdapter = {
  name: 'ulm',
  recognises: (value) => hasKey(value, 'userAuthenticated') || hasKey(value, 'processId'),
  readAnswer(value) {
    const answer = parseWith(
      answerShape,
      value,
      'ulm',
      '{ processId, lastStep, runtimeId, userId, userAuthenticated }',
      ({ userId }) =>
        userId === undefined || typeof userId === 'number' || typeof userId === 'string' ? undefined : 'userId',
    );
    if (answer.userAuthenticated && answer.lastStep) {
      return { kind: 'immediate', immediate: { provider: 'ulm', result: value } };
    }
    throw new HostedAuthError({
      code: 'incomplete',
      message: answer.userAuthenticated
        ? 'ULM Cloud: lastStep is false, the process has further steps'
        : 'ULM Cloud: userAuthenticated is false',
      provider: 'ulm',
      raw: value,
    });
  },
  // ULM's documented error body has a code and a `type` ("operation error"); a bare `{ code }`
  // from another backend is not taken for ULM's (which would make it non-retryable).
  recognisesError: (_status, value) =>
    (hasKey(value, 'code') || hasKey(value, 'errorCode')) && typeof (value as { type?: unknown }).type === 'string',
  readError(_status, value) {
    const parsed = checkShape(errorShape, value);
    if (!parsed.ok) return {};
    const { code, errorCode, message } = parsed.data;
    const providerCode = code ?? errorCode;
    // ULM's own error codes are final; a body without one (a gateway's 502/504) is judged by status.
    return defined({ providerCode, message, retryable: providerCode === undefined ? undefined : false });
  },
};

/** This module's adapters, as session/adapters/load.ts loads them. */
export const adapters: readonly ProviderAdapter[] = [ulm];
