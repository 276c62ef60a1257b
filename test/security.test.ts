// Attacks on a waiting flow: forged return URLs, forged messages, mix-ups, leaks of the state,
// and outcomes reported twice. Each test first waits for a positive signal (the flow is open,
// the forged report was delivered) before it checks that nothing changed.
import '../src/index.js';
import { aTimeout, expect, oneEvent } from '@open-wc/testing';
import {
  DONE_URL,
  PLAIN_DONE_URL,
  PROVIDER_ORIGIN,
  buttonOf,
  countOutcomes,
  endpoint,
  mountElement,
  nextChannelReport,
  nextMessage,
  recordedRequests,
  spyOnWindowOpen,
  uniqueId,
  waitFor,
  MERCHANT_ORIGIN,
} from './helpers.js';
import type { HostedAuthSession } from '../src/index.js';

/** The state the element sent for the flow recorded under `id`: what its return URL must carry. */
async function sentState(id: string, index = 0): Promise<string> {
  const requests = await recordedRequests(id);
  const state = requests[index]?.body['state'];
  if (typeof state !== 'string') throw new Error(`no state was sent for ${id}`);
  return state;
}

/** A page of another origin that sends the browser straight to `url` (an HTTP redirect). */
function bounceFromElsewhere(url: string): string {
  return `${PROVIDER_ORIGIN}/provider/redirect?to=${encodeURIComponent(url)}`;
}

async function openFlow(el: HostedAuthSession): Promise<void> {
  const created = oneEvent(el, 'session-created');
  buttonOf(el).click();
  await created;
  expect(el.status).to.equal('open');
}

describe('security: a return URL any page can load does not end a waiting flow', () => {
  let spy: ReturnType<typeof spyOnWindowOpen>;
  const frames: HTMLIFrameElement[] = [];
  beforeEach(() => {
    spy = spyOnWindowOpen();
  });
  afterEach(() => {
    spy.restore();
    for (const frame of frames.splice(0)) frame.remove();
  });

  /** Ends the waiting popup flow the way its provider would: its own window at the return URL. */
  async function completeForReal(el: HostedAuthSession, id: string): Promise<void> {
    const success = oneEvent(el, 'session-success');
    spy.calls[0]!.win!.location.href = `${DONE_URL}?code=real&state=${await sentState(id)}`;
    expect((await success).detail.params['code']).to.equal('real');
  }

  /**
   * While a popup flow waits, `attack` makes some page load the return URL without state; once its
   * report has reached the channel, the flow must still be open, and the real outcome must win.
   */
  async function expectIgnored(marker: string, attack: (url: string) => void): Promise<void> {
    const id = uniqueId();
    const el = await mountElement(endpoint(id));
    const seen = countOutcomes(el);
    await openFlow(el);
    const delivered = nextChannelReport(marker);
    attack(bounceFromElsewhere(`${DONE_URL}?${marker}`));
    await delivered;
    await aTimeout(300);
    expect(seen).to.deep.equal([]);
    expect(el.status).to.equal('open');
    await completeForReal(el, id);
    expect(seen).to.deep.equal(['session-success']);
  }

  it('a tab that another origin sends to the return URL without state is ignored; the real outcome still arrives', async () => {
    await expectIgnored('code=attacker-tab', (url) => window.open(url));
  });

  it('a third-party iframe on the page that navigates itself to the return URL is ignored; the real outcome still arrives', async () => {
    await expectIgnored('code=attacker-frame', (url) => {
      const frame = document.createElement('iframe');
      frame.src = url;
      frames.push(frame);
      document.body.append(frame);
    });
  });

  it("a channel report with another flow's state is ignored, one with this flow's state ends it", async () => {
    const id = uniqueId();
    const el = await mountElement(endpoint(id), { 'on-window-closed': 'wait' });
    const seen = countOutcomes(el);
    await openFlow(el);
    const channel = new BroadcastChannel('hosted-auth-session');
    try {
      const delivered = nextChannelReport('code=other-flow');
      channel.postMessage({ type: 'hosted-auth-session:complete', url: `${DONE_URL}?code=other-flow&state=not-ours` });
      await delivered;
      await aTimeout(200);
      expect(seen).to.deep.equal([]);
      const success = oneEvent(el, 'session-success');
      const state = await sentState(id);
      channel.postMessage({ type: 'hosted-auth-session:complete', url: `${DONE_URL}?code=ours&state=${state}` });
      expect((await success).detail.params['code']).to.equal('ours');
    } finally {
      channel.close();
    }
  });

  it("completion messages from the flow's own window on a look-alike origin are ignored, whatever return URL they name", async () => {
    const id = uniqueId();
    const el = await mountElement(endpoint(id, { forge: 1 }));
    const seen = countOutcomes(el);
    const forged = nextMessage('test:forged');
    await openFlow(el);
    const event = await forged;
    // The forger is the flow's own window, on the provider's origin (same host name, other origin).
    expect(event.source).to.equal(spy.calls[0]!.win);
    expect(event.origin).to.equal(PROVIDER_ORIGIN);
    await aTimeout(250);
    expect(seen).to.deep.equal([]);
    expect(el.status).to.equal('open');
    await completeForReal(el, id);
  });
});

describe('security: the flow state', () => {
  let spy: ReturnType<typeof spyOnWindowOpen>;
  beforeEach(() => {
    spy = spyOnWindowOpen();
  });
  afterEach(() => spy.restore());

  for (const mode of ['popup', 'iframe'] as const) {
    for (const [page, redirectUrl] of [
      ['callback', DONE_URL],
      ['plain', PLAIN_DONE_URL],
    ] as const) {
      it(`${mode}, ${page} return page: the flow's own window coming back with another state is state_mismatch, not success`, async () => {
        const el = await mountElement(endpoint(uniqueId(), { act: 'approve', urlState: 'another-flows-state-0123' }), {
          mode,
          'redirect-url': redirectUrl,
        });
        const seen = countOutcomes(el);
        const error = oneEvent(el, 'session-error');
        buttonOf(el).click();
        const { detail } = await error;
        expect(detail.code).to.equal('state_mismatch');
        expect(detail.retryable).to.equal(true);
        expect(el.status).to.equal('error');
        await aTimeout(150);
        expect(seen).to.deep.equal(['session-error']);
        if (mode === 'popup') expect(spy.calls[0]!.win!.closed).to.equal(true);
      });
    }
  }

  it('a backend that declares its own state: the return URL carrying that state ends the flow as success', async () => {
    const declared = 'backend-chosen-state-0123456789';
    const el = await mountElement(endpoint(uniqueId(), { act: 'approve', declare: declared }));
    const success = oneEvent(el, 'session-success');
    buttonOf(el).click();
    const { detail } = await success;
    expect(detail.params['state']).to.equal(declared);
    expect(detail.session.state).to.equal(declared);
  });

  it('a backend that declares its own state: the BroadcastChannel accepts that state from a popup whose link was cut', async () => {
    const declared = 'backend-chosen-state-coop-0123';
    const el = await mountElement(endpoint(uniqueId(), { coop: 1, act: 'approve', after: 600, declare: declared }), {
      'on-window-closed': 'wait',
    });
    const success = oneEvent(el, 'session-success');
    buttonOf(el).click();
    expect((await success).detail.params['state']).to.equal(declared);
  });

  it("the popup's window name, which every page it shows can read, shares nothing with the state", async () => {
    const id = uniqueId();
    const el = await mountElement(endpoint(id, { name: 1 }));
    const named = nextMessage('test:window-name');
    buttonOf(el).click();
    const name = String((await named).data.name);
    const state = await sentState(id);
    expect(name).to.equal(spy.calls[0]!.args[1]);
    for (let i = 0; i + 4 <= state.length; i++)
      expect(name, 'a piece of the state').not.to.include(state.slice(i, i + 4));
    el.cancel();
  });

  it('each flow gets its state from crypto.getRandomValues, not Math.random', async () => {
    const id = uniqueId();
    const el = await mountElement(endpoint(id));
    const realRandom = Math.random;
    const realGetRandomValues = crypto.getRandomValues;
    try {
      Math.random = () => 0.5;
      for (let i = 0; i < 2; i++) {
        await openFlow(el);
        el.cancel();
      }
      crypto.getRandomValues = (<T extends ArrayBufferView | null>(array: T): T => {
        if (array) new Uint8Array(array.buffer, array.byteOffset, array.byteLength).fill(0);
        return array;
      }) as typeof crypto.getRandomValues;
      await openFlow(el);
      el.cancel();
    } finally {
      Math.random = realRandom;
      crypto.getRandomValues = realGetRandomValues;
    }
    const [first, second, zeroed] = [await sentState(id, 0), await sentState(id, 1), await sentState(id, 2)];
    expect(first).to.match(/^[A-Za-z0-9_-]{22,}$/);
    expect(second).to.match(/^[A-Za-z0-9_-]{22,}$/);
    expect(first).not.to.equal(second);
    expect(zeroed).to.equal('AAAAAAAAAAAAAAAAAAAAAA');
  });
});

describe('security: one outcome per flow, even from inside a listener', () => {
  let spy: ReturnType<typeof spyOnWindowOpen>;
  beforeEach(() => {
    spy = spyOnWindowOpen();
  });
  afterEach(() => spy.restore());

  const endings = [
    ['session-success', 'success', { act: 'approve' }],
    ['session-cancel', 'cancel', { act: 'cancel' }],
    ['session-error', 'error', { status: 500 }],
  ] as const;
  for (const [eventName, status, options] of endings) {
    for (const [mode, action] of [
      ['popup', 'cancel()'],
      ['popup', 'remove()'],
      ['iframe', 'cancel()'],
      ['iframe', 'remove()'],
    ] as const) {
      it(`${mode}: ${action} inside a ${eventName} listener reports nothing more and leaves the status ${status}`, async () => {
        const el = await mountElement(endpoint(uniqueId(), options), { mode });
        const seen = countOutcomes(el);
        const statuses: string[] = [];
        el.addEventListener(
          eventName,
          () => {
            statuses.push(el.status);
            if (action === 'cancel()') el.cancel();
            else el.remove();
            statuses.push(el.status);
          },
          { once: true },
        );
        const result = el.start().then(
          (value) => value.status,
          () => 'error',
        );
        expect(await result).to.equal(status);
        await waitFor(() => statuses.length === 2);
        await aTimeout(150);
        expect(seen).to.deep.equal([eventName]);
        expect(statuses).to.deep.equal([status, status]);
        expect(el.status).to.equal(status);
        expect(el.getAttribute('status')).to.equal(status);
      });
    }
  }
});

describe('security: messages built from input are clipped', () => {
  const realFetch = window.fetch;
  afterEach(() => {
    window.fetch = realFetch;
  });

  const huge = 'x'.repeat(1_000_000);
  const answers: [string, number, unknown][] = [
    ['a megabyte key name', 200, { [huge]: 1 }],
    ['a megabyte expiresAt', 200, { url: `${PROVIDER_ORIGIN}/provider/page`, expiresAt: huge }],
    ['a megabyte error message', 500, { message: huge }],
  ];
  for (const [name, status, body] of answers) {
    it(`${name} in the backend's answer: the error message stays short`, async () => {
      window.fetch = () =>
        Promise.resolve(
          new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } }),
        );
      const el = await mountElement('/api/huge', { mode: 'iframe' });
      const error = oneEvent(el, 'session-error');
      buttonOf(el).click();
      const { detail } = await error;
      expect(detail.code).to.be.oneOf(['invalid_response', 'http']);
      expect(detail.message.length).to.be.within(10, 500);
    });
  }

  it('a long error_description on the return URL: the provider_error message stays short', async () => {
    // The provider itself sends the iframe back with an error whose description needs clipping
    // (and still fits in a completion message).
    const el = await mountElement(endpoint(uniqueId(), { act: 'error', describe: 3_000 }), { mode: 'iframe' });
    const error = oneEvent(el, 'session-error');
    buttonOf(el).click();
    const { detail } = await error;
    expect(detail.code).to.equal('provider_error');
    expect(detail.providerCode).to.equal('server_error');
    expect(detail.message).to.match(/^d{10}/);
    expect(detail.message.length).to.be.within(10, 500);
  });
});

describe('security: what reaches the page and the events', () => {
  let spy: ReturnType<typeof spyOnWindowOpen>;
  beforeEach(() => {
    spy = spyOnWindowOpen();
  });
  afterEach(() => spy.restore());

  it('markup in a forged message is data: no element is created from it', async () => {
    const el = await mountElement(endpoint(uniqueId()));
    const created = oneEvent(el, 'session-created');
    buttonOf(el).click();
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

  it('event details carry only the documented keys and no credentials', async () => {
    const el = await mountElement(endpoint(uniqueId(), { act: 'approve' }));
    el.headers = { Authorization: 'Bearer merchant-csrf-secret' };
    el.body = { password: 'hunter2' };
    const created = oneEvent(el, 'session-created');
    const success = oneEvent(el, 'session-success');
    buttonOf(el).click();
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
