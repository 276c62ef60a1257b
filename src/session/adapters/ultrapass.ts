import * as z from '../../zod.js';
import type { ProviderAdapter } from './adapter.js';
import { defined, hasKey, isRetryableStatus, parseWith } from './parse.js';

const answerSchema = z.object({ getSessionUrl: z.string() });

/** Error codes for UltrapassId's plain-string errors, by HTTP status (client API docs). */
const codeByStatus: Record<number, string> = {
  400: 'invalid_request',
  409: 'workflow_not_valid',
  424: 'dependency_failed',
};

function sessionIdOf(url: string): string | undefined {
  try {
    return new URL(url).searchParams.get('sessionId') ?? undefined;
  } catch {
    return undefined;
  }
}

/** UltrapassId UAuth: `POST /uauth/session` → 201 `"{\"getSessionUrl\":\"…?sessionId=…\"}"`. */
export const ultrapass: ProviderAdapter = {
  name: 'ultrapass',
  recognises: (value) => hasKey(value, 'getSessionUrl'),
  readAnswer(value) {
    const { getSessionUrl } = parseWith(answerSchema, value, 'ultrapass', '{ getSessionUrl }');
    return {
      kind: 'session',
      session: defined({
        provider: 'ultrapass',
        url: getSessionUrl,
        sessionId: sessionIdOf(getSessionUrl),
        raw: value,
      }),
    };
  },
  // A plain-string error could come from any backend ("Bad Request"), so `auto` never reads
  // one as UltrapassId's; name the provider to get its codes.
  recognisesError: () => false,
  readError(status, value) {
    return defined({
      providerCode: codeByStatus[status],
      message: typeof value === 'string' && value.trim() !== '' ? value : undefined,
      retryable: status === 424 || isRetryableStatus(status),
    });
  },
};
