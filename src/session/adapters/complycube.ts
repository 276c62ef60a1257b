import type { ProviderAdapter } from './adapter.js';
import { checkShape } from '../shape.js';
import { defined, hasKey, parseWith } from './schema.js';

const answerShape = { redirectUrl: 's' } as const;

const errorShape = { type: 's', message: 's?', param: 's?' } as const;

/** ComplyCube: `POST /v1/flow/sessions` → `{ redirectUrl }`; errors `{ type, message, param }`. */
export const complycube: ProviderAdapter = {
  name: 'complycube',
  recognises: (value) => hasKey(value, 'redirectUrl'),
  readAnswer(value) {
    const { redirectUrl } = parseWith(answerShape, value, 'complycube', '{ redirectUrl }');
    return { kind: 'session', session: { provider: 'complycube', url: redirectUrl, raw: value } };
  },
  // ComplyCube's error has a `type` and a `message`; a problem+json body (`type`, `title`) does not.
  recognisesError: (_status, value) =>
    checkShape(errorShape, value).ok &&
    typeof (value as { message?: unknown }).message === 'string' &&
    !hasKey(value, 'code') &&
    !hasKey(value, 'errorCode'),
  readError(_status, value) {
    const parsed = checkShape(errorShape, value);
    if (!parsed.ok) return {};
    const { type, message, param } = parsed.data;
    return defined({ providerCode: type, message, param });
  },
};

/** This module's adapters, as session/adapters/load.ts loads them. */
export const adapters: readonly ProviderAdapter[] = [complycube];
