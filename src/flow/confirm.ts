import { clip, HostedAuthError, toHostedAuthError } from '../errors.js';
import { generic } from '../session/adapters/generic.js';
import { readJsonAnswer } from '../session/read.js';
import { postJson } from '../session/request.js';
import type { FlowConfig } from './config.js';
import type { FlowIdentity, UrlOutcome } from './match.js';
import type { Outcome } from './outcome.js';
import { takeReturn } from './redirect.js';
import type { HostedSession } from '../session/types.js';

type Success = Extract<UrlOutcome, { kind: 'success' }>;

/**
 * Asks the merchant's confirm endpoint whether a success read from a URL is real: POSTs
 * `{ url, state, sessionId? }` and resolves with the success carrying the backend's JSON answer as
 * `confirmed`. A 4xx is `unconfirmed`; a 5xx `http` and a failed transfer `network`, both retryable.
 */
export async function confirmSuccess(
  success: Success,
  config: Pick<FlowConfig, 'headers' | 'credentials'> & { confirmEndpoint: string },
  flow: FlowIdentity,
  signal: AbortSignal,
): Promise<Success & { confirmed: unknown }> {
  const endpoint = config.confirmEndpoint;
  const claim = { url: success.url, state: flow.state, ...(flow.sessionId ? { sessionId: flow.sessionId } : {}) };
  const answer = await postJson(endpoint, claim, { ...config, signal }, 'the confirm endpoint');
  const confirmed = readJsonAnswer(endpoint, answer, (status, raw) => {
    // A 4xx is the backend's refusal of this success; a 5xx its failure, worth another try.
    const refused = status < 500;
    const said = generic.readError(status, raw).message;
    return new HostedAuthError({
      code: refused ? 'unconfirmed' : 'http',
      message: `the confirm endpoint ${endpoint} ${refused ? 'refused the success' : 'failed'} (${status})${said ? `: ${clip(said)}` : ''}`,
      status,
      retryable: !refused,
      raw,
    });
  });
  return { ...success, confirmed };
}

/**
 * On a return page: takes the pending flow this page ends (see `takeReturn`) and, with a confirm
 * endpoint, confirms its success first (`confirming` is called as that starts).
 */
export async function returnOutcome(
  config: FlowConfig,
  signal: AbortSignal,
  confirming: () => void,
): Promise<{ outcome: Outcome; session: HostedSession } | undefined> {
  const found = takeReturn(config);
  const { confirmEndpoint } = config;
  if (!found || found.outcome.kind !== 'success' || !confirmEndpoint) return found;
  confirming();
  const outcome = await confirmSuccess(found.outcome, { ...config, confirmEndpoint }, found.flow, signal).catch(
    (error: unknown): Outcome => ({
      kind: 'error',
      error: toHostedAuthError(error, { code: 'network', message: String(error) }),
    }),
  );
  return { outcome, session: found.session };
}
