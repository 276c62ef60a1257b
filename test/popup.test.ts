// Popup flows: how the popup is opened and placed, and every way a popup flow ends.
import '../src/index.js';
import fc from 'fast-check';
import { aTimeout, expect, fixture, html, oneEvent } from '@open-wc/testing';
import {
  CANCEL_URL,
  DONE_URL,
  MERCHANT_ORIGIN,
  PLAIN_CANCEL_URL,
  PLAIN_DONE_URL,
  PROVIDER_ORIGIN,
  countOutcomes,
  endpoint,
  nextChannelReport,
  postedMessagesDelivered,
  recordedRequests,
  spyOnWindowOpen,
  trackHandles,
  uniqueId,
  waitFor,
  mountElement,
  buttonOf,
  popupOf,
} from './helpers.js';
import { LOADING_PAGE_DELAY_MS, popupFeatures } from '../src/flow/popup.js';
import { FLOW_WINDOW_KEY } from '../src/protocol.js';
import { AUTO_WAIT_MS, DEFAULT_CLOSE_GRACE_MS } from '../src/flow/watch.js';
import { RUNS } from './arbitraries.js';
import type { HostedAuthSession } from '../src/index.js';

type Spy = ReturnType<typeof spyOnWindowOpen>;
type Tracker = ReturnType<typeof trackHandles>;

async function mount(options: {
  endpoint: string;
  redirectUrl?: string;
  cancelUrl?: string;
  extra?: Record<string, string>;
}): Promise<HostedAuthSession> {
  const el = await fixture<HostedAuthSession>(html`<hosted-auth-session
    endpoint=${options.endpoint}
    redirect-url=${options.redirectUrl ?? DONE_URL}
    cancel-url=${options.cancelUrl ?? CANCEL_URL}
    >Verify</hosted-auth-session
  >`);
  for (const [name, value] of Object.entries(options.extra ?? {})) el.setAttribute(name, value);
  await el.updateComplete;
  return el;
}

/** The features string as a map of name → value. */
function features(text: string): Record<string, string> {
  return Object.fromEntries(text.split(',').map((pair) => pair.split('=') as [string, string]));
}

describe('popupFeatures', () => {
  // [name, [width, height], [screenX, screenY, outerWidth, outerHeight], [width, height, left, top] expected]
  const cases: [string, [number, number], [number, number, number, number], [number, number, number, number]][] = [
    ['centred over the window', [480, 720], [100, 50, 1280, 800], [480, 720, 500, 90]],
    ['odd sizes rounded to integers', [480.6, 719.4], [0.5, 0, 1001, 801], [481, 719, 261, 41]],
    ['larger than the window: clamped at 0', [800, 900], [0, 0, 400, 300], [800, 900, 0, 0]],
    ['window on a screen left of the primary: clamped at 0', [480, 720], [-1920, -200, 1280, 800], [480, 720, 0, 0]],
    ['zero or negative size becomes 1', [0, -5], [0, 0, 101, 101], [1, 1, 50, 50]],
  ];
  for (const [name, [width, height], [screenX, screenY, outerWidth, outerHeight], expected] of cases) {
    it(name, () => {
      const text = popupFeatures(width, height, { screenX, screenY, outerWidth, outerHeight });
      const [w, h, left, top] = expected.map(String);
      expect(features(text)).to.deep.equal({ popup: 'yes', width: w, height: h, left, top });
    });
  }

  it('never asks for noopener or noreferrer (window.open would return null)', () => {
    const text = popupFeatures(480, 720).toLowerCase();
    expect(text).not.to.contain('noopener');
    expect(text).not.to.contain('noreferrer');
  });

  it('uses the current window by default', () => {
    const { left, top } = features(popupFeatures(200, 100));
    const expectedLeft = Math.max(0, Math.round(window.screenX + (window.outerWidth - 200) / 2));
    const expectedTop = Math.max(0, Math.round(window.screenY + (window.outerHeight - 100) / 2));
    expect([Number(left), Number(top)]).to.deep.equal([expectedLeft, expectedTop]);
  });
});

describe('properties: popupFeatures', () => {
  const coordinate = fc.double({ min: -100_000, max: 100_000, noNaN: true });
  const extent = fc.double({ min: 0, max: 100_000, noNaN: true });

  it('integer non-negative coordinates, centred when the popup fits, never noopener', () => {
    fc.assert(
      fc.property(
        coordinate,
        coordinate,
        coordinate,
        coordinate,
        extent,
        extent,
        (width, height, screenX, screenY, outerWidth, outerHeight) => {
          const text = popupFeatures(width, height, { screenX, screenY, outerWidth, outerHeight });
          expect(text).not.to.match(/noopener|noreferrer/i);
          const features = Object.fromEntries(text.split(',').map((pair) => pair.split('=')));
          for (const key of ['width', 'height', 'left', 'top']) expect(features[key], text).to.match(/^\d+$/);
          const w = Number(features['width']);
          const h = Number(features['height']);
          expect(Math.min(w, h)).to.be.at.least(1);
          const wantLeft = screenX + (outerWidth - w) / 2;
          const wantTop = screenY + (outerHeight - h) / 2;
          if (wantLeft >= 0) expect(Math.abs(Number(features['left']) - wantLeft)).to.be.at.most(0.5);
          if (wantTop >= 0) expect(Math.abs(Number(features['top']) - wantTop)).to.be.at.most(0.5);
        },
      ),
      RUNS,
    );
  });
});

describe('popup mode', () => {
  let spy: Spy;
  let tracker: Tracker;
  beforeEach(() => {
    tracker = trackHandles();
    spy = spyOnWindowOpen();
  });
  afterEach(() => {
    spy.restore();
    tracker.restore();
  });

  function expectClean() {
    expect(tracker.live()).to.deep.equal({ listeners: 0, intervals: 0, channels: 0 });
  }

  it('opens the popup synchronously in the click, before the backend answers', async () => {
    const id = uniqueId();
    const el = await mount({ endpoint: endpoint(id, { delay: 3000 }) });
    buttonOf(el).click();
    expect(spy.calls).to.have.length(1);
    expect(spy.calls[0]!.args[0]).to.equal('about:blank');
    expect(el.status).to.equal('loading');
    await el.updateComplete;
    expect(el.shadowRoot!.querySelector('[part="button"]')!.getAttribute('aria-busy')).to.equal('true');
    el.cancel();
  });

  it(`a backend slower than ${LOADING_PAGE_DELAY_MS} ms: the blank popup shows the loading page from then on`, async () => {
    const el = await mount({ endpoint: endpoint(uniqueId(), { delay: 1500 }) });
    const clickedAt = performance.now();
    buttonOf(el).click();
    const popup = popupOf(spy);
    expect(popup.document.querySelector('[role="status"]')).to.equal(null);
    await waitFor(() => !!popup.document.querySelector('[role="status"]'));
    expect(performance.now() - clickedAt).to.be.at.least(LOADING_PAGE_DELAY_MS - 1);
    expect(popup.document.querySelector('[role="status"]')!.textContent).to.equal('Loading…');
    el.cancel();
  });

  it('a quick backend: the popup goes to the hosted page with no loading page, then or later', async () => {
    const hosted = `${location.origin}/plain/elsewhere`;
    const el = await mount({ endpoint: endpoint(uniqueId(), { raw: JSON.stringify({ url: hosted }) }) });
    const created = oneEvent(el, 'session-created');
    const clickedAt = performance.now();
    buttonOf(el).click();
    const popup = popupOf(spy);
    let written = false;
    new MutationObserver(() => (written ||= !!popup.document.querySelector('[role="status"]'))).observe(
      popup.document,
      { childList: true, subtree: true },
    );
    await created;
    const answeredIn = performance.now() - clickedAt;
    await waitFor(() => popup.location.href === hosted && popup.document.readyState === 'complete');
    await aTimeout(LOADING_PAGE_DELAY_MS + 50);
    // The stopped timer writes nothing into the hosted page; a quick answer wrote nothing before it.
    expect(popup.document.querySelector('[role="status"]')).to.equal(null);
    if (answeredIn < LOADING_PAGE_DELAY_MS) expect(written).to.equal(false);
    el.cancel();
  });

  it('session-created comes once the popup has been sent to the hosted page', async () => {
    // A stand-in window that records where it is sent (a real one's location.replace cannot be watched).
    const sentTo: string[] = [];
    const stand = {
      closed: false,
      close() {
        this.closed = true;
      },
      location: {
        replace: (url: string) => sentTo.push(url),
        get href(): string {
          throw new DOMException('Blocked a frame from accessing a cross-origin frame.', 'SecurityError');
        },
      },
    };
    spy.restore();
    spy = spyOnWindowOpen(() => stand as unknown as Window);
    const el = await mount({ endpoint: endpoint(uniqueId()) });
    const created = new Promise<{ session: string; sent: string[] }>((resolve) =>
      el.addEventListener(
        'session-created',
        (event) => resolve({ session: event.detail.session.url, sent: [...sentTo] }),
        { once: true },
      ),
    );
    buttonOf(el).click();
    const { session, sent } = await created;
    expect(session.startsWith(`${PROVIDER_ORIGIN}/provider/page`)).to.equal(true);
    expect(sent).to.deep.equal([session]);
    el.cancel();
    expect(stand.closed).to.equal(true);
  });

  it("the popup carries the flow window's mark in its own sessionStorage; the page keeps none", async () => {
    const el = await mount({ endpoint: endpoint(uniqueId(), { delay: 3000 }) });
    buttonOf(el).click();
    const popup = spy.calls[0]!.win!;
    expect(popup.sessionStorage.getItem(FLOW_WINDOW_KEY)).to.equal('1');
    expect(sessionStorage.getItem(FLOW_WINDOW_KEY)).to.equal(null);
    el.cancel();
  });

  it('centres the popup with integer, non-negative coordinates and no noopener', async () => {
    const el = await mount({
      endpoint: endpoint(uniqueId(), { delay: 2000 }),
      extra: { 'popup-width': '500', 'popup-height': '600' },
    });
    buttonOf(el).click();
    const features = String(spy.calls[0]!.args[2]);
    expect(features).to.match(/width=500,height=600,left=\d+,top=\d+/);
    expect(features).not.to.include('noopener');
    expect(String(spy.calls[0]!.args[1])).to.match(/^hosted-auth-session-/);
    el.cancel();
  });

  it('sends the session request: JSON body with return URLs, a fresh state and merged fields', async () => {
    const id = uniqueId();
    const el = await mount({ endpoint: endpoint(id, { act: 'approve' }) });
    el.body = { workflowKey: 'wf-1', nested: { a: 1 } };
    el.headers = { 'X-CSRF-Token': 'csrf-123' };
    const first = oneEvent(el, 'session-success');
    buttonOf(el).click();
    await first;
    const second = oneEvent(el, 'session-success');
    buttonOf(el).click();
    await second;
    const [a, b] = await recordedRequests(id);
    expect(a!.method).to.equal('POST');
    expect(a!.headers['content-type']).to.equal('application/json');
    expect(a!.headers['accept']).to.equal('application/json');
    expect(a!.headers['x-csrf-token']).to.equal('csrf-123');
    expect(a!.body).to.include({ redirectUrl: DONE_URL, cancelUrl: CANCEL_URL, workflowKey: 'wf-1' });
    expect(a!.body['nested']).to.deep.equal({ a: 1 });
    expect(a!.body['state']).to.match(/^[A-Za-z0-9_-]{22,}$/);
    expect(a!.body['state']).not.to.equal(b!.body['state']);
  });

  it('omits absent return URLs from the body', async () => {
    const id = uniqueId();
    const el = await fixture<HostedAuthSession>(html`<hosted-auth-session
      endpoint=${endpoint(id, { raw: '{"url":"https://id.example/x"}' })}
    ></hosted-auth-session>`);
    const error = oneEvent(el, 'session-error');
    buttonOf(el).click();
    expect((await error).detail.code).to.equal('config');
    const [request] = await recordedRequests(id);
    expect(Object.keys(request!.body)).to.deep.equal(['state']);
  });

  it('success via the callback page (which closes at once; message, channel and polling all report) → exactly one session-success, popup closed, nothing left behind', async () => {
    const el = await mount({ endpoint: endpoint(uniqueId(), { act: 'approve', after: 50, extra: 'x y' }) });
    const seen = countOutcomes(el);
    const created = oneEvent(el, 'session-created');
    const success = oneEvent(el, 'session-success');
    buttonOf(el).click();
    const createdEvent = await created;
    expect(createdEvent.detail.session.url.startsWith(`${PROVIDER_ORIGIN}/provider/page`)).to.equal(true);
    expect(createdEvent.detail.session.provider).to.equal('generic');
    const ev = await success;
    expect(ev.bubbles).to.equal(true);
    expect(ev.composed).to.equal(true);
    expect(ev.detail.url!.startsWith(DONE_URL)).to.equal(true);
    expect(ev.detail.params).to.include({ code: 'auth-code-1', extra: 'x y' });
    expect(ev.detail.params['state']).to.be.a('string');
    expect(ev.detail.session!.sessionId).to.equal('sess_1');
    expect(el.status).to.equal('success');
    expect(el.getAttribute('status')).to.equal('success');
    expect(popupOf(spy).closed).to.equal(true);
    await aTimeout(300);
    expect(seen).to.deep.equal(['session-success']);
    expectClean();
    expect(el.shadowRoot!.activeElement).to.equal(el.shadowRoot!.querySelector('[part="button"]'));
  });

  it('start() resolves with the success detail', async () => {
    const el = await mount({ endpoint: endpoint(uniqueId(), { act: 'approve' }) });
    const result = await el.start();
    expect(result.status).to.equal('success');
    if (result.status === 'success') expect(result.params['code']).to.equal('auth-code-1');
  });

  it('success by polling alone when the return page has no callback script', async () => {
    const el = await mount({
      endpoint: endpoint(uniqueId(), { act: 'approve', after: 50 }),
      redirectUrl: PLAIN_DONE_URL,
      cancelUrl: PLAIN_CANCEL_URL,
    });
    const success = oneEvent(el, 'session-success');
    buttonOf(el).click();
    const ev = await success;
    expect(ev.detail.url!.startsWith(PLAIN_DONE_URL)).to.equal(true);
    expect(popupOf(spy).closed).to.equal(true);
  });

  it('an instant 302 back to the redirect URL is not missed', async () => {
    const el = await mount({ endpoint: endpoint(uniqueId(), { hop: 1 }), redirectUrl: PLAIN_DONE_URL });
    const success = oneEvent(el, 'session-success');
    buttonOf(el).click();
    expect((await success).detail.params['code']).to.equal('instant');
  });

  it('cancel URL → session-cancel reason cancel-url (distinct from closed)', async () => {
    const el = await mount({ endpoint: endpoint(uniqueId(), { act: 'cancel', after: 50 }) });
    const cancel = oneEvent(el, 'session-cancel');
    buttonOf(el).click();
    const ev = await cancel;
    expect(ev.detail.reason).to.equal('cancel-url');
    expect(ev.detail.url!.startsWith(CANCEL_URL)).to.equal(true);
    expect(el.status).to.equal('cancel');
    expectClean();
  });

  it('error=access_denied on the redirect URL → session-cancel reason denied', async () => {
    const el = await mount({ endpoint: endpoint(uniqueId(), { act: 'deny' }) });
    const cancel = oneEvent(el, 'session-cancel');
    buttonOf(el).click();
    const ev = await cancel;
    expect(ev.detail.reason).to.equal('denied');
    expect(ev.detail.params!['error']).to.equal('access_denied');
  });

  it('another error on the redirect URL → session-error provider_error', async () => {
    const el = await mount({ endpoint: endpoint(uniqueId(), { act: 'error' }) });
    const error = oneEvent(el, 'session-error');
    const promise = el.start();
    const ev = await error;
    expect(ev.detail).to.include({ code: 'provider_error', providerCode: 'server_error', message: 'Provider is down' });
    const rejection = await promise.then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(rejection).to.be.instanceOf(Error);
    expect((rejection as { code: string }).code).to.equal('provider_error');
    expect(popupOf(spy).closed).to.equal(true);
  });

  it('on-window-closed="cancel": a popup the user closes → session-cancel reason closed within poll + grace', async () => {
    const el = await mount({ endpoint: endpoint(uniqueId()), extra: { 'on-window-closed': 'cancel' } });
    const created = oneEvent(el, 'session-created');
    const cancel = oneEvent(el, 'session-cancel');
    buttonOf(el).click();
    await created;
    const closedAt = Date.now();
    popupOf(spy).close();
    const ev = await cancel;
    expect(ev.detail.reason).to.equal('closed');
    // Poll (100 ms) + grace (500 ms): about 0.6 s, never before the grace; the upper bound leaves
    // room for a loaded machine but fails a grace of a second or more.
    expect(Date.now() - closedAt).to.be.within(450, 1500);
    expectClean();
  });

  it('on-window-closed="cancel": a popup the provider page closes itself → closed', async () => {
    const el = await mount({
      endpoint: endpoint(uniqueId(), { act: 'close', after: 100 }),
      extra: { 'on-window-closed': 'cancel' },
    });
    const cancel = oneEvent(el, 'session-cancel');
    buttonOf(el).click();
    expect((await cancel).detail.reason).to.equal('closed');
  });

  it('popup blocked → popup_blocked, no backend call, no timers left', async () => {
    spy.restore();
    spy = spyOnWindowOpen(() => null);
    const id = uniqueId();
    const el = await mount({ endpoint: endpoint(id) });
    const seen = countOutcomes(el);
    const error = oneEvent(el, 'session-error');
    const promise = el.start().catch((e: unknown) => e);
    const ev = await error;
    expect(ev.detail.code).to.equal('popup_blocked');
    expect(ev.detail.retryable).to.equal(true);
    expect(((await promise) as { code: string }).code).to.equal('popup_blocked');
    await aTimeout(100);
    expect(await recordedRequests(id)).to.have.length(0);
    expect(seen).to.deep.equal(['session-error']);
    expectClean();
  });

  it('popup blocked with fallback="iframe" → the flow continues in the dialog', async () => {
    spy.restore();
    spy = spyOnWindowOpen(() => null);
    const el = await mount({
      endpoint: endpoint(uniqueId(), { act: 'approve', after: 100 }),
      extra: { fallback: 'iframe' },
    });
    const success = oneEvent(el, 'session-success');
    const created = oneEvent(el, 'session-created');
    buttonOf(el).click();
    await created;
    await waitFor(() => !!el.shadowRoot!.querySelector('dialog[open] iframe'));
    expect((await success).detail.params['code']).to.equal('auth-code-1');
    expect(el.shadowRoot!.querySelector('dialog')).to.equal(null);
  });

  for (const [name, options, code] of [
    ['a 500 from the backend', { status: 500, raw: '{"message":"boom"}' }, 'http'],
    ['an HTML answer', { raw: '<html>', type: 'text/html' }, 'invalid_response'],
    ['a javascript: session URL', { raw: '{"url":"javascript:alert(1)"}' }, 'invalid_session_url'],
    ['a data: session URL', { raw: '{"url":"data:text/html,<script>alert(1)</script>"}' }, 'invalid_session_url'],
    ['an expired session', { raw: `{"url":"https://id.example/s","expiresAt":${Date.now() - 1000}}` }, 'expired'],
  ] as const) {
    it(`${name} after the popup opened → the popup closes and one ${code} error`, async () => {
      const el = await mount({ endpoint: endpoint(uniqueId(), options) });
      const seen = countOutcomes(el);
      const error = oneEvent(el, 'session-error');
      buttonOf(el).click();
      const ev = await error;
      expect(ev.detail.code).to.equal(code);
      expect(popupOf(spy).closed).to.equal(true);
      await aTimeout(150);
      expect(seen).to.deep.equal(['session-error']);
      expectClean();
    });
  }

  it('a network failure → network error, retryable, popup closed', async () => {
    const el = await mount({ endpoint: 'http://127.0.0.1:1/api/session' });
    const error = oneEvent(el, 'session-error');
    buttonOf(el).click();
    const ev = await error;
    expect(ev.detail).to.include({ code: 'network', retryable: true });
    expect(popupOf(spy).closed).to.equal(true);
  });

  it('a missing endpoint → config error before any window opens', async () => {
    const el = await fixture<HostedAuthSession>(
      html`<hosted-auth-session redirect-url=${DONE_URL}></hosted-auth-session>`,
    );
    const error = oneEvent(el, 'session-error');
    buttonOf(el).click();
    expect((await error).detail.code).to.equal('config');
    expect(spy.calls).to.have.length(0);
  });

  it('allowed-origins refuses a session URL on another origin', async () => {
    const el = await mount({
      endpoint: endpoint(uniqueId(), { act: 'approve' }),
      extra: { 'allowed-origins': 'https://id.example http://127.0.0.1:1' },
    });
    const error = oneEvent(el, 'session-error');
    buttonOf(el).click();
    expect((await error).detail.code).to.equal('invalid_session_url');
  });

  it('allowed-origins lets the listed provider origin through', async () => {
    const el = await mount({
      endpoint: endpoint(uniqueId(), { act: 'approve' }),
      extra: { 'allowed-origins': PROVIDER_ORIGIN },
    });
    const created = oneEvent(el, 'session-created');
    const outcome = Promise.race([
      oneEvent(el, 'session-success'),
      oneEvent(el, 'session-error'),
      oneEvent(el, 'session-cancel'),
    ]);
    buttonOf(el).click();
    expect((await created).detail.session.url.startsWith(`${PROVIDER_ORIGIN}/`)).to.equal(true);
    const ev = await outcome;
    expect(ev.type, JSON.stringify(ev.detail)).to.equal('session-success');
    expect(ev.detail.params['code']).to.equal('auth-code-1');
  });

  it('timeout → timeout error, popup closed, nothing left behind', async () => {
    const el = await mount({ endpoint: endpoint(uniqueId()), extra: { timeout: '600' } });
    const error = oneEvent(el, 'session-error');
    const started = Date.now();
    buttonOf(el).click();
    const ev = await error;
    expect(ev.detail.code).to.equal('timeout');
    expect(Date.now() - started).to.be.within(550, 5000);
    expect(popupOf(spy).closed).to.equal(true);
    expectClean();
  });

  it('the timeout covers a backend that never answers, and aborts its request', async () => {
    const el = await mount({ endpoint: endpoint(uniqueId(), { hang: 1 }), extra: { timeout: '400' } });
    const error = oneEvent(el, 'session-error');
    buttonOf(el).click();
    expect((await error).detail.code).to.equal('timeout');
  });

  it('a frozen tab still times out right after it wakes (wall-clock deadline)', async () => {
    const el = await mount({ endpoint: endpoint(uniqueId()), extra: { timeout: '1500' } });
    const seen = countOutcomes(el);
    // A frozen or throttled tab runs its timers late: every timer of 100 ms or more set in this
    // test fires a minute late, so a deadline kept by setTimeout alone would not end the flow.
    const realSetTimeout = window.setTimeout;
    window.setTimeout = ((handler: TimerHandler, ms?: number, ...args: unknown[]) =>
      realSetTimeout(handler, (ms ?? 0) >= 100 ? (ms ?? 0) + 60_000 : ms, ...args)) as typeof window.setTimeout;
    try {
      const created = oneEvent(el, 'session-created');
      const error = oneEvent(el, 'session-error');
      buttonOf(el).click();
      const clicked = Date.now();
      // The flow is open (on a very loaded machine the deadline may already have ended it).
      await Promise.race([created, error]);
      // Frozen until well past the deadline: no timer can run.
      while (Date.now() < clicked + 2000) {
        // busy
      }
      const woke = Date.now();
      window.dispatchEvent(new Event('focus'));
      const late = new Promise<undefined>((resolve) => realSetTimeout(() => resolve(undefined), 1000));
      const ev = await Promise.race([error, late]);
      expect(ev, 'no session-error within 1 s of waking').not.to.equal(undefined);
      expect(ev!.detail.code).to.equal('timeout');
      // Right after the tab wakes, not a full timeout later (a loaded machine gets some slack).
      expect(Date.now() - woke).to.be.below(500);
      expect(seen).to.deep.equal(['session-error']);
    } finally {
      window.setTimeout = realSetTimeout;
      el.cancel();
    }
  });

  it('double click and re-entrant start() → one popup, one backend call, one promise', async () => {
    const id = uniqueId();
    const el = await mount({ endpoint: endpoint(id, { act: 'approve', after: 200 }) });
    const seen = countOutcomes(el);
    buttonOf(el).click();
    buttonOf(el).click();
    const a = el.start();
    const b = el.start();
    expect(a).to.equal(b);
    await a;
    expect(spy.calls).to.have.length(1);
    expect(await recordedRequests(id)).to.have.length(1);
    expect(seen).to.deep.equal(['session-success']);
  });

  it('cancel() mid-flow → reason aborted, window closed, no later events', async () => {
    const el = await mount({ endpoint: endpoint(uniqueId(), { act: 'approve', after: 400 }) });
    const seen = countOutcomes(el);
    const created = oneEvent(el, 'session-created');
    const cancel = oneEvent(el, 'session-cancel');
    const promise = el.start();
    await created;
    el.cancel();
    expect((await cancel).detail.reason).to.equal('aborted');
    expect((await promise).status).to.equal('cancel');
    expect(popupOf(spy).closed).to.equal(true);
    await aTimeout(600);
    expect(seen).to.deep.equal(['session-cancel']);
    expectClean();
  });

  it('cancel() while the backend is still answering aborts the request', async () => {
    const el = await mount({ endpoint: endpoint(uniqueId(), { delay: 2000 }) });
    const cancel = oneEvent(el, 'session-cancel');
    buttonOf(el).click();
    el.cancel();
    expect((await cancel).detail.reason).to.equal('aborted');
    expect(popupOf(spy).closed).to.equal(true);
    expectClean();
  });

  it('removing the element mid-flow closes the popup and ends the flow as aborted', async () => {
    const el = await mount({ endpoint: endpoint(uniqueId(), { act: 'approve', after: 500 }) });
    const created = oneEvent(el, 'session-created');
    const cancel = oneEvent(el, 'session-cancel');
    buttonOf(el).click();
    await created;
    el.remove();
    expect((await cancel).detail.reason).to.equal('aborted');
    expect(popupOf(spy).closed).to.equal(true);
    expectClean();
  });

  it('forged completion messages from the provider origin are ignored; the real outcome still arrives', async () => {
    const el = await mount({ endpoint: endpoint(uniqueId(), { forge: 1, act: 'approve', after: 300 }) });
    const seen = countOutcomes(el);
    const success = oneEvent(el, 'session-success');
    buttonOf(el).click();
    await success;
    expect(seen).to.deep.equal(['session-success']);
  });

  it('same-origin messages from the wrong source or with the wrong shape are ignored', async () => {
    const el = await mount({ endpoint: endpoint(uniqueId()) });
    const seen = countOutcomes(el);
    const created = oneEvent(el, 'session-created');
    buttonOf(el).click();
    await created;
    const url = `${CANCEL_URL}?state=x`;
    window.postMessage({ type: 'hosted-auth-session:complete', url }, MERCHANT_ORIGIN);
    window.postMessage({ type: 'other', url: DONE_URL }, MERCHANT_ORIGIN);
    window.postMessage(`${DONE_URL}`, MERCHANT_ORIGIN);
    window.postMessage({ type: 'hosted-auth-session:complete', url: '<img src=x onerror=alert(1)>' }, MERCHANT_ORIGIN);
    await postedMessagesDelivered();
    expect(seen).to.deep.equal([]);
    expect(el.status).to.equal('open');
    el.cancel();
  });

  it('look-alike return URLs do not end the flow', async function () {
    // Three flows one after the other: more than the default time on a loaded machine.
    this.timeout(30_000);
    for (const lookalike of [
      `${MERCHANT_ORIGIN}/callback/done-evil`,
      `${MERCHANT_ORIGIN}/?next=/callback/done`,
      `${MERCHANT_ORIGIN}/#/callback/done`,
    ]) {
      const session = `${PROVIDER_ORIGIN}/provider/page?act=approve&redirect=${encodeURIComponent(lookalike)}`;
      const el = await mount({ endpoint: endpoint(uniqueId(), { raw: JSON.stringify({ url: session }) }) });
      const seen = countOutcomes(el);
      const created = oneEvent(el, 'session-created');
      buttonOf(el).click();
      await created;
      await waitFor(() => {
        try {
          return spy.calls.at(-1)!.win!.location.href.startsWith(MERCHANT_ORIGIN);
        } catch {
          return false;
        }
      });
      await aTimeout(250);
      expect(seen, lookalike).to.deep.equal([]);
      el.cancel();
    }
  });

  it('a late message from an earlier flow never ends a later one', async () => {
    const el = await mount({
      endpoint: endpoint(uniqueId(), { act: 'approve', after: 1000 }),
      redirectUrl: PLAIN_DONE_URL,
    });
    const first = oneEvent(el, 'session-cancel');
    const created = oneEvent(el, 'session-created');
    buttonOf(el).click();
    await created;
    el.cancel();
    await first;
    const old = popupOf(spy);
    expect(old.closed).to.equal(true);
    const seen = countOutcomes(el);
    const createdAgain = oneEvent(el, 'session-created');
    const success = oneEvent(el, 'session-success');
    buttonOf(el).click();
    await createdAgain;
    // Replay what flow 1's window would have said on the BroadcastChannel, and wait until the
    // report was delivered (to this listener, and so to the element's) before looking.
    const forged = `${PLAIN_DONE_URL}?code=old&state=not-this-flow`;
    const delivered = nextChannelReport('code=old');
    const channel = new BroadcastChannel('hosted-auth-session');
    channel.postMessage({ type: 'hosted-auth-session:complete', url: forged });
    channel.close();
    expect(await delivered).to.equal(forged);
    await aTimeout(0);
    expect(seen).to.deep.equal([]);
    expect(el.status).to.equal('open');
    // The real outcome still arrives, and it is flow 2's, not the replayed one.
    const ev = await success;
    expect(ev.detail.params['code']).to.equal('auth-code-1');
    expect(ev.detail.url).not.to.include('code=old');
    expect(seen).to.deep.equal(['session-success']);
  });

  it('can start again after a failure', async () => {
    const el = await mount({ endpoint: endpoint(uniqueId()), extra: { timeout: '300' } });
    const error = oneEvent(el, 'session-error');
    buttonOf(el).click();
    await error;
    el.endpoint = endpoint(uniqueId(), { act: 'approve' });
    el.timeout = 0;
    const success = oneEvent(el, 'session-success');
    buttonOf(el).click();
    await success;
    expect(el.status).to.equal('success');
  });
});

describe('popup mode: the request and the window in one click', () => {
  let spy: Spy;
  const order: string[] = [];
  const signals: AbortSignal[] = [];
  const realFetch = window.fetch;
  let restoreActivation = () => {};

  /** What `navigator.userActivation` says: a click being handled (`true`) or a timer (`false`). */
  function setActivation(isActive: boolean) {
    Object.defineProperty(navigator, 'userActivation', {
      configurable: true,
      get: () => ({ isActive, hasBeenActive: isActive }),
    });
    restoreActivation = () => {
      delete (navigator as { userActivation?: unknown }).userActivation;
    };
  }

  /** Records window.open in `order`, next to fetch; `open` decides what it returns. */
  function spyOnBoth(open: NonNullable<Parameters<typeof spyOnWindowOpen>[0]>) {
    spy = spyOnWindowOpen((...args) => {
      order.push('open');
      return open(...args);
    });
  }

  beforeEach(() => {
    order.length = 0;
    signals.length = 0;
    window.fetch = (input, init) => {
      order.push('fetch');
      if (init?.signal) signals.push(init.signal);
      return realFetch(input, init);
    };
  });
  afterEach(() => {
    window.fetch = realFetch;
    spy.restore();
    restoreActivation();
  });

  it("with the user's activation, the request leaves first and the popup opens in the same click", async () => {
    setActivation(true);
    const realOpen = window.open;
    spyOnBoth((...args) => realOpen.apply(window, args));
    const el = await mount({ endpoint: endpoint(uniqueId(), { act: 'approve', after: 50 }) });
    const success = oneEvent(el, 'session-success');
    buttonOf(el).click();
    // Both happened inside the click, before it returned.
    expect(order).to.deep.equal(['fetch', 'open']);
    expect(spy.calls[0]!.win).not.to.equal(null);
    expect((await success).detail.params['code']).to.equal('auth-code-1');
  });

  it('with activation but a refused window anyway, the request already on its way is aborted → popup_blocked', async () => {
    setActivation(true);
    spyOnBoth(() => null);
    const el = await mount({ endpoint: endpoint(uniqueId(), { delay: 3000 }) });
    const seen = countOutcomes(el);
    const error = oneEvent(el, 'session-error');
    buttonOf(el).click();
    expect(order).to.deep.equal(['fetch', 'open']);
    expect((await error).detail.code).to.equal('popup_blocked');
    expect(signals).to.have.length(1);
    expect(signals[0]!.aborted).to.equal(true);
    await aTimeout(50);
    expect(seen).to.deep.equal(['session-error']);
  });

  it('without activation the window is opened first, and a refused one makes no request', async () => {
    setActivation(false);
    spyOnBoth(() => null);
    const id = uniqueId();
    const el = await mount({ endpoint: endpoint(id) });
    const error = oneEvent(el, 'session-error');
    el.start().catch(() => undefined);
    expect((await error).detail.code).to.equal('popup_blocked');
    expect(order).to.deep.equal(['open']);
    expect(await recordedRequests(id)).to.have.length(0);
  });

  it('without activation an opened window comes first, then the request', async () => {
    setActivation(false);
    const realOpen = window.open;
    spyOnBoth((...args) => realOpen.apply(window, args));
    const el = await mount({ endpoint: endpoint(uniqueId(), { act: 'approve', after: 50 }) });
    const success = oneEvent(el, 'session-success');
    el.start().catch(() => undefined);
    expect(order).to.deep.equal(['open', 'fetch']);
    expect((await success).detail.params['code']).to.equal('auth-code-1');
  });
});

describe('popup mode with a Cross-Origin-Opener-Policy provider', () => {
  let spy: Spy;
  beforeEach(() => {
    spy = spyOnWindowOpen();
  });
  afterEach(() => spy.restore());

  it('on-window-closed="cancel": the cut link reads as closed → closed', async () => {
    const el = await mount({ endpoint: endpoint(uniqueId(), { coop: 1 }), extra: { 'on-window-closed': 'cancel' } });
    const cancel = oneEvent(el, 'session-cancel');
    buttonOf(el).click();
    expect((await cancel).detail.reason).to.equal('closed');
  });

  it('auto (the default): a link cut as the provider page loads waits, and the channel report completes the flow', async () => {
    const el = await mount({ endpoint: endpoint(uniqueId(), { coop: 1, act: 'approve', after: 1200 }) });
    expect(el.onWindowClosed).to.equal('auto');
    const seen = countOutcomes(el);
    const success = oneEvent(el, 'session-success');
    buttonOf(el).click();
    await waitFor(() => !!el.shadowRoot!.querySelector('[part="waiting"]'));
    expect(el.status).to.equal('open');
    expect((await success).detail.params['code']).to.equal('auth-code-1');
    expect(seen).to.deep.equal(['session-success']);
  });

  it('on-window-closed="wait": shows it is waiting, then the BroadcastChannel report completes the flow', async () => {
    const el = await mount({
      endpoint: endpoint(uniqueId(), { coop: 1, act: 'approve', after: 1200 }),
      extra: { 'on-window-closed': 'wait' },
    });
    const seen = countOutcomes(el);
    const success = oneEvent(el, 'session-success');
    buttonOf(el).click();
    await waitFor(() => !!el.shadowRoot!.querySelector('[part="waiting"]'));
    expect(el.status).to.equal('open');
    expect(el.shadowRoot!.querySelector('[part="waiting-cancel"]')!.textContent!.trim()).to.equal('Cancel');
    const ev = await success;
    expect(ev.detail.params['code']).to.equal('auth-code-1');
    expect(seen).to.deep.equal(['session-success']);
    expect(el.shadowRoot!.querySelector('[part="waiting"]')).to.equal(null);
  });

  it('on-window-closed="wait": the waiting notice\'s Cancel ends the flow as closed', async () => {
    const el = await mount({ endpoint: endpoint(uniqueId(), { coop: 1 }), extra: { 'on-window-closed': 'wait' } });
    const cancel = oneEvent(el, 'session-cancel');
    buttonOf(el).click();
    await waitFor(() => !!el.shadowRoot!.querySelector('[part="waiting-cancel"]'));
    el.shadowRoot!.querySelector<HTMLButtonElement>('[part="waiting-cancel"]')!.click();
    expect((await cancel).detail.reason).to.equal('closed');
  });
});

describe('on-window-closed="auto": the threshold', () => {
  let spy: Spy;
  const realNow = Date.now;
  beforeEach(() => {
    spy = spyOnWindowOpen();
  });
  afterEach(() => {
    Date.now = realNow;
    spy.restore();
  });

  it(`a popup closed within ${AUTO_WAIT_MS} ms of being sent to the provider waits for the other window`, async () => {
    const el = await mount({ endpoint: endpoint(uniqueId()) });
    const seen = countOutcomes(el);
    const created = oneEvent(el, 'session-created');
    buttonOf(el).click();
    await created;
    popupOf(spy).close();
    await waitFor(() => !!el.shadowRoot!.querySelector('[part="waiting"]'));
    await aTimeout(DEFAULT_CLOSE_GRACE_MS + 200);
    expect(el.status).to.equal('open');
    expect(seen).to.deep.equal([]);
    const cancel = oneEvent(el, 'session-cancel');
    el.shadowRoot!.querySelector<HTMLButtonElement>('[part="waiting-cancel"]')!.click();
    expect((await cancel).detail.reason).to.equal('closed');
  });

  it(`a popup closed later than ${AUTO_WAIT_MS} ms after it was sent to the provider is a cancel (closed)`, async () => {
    const el = await mount({ endpoint: endpoint(uniqueId()) });
    const created = oneEvent(el, 'session-created');
    const cancel = oneEvent(el, 'session-cancel');
    buttonOf(el).click();
    await created;
    // The person looked at the provider page for a while, then closed the window.
    Date.now = () => realNow() + AUTO_WAIT_MS + 1;
    popupOf(spy).close();
    expect((await cancel).detail.reason).to.equal('closed');
    expect(el.shadowRoot!.querySelector('[part="waiting"]')).to.equal(null);
  });

  it('a popup closed while the backend was still answering is a cancel (closed), however soon', async () => {
    const el = await mount({ endpoint: endpoint(uniqueId(), { delay: 300 }) });
    const cancel = oneEvent(el, 'session-cancel');
    buttonOf(el).click();
    popupOf(spy).close();
    expect((await cancel).detail.reason).to.equal('closed');
    expect(el.shadowRoot!.querySelector('[part="waiting"]')).to.equal(null);
  });
});

describe('popup mode: two elements on one page', () => {
  let spy: ReturnType<typeof spyOnWindowOpen>;
  beforeEach(() => {
    spy = spyOnWindowOpen();
  });
  afterEach(() => spy.restore());

  it('two elements on one page never cross-talk', async () => {
    const a = await mountElement(endpoint(uniqueId(), { act: 'approve', after: 400 }));
    const b = await mountElement(endpoint(uniqueId(), { act: 'cancel', after: 150 }));
    const seenA = countOutcomes(a);
    const seenB = countOutcomes(b);
    const successA = oneEvent(a, 'session-success');
    const cancelB = oneEvent(b, 'session-cancel');
    buttonOf(a).click();
    buttonOf(b).click();
    expect(spy.calls).to.have.length(2);
    expect(spy.calls[0]!.args[1]).not.to.equal(spy.calls[1]!.args[1]);
    expect((await cancelB).detail.reason).to.equal('cancel-url');
    expect((await successA).detail.params['code']).to.equal('auth-code-1');
    await aTimeout(200);
    expect(seenA).to.deep.equal(['session-success']);
    expect(seenB).to.deep.equal(['session-cancel']);
  });

  it('two popup flows whose return URLs carry no state — the BroadcastChannel is not trusted, polling still ends each', async () => {
    const a = await mountElement(endpoint(uniqueId(), { act: 'approve', after: 300, state: 0 }), {
      'on-window-closed': 'wait',
    });
    const b = await mountElement(endpoint(uniqueId(), { act: 'approve', after: 600, state: 0 }), {
      'on-window-closed': 'wait',
    });
    const seenA = countOutcomes(a);
    const seenB = countOutcomes(b);
    buttonOf(a).click();
    buttonOf(b).click();
    await waitFor(() => seenA.length === 1 && seenB.length === 1);
    await aTimeout(200);
    expect(seenA).to.deep.equal(['session-success']);
    expect(seenB).to.deep.equal(['session-success']);
  });
});
