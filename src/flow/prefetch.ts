import { fetchSession, type SessionRequest } from '../session/request.js';
import { createState } from '../session/state.js';
import type { SessionAnswer } from '../session/types.js';
import type { Prefetched } from './host.js';
import { loadFlowParts } from './load-parts.js';

/** A prefetched session closer than this to its `expiresAt` is not used; a fresh one is fetched. */
export const PREFETCH_EXPIRY_MARGIN_MS = 30_000;

interface Held extends Omit<Prefetched, 'abort'> {
  key: string;
  controller: AbortController;
  value?: SessionAnswer;
  failed?: boolean;
}

/**
 * Holds at most one session fetched before the click (the `prefetch` attribute). A held session
 * is handed out once; one that failed, or that is near or past its `expiresAt`, is dropped.
 */
export class SessionPrefetcher {
  private held: Held | undefined;

  /** Starts fetching unless a usable session for the same request is already held. */
  prefetch(request: Omit<SessionRequest, 'state' | 'signal'>): void {
    const key = JSON.stringify(request);
    if (this.held && this.held.key === key && !this.held.failed) return;
    this.clear();
    const state = createState();
    const controller = new AbortController();
    const held: Held = {
      state,
      key,
      controller,
      answer: requestAnswer({ ...request, state, signal: controller.signal }),
    };
    held.answer.then(
      (value) => {
        held.value = value;
      },
      () => {
        held.failed = true;
      },
    );
    this.held = held;
  }

  /** Hands out the held session for this request once, if it is still usable. */
  take(request: Omit<SessionRequest, 'state' | 'signal'>, now = Date.now()): Prefetched | undefined {
    const held = this.held;
    this.held = undefined;
    if (!held) return undefined;
    if (held.failed || held.key !== JSON.stringify(request)) {
      held.controller.abort();
      return undefined;
    }
    const value = held.value;
    if (
      value?.kind === 'session' &&
      value.session.expiresAt !== undefined &&
      value.session.expiresAt - now < PREFETCH_EXPIRY_MARGIN_MS
    ) {
      return undefined;
    }
    return { state: held.state, answer: held.answer, abort: () => held.controller.abort() };
  }

  /** Drops the held session and aborts its request if still running. */
  clear(): void {
    this.held?.controller.abort();
    this.held = undefined;
  }
}

/**
 * Asks the endpoint for a session and reads the answer once the flow's parts have loaded. The
 * request leaves first; the parts (when not loaded on intent already) load while it runs.
 */
export async function requestAnswer(request: SessionRequest): Promise<SessionAnswer> {
  const answer = fetchSession(request);
  const parts = loadFlowParts();
  // Awaited after the answer; a load failure that comes first is not unhandled meanwhile.
  parts.catch(() => undefined);
  const received = await answer;
  return (await parts).readResponse(request, received);
}
