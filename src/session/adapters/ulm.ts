import { HostedAuthError } from '../../errors.js';
import * as z from '../../zod.js';
import type { ProviderAdapter } from './adapter.js';
import { defined, hasKey, parseWith } from './parse.js';

const answerSchema = z.object({
  processId: z.optional(z.string()),
  lastStep: z.boolean(),
  runtimeId: z.optional(z.number()),
  userId: z.optional(z.union([z.number(), z.string()])),
  userAuthenticated: z.boolean(),
});

const errorSchema = z.object({
  code: z.optional(z.string()),
  errorCode: z.optional(z.string()),
  type: z.optional(z.string()),
  message: z.optional(z.string()),
});

/**
 * ULM Cloud: `POST /session/start` answers without a hosted page. An authenticated last step is
 * an immediate success; anything else means the process wants more steps (`incomplete`).
 */
export const ulm: ProviderAdapter = {
  name: 'ulm',
  recognises: (value) => hasKey(value, 'userAuthenticated') || hasKey(value, 'processId'),
  readAnswer(value) {
    const answer = parseWith(
      answerSchema,
      value,
      'ulm',
      '{ processId, lastStep, runtimeId, userId, userAuthenticated }',
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
    const parsed = errorSchema.safeParse(value);
    if (!parsed.success) return {};
    const { code, errorCode, message } = parsed.data;
    const providerCode = code ?? errorCode;
    // ULM's own error codes are final; a body without one (a gateway's 502/504) is judged by status.
    return defined({ providerCode, message, retryable: providerCode === undefined ? undefined : false });
  },
};
