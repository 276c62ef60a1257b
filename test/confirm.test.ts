// confirm-endpoint: a success read from a URL is confirmed by the merchant backend before it is
// reported, in every mode; a refusal is `unconfirmed`, a failure `http` / `network`.
import '../src/index.js';
import { aTimeout, expect, oneEvent, waitUntil } from '@open-wc/testing';
import { savePendingFlow } from '../src/flow/redirect.js';
import type { HostedAuthSession } from '../src/index.js';
import {
  CANCEL_URL,
  DONE_URL,
  RETURN_SESSION,
  buttonOf,
  countOutcomes,
  endpoint,
  mountElement,
  recordedRequests,
  redirectElement,
  restoreReturnPageAfterEach,
  spyOnWindowOpen,
  uniqueId,
} from './helpers.js';

/** A confirm endpoint of the test server: answers `status` with `body` and records each request under `id`. */
function confirmAt(id: string, status: number, body: unknown): string {
  return endpoint(id, { status, raw: JSON.stringify(body) });
}

/** Every value the element's status takes, in order, from now on. */
function statusLog(el: HostedAuthSession): string[] {
  const seen: string[] = [];
  new MutationObserver(() => seen.push(el.getAttribute('status') ?? '')).observe(el, {
    attributes: true,
    attributeFilter: ['status'],
  });
  return seen;
}

/**
 * Mounts an element whose flow the provider approves, with `confirmEndpoint`, clicks it and
 * resolves with its session-error detail; `seen` lists every outcome it reports.
 */
async function confirmationError(confirmEndpoint: string) {
  const el = await mountElement(endpoint(uniqueId(), { act: 'approve', after: 50 }));
  el.confirmEndpoint = confirmEndpoint;
  const seen = countOutcomes(el);
  const error = oneEvent(el, 'session-error');
  buttonOf(el).click();
  return { detail: (await error).detail, seen };
}

describe('confirm-endpoint', () => {
  let spy: ReturnType<typeof spyOnWindowOpen>;
  beforeEach(() => {
    spy = spyOnWindowOpen();
  });
  afterEach(() => spy.restore());

  for (const mode of ['popup', 'iframe', 'inline'] as const) {
    it(`${mode}: the success is confirmed first; detail.confirmed is the backend's answer`, async () => {
      const id = uniqueId();
      const confirmId = uniqueId();
      const el = await mountElement(endpoint(id, { act: 'approve', after: 50 }), { mode });
      el.confirmEndpoint = confirmAt(confirmId, 200, { userId: 'u-42', verified: true });
      el.headers = { 'X-CSRF-Token': 'csrf-1' };
      const statuses = statusLog(el);
      const success = oneEvent(el, 'session-success');
      buttonOf(el).click();
      const { detail } = await success;
      expect(detail.confirmed).to.deep.equal({ userId: 'u-42', verified: true });
      expect(detail.params['code']).to.equal('auth-code-1');
      // open → loading (confirming) → success
      expect(statuses.slice(-3)).to.deep.equal(['open', 'loading', 'success']);
      const [sessionRequest] = await recordedRequests(id);
      const [confirmRequest] = await recordedRequests(confirmId);
      expect(confirmRequest!.body).to.deep.equal({
        url: detail.url,
        state: sessionRequest!.body['state'],
        sessionId: detail.session!.sessionId,
      });
      expect(confirmRequest!.headers['x-csrf-token']).to.equal('csrf-1');
    });
  }

  it('with prefetch: the prefetched session is used and its success is still confirmed', async () => {
    const id = uniqueId();
    const confirmId = uniqueId();
    const el = await mountElement(endpoint(id, { act: 'approve', after: 50 }), { prefetch: '' });
    el.confirmEndpoint = confirmAt(confirmId, 200, { ok: 1 });
    await waitUntil(async () => (await recordedRequests(id)).length === 1, 'the session was not prefetched');
    const success = oneEvent(el, 'session-success');
    buttonOf(el).click();
    const { detail } = await success;
    expect(detail.confirmed).to.deep.equal({ ok: 1 });
    const [sessionRequest] = await recordedRequests(id);
    const confirmRequests = await recordedRequests(confirmId);
    expect(confirmRequests).to.have.length(1);
    // The prefetched (first) session's state: the click did not ask for another one first.
    expect(confirmRequests[0]!.body['state']).to.equal(sessionRequest!.body['state']);
  });

  it('a 4xx → session-error unconfirmed with the status and the backend message, not retryable', async () => {
    const { detail, seen } = await confirmationError(confirmAt(uniqueId(), 403, { message: 'this flow is not yours' }));
    expect(detail.code).to.equal('unconfirmed');
    expect(detail.status).to.equal(403);
    expect(detail.retryable).to.equal(false);
    expect(detail.message).to.include('this flow is not yours');
    await aTimeout(50);
    expect(seen).to.deep.equal(['session-error']);
  });

  it('a 5xx → session-error http, retryable', async () => {
    const { detail } = await confirmationError(confirmAt(uniqueId(), 503, { message: 'down' }));
    expect(detail.code).to.equal('http');
    expect(detail.status).to.equal(503);
    expect(detail.retryable).to.equal(true);
  });

  it('an unreachable confirm endpoint → session-error network, retryable', async () => {
    const { detail } = await confirmationError('http://127.0.0.1:9/confirm');
    expect(detail.code).to.equal('network');
    expect(detail.retryable).to.equal(true);
  });

  it('a 2xx that is not JSON → session-error invalid_response', async () => {
    const { detail } = await confirmationError(
      endpoint(uniqueId(), { status: 200, raw: '<html>ok</html>', type: 'text/html' }),
    );
    expect(detail.code).to.equal('invalid_response');
  });

  it('a cancel is reported without asking the confirm endpoint', async () => {
    const confirmId = uniqueId();
    const el = await mountElement(endpoint(uniqueId(), { act: 'cancel', after: 50 }));
    el.confirmEndpoint = confirmAt(confirmId, 200, {});
    const cancel = oneEvent(el, 'session-cancel');
    buttonOf(el).click();
    expect((await cancel).detail.reason).to.equal('cancel-url');
    await aTimeout(100);
    expect(await recordedRequests(confirmId)).to.deep.equal([]);
  });

  it('cancel() while the success is being confirmed aborts it: one cancel, no success', async () => {
    const el = await mountElement(endpoint(uniqueId(), { act: 'approve', after: 50 }));
    el.confirmEndpoint = endpoint(uniqueId(), { hang: 1 });
    const seen = countOutcomes(el);
    const statuses = statusLog(el);
    buttonOf(el).click();
    await new Promise<void>((resolve) => {
      const check = () =>
        statuses.at(-1) === 'loading' && statuses.includes('open') ? resolve() : setTimeout(check, 10);
      check();
    });
    const cancel = oneEvent(el, 'session-cancel');
    el.cancel();
    expect((await cancel).detail.reason).to.equal('aborted');
    await aTimeout(50);
    expect(seen).to.deep.equal(['session-cancel']);
  });

  it('a relative confirm-endpoint resolves against the page; a non-http one is a config error', async () => {
    const el = await mountElement(endpoint(uniqueId()));
    el.confirmEndpoint = 'javascript:alert(1)';
    const error = oneEvent(el, 'session-error');
    el.start().catch(() => undefined);
    const { detail } = await error;
    expect(detail.code).to.equal('config');
    expect(detail.message).to.include('confirm-endpoint');
    expect(spy.calls).to.have.length(0);
  });
});

describe('confirm-endpoint on a redirect return page', () => {
  restoreReturnPageAfterEach();
  const session = RETURN_SESSION;
  const returnPageElement = (confirmEndpoint: string) => redirectElement({ 'confirm-endpoint': confirmEndpoint });

  it("confirms the pending flow's success with its state and session id, then reports it", async () => {
    const confirmId = uniqueId();
    savePendingFlow('state-abc', { redirectUrl: DONE_URL, cancelUrl: CANCEL_URL }, session);
    history.replaceState(null, '', '/callback/done?code=xyz&state=state-abc');
    const el = returnPageElement(confirmAt(confirmId, 200, { userId: 'u-7' }));
    const statuses = statusLog(el);
    const success = oneEvent(el, 'session-success');
    document.body.append(el);
    const { detail } = await success;
    expect(detail.confirmed).to.deep.equal({ userId: 'u-7' });
    expect(statuses).to.include('loading');
    const [request] = await recordedRequests(confirmId);
    expect(request!.body).to.deep.equal({
      url: `${DONE_URL}?code=xyz&state=state-abc`,
      state: 'state-abc',
      sessionId: 's9',
    });
    el.remove();
  });

  it('a refused confirmation on the return page → session-error unconfirmed', async () => {
    savePendingFlow('state-def', { redirectUrl: DONE_URL, cancelUrl: CANCEL_URL }, session);
    history.replaceState(null, '', '/callback/done?code=xyz&state=state-def');
    const el = returnPageElement(confirmAt(uniqueId(), 400, { message: 'replayed' }));
    const error = oneEvent(el, 'session-error');
    document.body.append(el);
    const { detail } = await error;
    expect(detail.code).to.equal('unconfirmed');
    expect(detail.message).to.include('replayed');
    el.remove();
  });
});
