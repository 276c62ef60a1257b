import * as z from '../../zod.js';
import type { ProviderAdapter } from './adapter.js';
import { defined, hasKey, parseWith } from './parse.js';

const answerSchema = z.object({ redirectUrl: z.string() });

const errorSchema = z.object({ type: z.string(), message: z.optional(z.string()), param: z.optional(z.string()) });

/** ComplyCube: `POST /v1/flow/sessions` → `{ redirectUrl }`; errors `{ type, message, param }`. */
export const complycube: ProviderAdapter = {
  name: 'complycube',
  recognises: (value) => hasKey(value, 'redirectUrl'),
  readAnswer(value) {
    const { redirectUrl } = parseWith(answerSchema, value, 'complycube', '{ redirectUrl }');
    return { kind: 'session', session: { provider: 'complycube', url: redirectUrl, raw: value } };
  },
  // ComplyCube's error has a `type` and a `message`; a problem+json body (`type`, `title`) does not.
  recognisesError: (_status, value) =>
    errorSchema.safeParse(value).success &&
    typeof (value as { message?: unknown }).message === 'string' &&
    !hasKey(value, 'code') &&
    !hasKey(value, 'errorCode'),
  readError(_status, value) {
    const parsed = errorSchema.safeParse(value);
    if (!parsed.success) return {};
    const { type, message, param } = parsed.data;
    return defined({ providerCode: type, message, param });
  },
};
