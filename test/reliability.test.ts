// Rows of RELIABILITY.md that are best shown in the component's own page. The popup and iframe
// basics (rows 1–6, 8–12, 14, 16–23, 25–27, 29) are in popup.test.ts, frame.test.ts and
// callback.test.ts; the pure rows (13, 15, 35) also have property tests in unit-*.test.ts.
import { aTimeout, expect, fixture, html, oneEvent } from '@open-wc/testing';
import '../src/index.js';
import type { HostedAuthSession } from '../src/index.js';
import {
  CANCEL_URL,
  DONE_URL,
  MERCHANT_ORIGIN,
  countOutcomes,
  endpoint,
  spyOnWindowOpen,
  uniqueId,
  waitFor,
} from './helpers.js';

function button(el: HostedAuthSession) {
  return el.shadowRoot!.querySelector<HTMLButtonElement>('[part="button"]')!;
}

async function mount(endpointUrl: string, attrs: Record<string, string> = {}) {
  const el = await fixture<HostedAuthSession>(html`<hosted-auth-session
    endpoint=${endpointUrl}
    redirect-url=${DONE_URL}
    cancel-url=${CANCEL_URL}
  ></hosted-auth-session>`);
  for (const [name, value] of Object.entries(attrs)) el.setAttribute(name, value);
  await el.updateComplete;
  return el;
}

describe('RELIABILITY.md rows', () => {
  let spy: ReturnType<typeof spyOnWindowOpen>;
  beforeEach(() => {
    spy = spyOnWindowOpen();
  });
  afterEach(() => spy.restore());

  it('row 7: two elements on one page never cross-talk', async () => {
    const a = await mount(endpoint(uniqueId(), { act: 'approve', after: 400 }));
    const b = await mount(endpoint(uniqueId(), { act: 'cancel', after: 150 }));
    const seenA = countOutcomes(a);
    const seenB = countOutcomes(b);
    const successA = oneEvent(a, 'session-success');
    const cancelB = oneEvent(b, 'session-cancel');
    button(a).click();
    button(b).click();
    expect(spy.calls).to.have.length(2);
    expect(spy.calls[0]!.args[1]).not.to.equal(spy.calls[1]!.args[1]);
    expect((await cancelB).detail.reason).to.equal('cancel-url');
    expect((await successA).detail.params['code']).to.equal('auth-code-1');
    await aTimeout(200);
    expect(seenA).to.deep.equal(['session-success']);
    expect(seenB).to.deep.equal(['session-cancel']);
  });

  it('row 7: two popup flows whose return URLs carry no state — the BroadcastChannel is not trusted, polling still ends each', async () => {
    const a = await mount(endpoint(uniqueId(), { act: 'approve', after: 300, state: 0 }), {
      'on-window-closed': 'wait',
    });
    const b = await mount(endpoint(uniqueId(), { act: 'approve', after: 600, state: 0 }), {
      'on-window-closed': 'wait',
    });
    const seenA = countOutcomes(a);
    const seenB = countOutcomes(b);
    button(a).click();
    button(b).click();
    await waitFor(() => seenA.length === 1 && seenB.length === 1);
    await aTimeout(200);
    expect(seenA).to.deep.equal(['session-success']);
    expect(seenB).to.deep.equal(['session-success']);
  });

  it('row 30: a provider form step inside the iframe submits and the flow completes; the allow policy is explicit', async () => {
    const el = await mount(endpoint(uniqueId(), { form: 1 }), { mode: 'iframe', allow: 'camera; microphone' });
    const success = oneEvent(el, 'session-success');
    button(el).click();
    await waitFor(() => !!el.shadowRoot!.querySelector('iframe'));
    expect(el.shadowRoot!.querySelector('iframe')!.getAttribute('allow')).to.equal('camera; microphone');
    expect((await success).detail.params['code']).to.equal('auth-code-1');
  });

  it('row 31: a provider that refuses framing (X-Frame-Options: DENY) is not detectable; with a timeout the flow ends as timeout, not a silent wait', async () => {
    const el = await mount(endpoint(uniqueId(), { xfo: 1, act: 'approve' }), { mode: 'iframe', timeout: '1500' });
    const seen = countOutcomes(el);
    const error = oneEvent(el, 'session-error');
    button(el).click();
    expect((await error).detail.code).to.equal('timeout');
    expect(seen).to.deep.equal(['session-error']);
  });

  it('row 32: removing the element twice, and during the iframe load, throws nothing', async () => {
    const errors: unknown[] = [];
    const onError = (event: ErrorEvent) => errors.push(event.error);
    const onRejection = (event: PromiseRejectionEvent) => errors.push(event.reason);
    window.addEventListener('error', onError);
    window.addEventListener('unhandledrejection', onRejection);
    try {
      const el = await mount(endpoint(uniqueId(), { delay: 100 }), { mode: 'iframe' });
      const cancel = oneEvent(el, 'session-cancel');
      button(el).click();
      await waitFor(() => !!el.shadowRoot!.querySelector('iframe'));
      const parent = el.parentNode!;
      el.remove();
      el.remove();
      parent.append(el);
      el.remove();
      expect((await cancel).detail.reason).to.equal('aborted');
      el.cancel();
      await aTimeout(100);
      expect(errors).to.deep.equal([]);
    } finally {
      window.removeEventListener('error', onError);
      window.removeEventListener('unhandledrejection', onRejection);
    }
  });

  it('row 35: markup in a forged message is data: no element is created from it', async () => {
    const el = await mount(endpoint(uniqueId()));
    const created = oneEvent(el, 'session-created');
    button(el).click();
    await created;
    const before = document.querySelectorAll('img').length;
    const markup = '"><img src=x onerror="window.__injected=1">';
    const popup = spy.calls[0]!.win!;
    // Same origin as the page, but not the flow's window, and not a return URL: all ignored.
    window.postMessage({ type: 'hosted-auth-session:complete', url: `${DONE_URL}?code=${markup}` }, MERCHANT_ORIGIN);
    window.postMessage({ type: 'hosted-auth-session:complete', url: markup }, MERCHANT_ORIGIN);
    await aTimeout(100);
    expect(document.querySelectorAll('img').length).to.equal(before);
    expect((window as unknown as { __injected?: number }).__injected).to.equal(undefined);
    expect(el.shadowRoot!.innerHTML).not.to.include('onerror');
    expect(popup.closed).to.equal(false);
    el.cancel();
  });

  it('row 36: event details carry only the documented keys and no credentials', async () => {
    const el = await mount(endpoint(uniqueId(), { act: 'approve' }));
    el.headers = { Authorization: 'Bearer merchant-csrf-secret' };
    el.body = { password: 'hunter2' };
    const created = oneEvent(el, 'session-created');
    const success = oneEvent(el, 'session-success');
    button(el).click();
    const createdDetail = (await created).detail;
    const detail = (await success).detail;
    expect(Object.keys(createdDetail)).to.deep.equal(['session']);
    expect(Object.keys(createdDetail.session).sort()).to.deep.equal(['provider', 'raw', 'sessionId', 'url']);
    expect(Object.keys(detail).sort()).to.deep.equal(['params', 'session', 'url']);
    const text = JSON.stringify([createdDetail, detail]);
    expect(text).not.to.include('merchant-csrf-secret');
    expect(text).not.to.include('hunter2');
  });
});
