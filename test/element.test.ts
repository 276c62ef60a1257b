import { aTimeout, expect, fixture, html, oneEvent } from '@open-wc/testing';
import { HostedAuthError, HostedAuthSession } from '../src/index.js';
import { savePendingFlow } from '../src/flow/redirect.js';
import {
  CANCEL_URL,
  DONE_URL,
  countOutcomes,
  endpoint,
  recordedRequests,
  spyOnWindowOpen,
  uniqueId,
} from './helpers.js';

async function waitForRequests(id: string, count: number) {
  const end = Date.now() + 5000;
  while ((await recordedRequests(id)).length < count) {
    if (Date.now() > end) throw new Error(`expected ${count} request(s) to ${id}`);
    await aTimeout(25);
  }
}

function button(el: HostedAuthSession) {
  return el.shadowRoot!.querySelector<HTMLButtonElement>('[part="button"]')!;
}

describe('<hosted-auth-session>', () => {
  it('is defined', () => {
    expect(customElements.get('hosted-auth-session')).to.equal(HostedAuthSession);
    expect(document.createElement('hosted-auth-session')).to.be.instanceOf(HostedAuthSession);
  });

  it('has the defaults of SPEC §3', async () => {
    const el = await fixture<HostedAuthSession>(html`<hosted-auth-session></hosted-auth-session>`);
    expect(el.provider).to.equal('auto');
    expect(el.mode).to.equal('popup');
    expect(el.popupWidth).to.equal(480);
    expect(el.popupHeight).to.equal(720);
    expect(el.timeout).to.equal(0);
    expect(el.pollInterval).to.equal(100);
    expect(el.allow).to.equal('camera; microphone; fullscreen; publickey-credentials-get; clipboard-write');
    expect(el.onWindowClosed).to.equal('cancel');
    expect(el.fallback).to.equal('none');
    expect(el.prefetch).to.equal(false);
    expect(el.disabled).to.equal(false);
    expect(el.credentials).to.equal('same-origin');
    expect(el.status).to.equal('idle');
    expect(el.getAttribute('status')).to.equal('idle');
    expect(button(el).type).to.equal('button');
    const slot = button(el).querySelector('slot')!;
    expect(slot.textContent!.trim()).to.equal('Continue');
  });

  it('maps every attribute to its property', async () => {
    const el = await fixture<HostedAuthSession>(html`<hosted-auth-session
      endpoint="/api/session?id=attribute-mapping&delay=10"
      provider="fiskil"
      mode="iframe"
      redirect-url="https://shop.example/done"
      cancel-url="https://shop.example/cancel"
      popup-width="300"
      popup-height="400"
      timeout="5000"
      poll-interval="250"
      allowed-origins="https://a.example https://b.example"
      allow="camera"
      on-window-closed="wait"
      fallback="iframe"
      prefetch
      disabled
    ></hosted-auth-session>`);
    expect(el.endpoint).to.equal('/api/session?id=attribute-mapping&delay=10');
    expect(el.provider).to.equal('fiskil');
    expect(el.mode).to.equal('iframe');
    expect(el.redirectUrl).to.equal('https://shop.example/done');
    expect(el.cancelUrl).to.equal('https://shop.example/cancel');
    expect(el.popupWidth).to.equal(300);
    expect(el.popupHeight).to.equal(400);
    expect(el.timeout).to.equal(5000);
    expect(el.pollInterval).to.equal(250);
    expect(el.allowedOrigins).to.equal('https://a.example https://b.example');
    expect(el.allow).to.equal('camera');
    expect(el.onWindowClosed).to.equal('wait');
    expect(el.fallback).to.equal('iframe');
    expect(el.prefetch).to.equal(true);
    expect(el.disabled).to.equal(true);
    expect(button(el).disabled).to.equal(true);
  });

  it('reflects mode and disabled, and status is read-only', async () => {
    const el = await fixture<HostedAuthSession>(html`<hosted-auth-session></hosted-auth-session>`);
    el.mode = 'inline';
    el.disabled = true;
    await el.updateComplete;
    expect(el.getAttribute('mode')).to.equal('inline');
    expect(el.hasAttribute('disabled')).to.equal(true);
    expect(() => {
      (el as unknown as { status: string }).status = 'success';
    }).to.throw();
    expect(el.status).to.equal('idle');
  });

  it('setting properties fires no event', async () => {
    const el = await fixture<HostedAuthSession>(html`<hosted-auth-session></hosted-auth-session>`);
    const seen = countOutcomes(el);
    el.endpoint = '/api/y';
    el.mode = 'iframe';
    await el.updateComplete;
    await aTimeout(20);
    expect(seen).to.deep.equal([]);
  });

  for (const [attribute, value] of [
    ['mode', 'modal'],
    ['provider', 'acme'],
    ['on-window-closed', 'ignore'],
    ['fallback', 'tab'],
    ['redirect-url', '/relative/done'],
    ['cancel-url', 'javascript:alert(1)'],
    ['allowed-origins', 'not-an-origin'],
  ] as const) {
    it(`an invalid ${attribute} → config error naming it, nothing opened or sent`, async () => {
      const spy = spyOnWindowOpen();
      try {
        const id = uniqueId();
        const el = await fixture<HostedAuthSession>(html`<hosted-auth-session
          endpoint=${endpoint(id)}
          redirect-url=${DONE_URL}
        ></hosted-auth-session>`);
        el.setAttribute(attribute, value);
        const error = oneEvent(el, 'session-error');
        const rejected = el.start().catch((e: unknown) => e);
        const ev = await error;
        expect(ev.detail.code).to.equal('config');
        expect(ev.detail.message).to.include(attribute);
        const thrown = await rejected;
        expect(thrown).to.be.instanceOf(HostedAuthError);
        expect(el.status).to.equal('error');
        expect(spy.calls).to.have.length(0);
        expect(await recordedRequests(id)).to.have.length(0);
      } finally {
        spy.restore();
      }
    });
  }

  it('the session-error detail and the rejected HostedAuthError carry the same fields', async () => {
    const el = await fixture<HostedAuthSession>(html`<hosted-auth-session
      mode="iframe"
      provider="complycube"
      endpoint=${endpoint(uniqueId(), { status: 400, raw: JSON.stringify({ type: 'invalid_request', message: "'clientId' is invalid", param: 'clientId' }) })}
      redirect-url=${DONE_URL}
    ></hosted-auth-session>`);
    const error = oneEvent(el, 'session-error');
    const rejected = (await el.start().catch((e: unknown) => e)) as HostedAuthError;
    const { detail } = await error;
    expect(detail).to.deep.equal(rejected.toDetail());
    expect(rejected.name).to.equal('HostedAuthError');
    expect(detail).to.include({
      code: 'http',
      status: 400,
      provider: 'complycube',
      providerCode: 'invalid_request',
      param: 'clientId',
      retryable: false,
    });
    expect(detail.message).to.include("'clientId' is invalid");
  });

  it('is accessible when idle and while loading', async () => {
    const el = await fixture<HostedAuthSession>(
      html`<hosted-auth-session mode="iframe" endpoint=${endpoint(uniqueId(), { delay: 1000 })} redirect-url=${DONE_URL}>Verify my identity</hosted-auth-session>`,
    );
    await expect(el).to.be.accessible();
    button(el).click();
    await el.updateComplete;
    expect(button(el).getAttribute('aria-busy')).to.equal('true');
    await expect(el).to.be.accessible();
    el.cancel();
  });

  it('the disabled button does not start a flow', async () => {
    const id = uniqueId();
    const el = await fixture<HostedAuthSession>(
      html`<hosted-auth-session disabled endpoint=${endpoint(id)} redirect-url=${DONE_URL}></hosted-auth-session>`,
    );
    button(el).click();
    await aTimeout(50);
    expect(el.status).to.equal('idle');
    expect(await recordedRequests(id)).to.have.length(0);
  });
});

describe('providers through the element (iframe mode, real HTTP)', () => {
  const ulmSuccess = {
    processId: 'eec918ff-5db4-4fee-a601-5ff76a099c8e',
    lastStep: true,
    runtimeId: 229,
    userId: 1,
    userAuthenticated: true,
  };

  it('ULM: an authenticated last step is an immediate session-success with the payload as result', async () => {
    const el = await fixture<HostedAuthSession>(
      html`<hosted-auth-session provider="ulm" mode="iframe" endpoint=${endpoint(uniqueId(), { raw: JSON.stringify(ulmSuccess) })}></hosted-auth-session>`,
    );
    const success = oneEvent(el, 'session-success');
    button(el).click();
    const ev = await success;
    expect(ev.detail.result).to.deep.equal(ulmSuccess);
    expect(ev.detail.url).to.equal(undefined);
    expect(ev.detail.params).to.deep.equal({});
    expect(el.shadowRoot!.querySelector('dialog')).to.equal(null);
  });

  it('ULM in popup mode: the popup opened for the click is closed again', async () => {
    const spy = spyOnWindowOpen();
    try {
      const el = await fixture<HostedAuthSession>(
        html`<hosted-auth-session endpoint=${endpoint(uniqueId(), { raw: JSON.stringify(ulmSuccess) })}></hosted-auth-session>`,
      );
      const success = oneEvent(el, 'session-success');
      button(el).click();
      await success;
      expect(spy.calls[0]!.win!.closed).to.equal(true);
    } finally {
      spy.restore();
    }
  });

  it('provider="ulm" in popup mode opens no window at all (ULM has no hosted page)', async () => {
    const spy = spyOnWindowOpen();
    try {
      const el = await fixture<HostedAuthSession>(
        html`<hosted-auth-session provider="ulm" endpoint=${endpoint(uniqueId(), { raw: JSON.stringify(ulmSuccess) })}></hosted-auth-session>`,
      );
      const success = oneEvent(el, 'session-success');
      button(el).click();
      expect((await success).detail.result).to.deep.equal(ulmSuccess);
      expect(spy.calls).to.have.length(0);
    } finally {
      spy.restore();
    }
  });

  it('ULM: a gateway error without a ULM code is judged by its status (502 retryable)', async () => {
    const el = await fixture<HostedAuthSession>(
      html`<hosted-auth-session provider="ulm" endpoint=${endpoint(uniqueId(), { status: 502, raw: JSON.stringify({ error: 'bad_gateway', message: 'provider unreachable' }) })}></hosted-auth-session>`,
    );
    const error = oneEvent(el, 'session-error');
    button(el).click();
    const { detail } = await error;
    expect(detail).to.include({ code: 'http', status: 502, retryable: true });
    expect(detail.providerCode).to.equal(undefined);
  });

  it('ULM: lastStep false → incomplete with the payload as raw', async () => {
    const payload = { ...ulmSuccess, lastStep: false };
    const el = await fixture<HostedAuthSession>(
      html`<hosted-auth-session provider="ulm" mode="iframe" endpoint=${endpoint(uniqueId(), { raw: JSON.stringify(payload) })}></hosted-auth-session>`,
    );
    const error = oneEvent(el, 'session-error');
    button(el).click();
    const { detail } = await error;
    expect(detail.code).to.equal('incomplete');
    expect(detail.raw).to.deep.equal(payload);
  });

  for (const [provider, status, body, expected] of [
    [
      'ulm',
      401,
      { code: 'user-profile-locked', type: 'operation error', message: "The user's profile is locked." },
      { providerCode: 'user-profile-locked', retryable: false },
    ],
    ['ultrapass', 424, 'Dependent Workflow exception', { providerCode: 'dependency_failed', retryable: true }],
    [
      'ultrapass',
      409,
      'Workflow not valid for this Organization',
      { providerCode: 'workflow_not_valid', retryable: false },
    ],
    [
      'fiskil',
      400,
      {
        fault: false,
        id: 'e1',
        message: 'institution 99 is not known',
        name: 'invalid_institution_id',
        temporary: false,
        timeout: false,
      },
      { providerCode: 'invalid_institution_id', retryable: false },
    ],
    [
      'fiskil',
      503,
      { fault: true, id: 'e2', message: 'try later', name: 'unavailable', temporary: true, timeout: false },
      { providerCode: 'unavailable', retryable: true },
    ],
    ['auto', 429, { error: 'slow down' }, { retryable: true }],
  ] as const) {
    it(`${provider} ${status} → http error with providerCode ${'providerCode' in expected ? expected.providerCode : '(none)'}`, async () => {
      const el = await fixture<HostedAuthSession>(html`<hosted-auth-session
        mode="iframe"
        provider=${provider}
        endpoint=${endpoint(uniqueId(), { status, raw: JSON.stringify(body) })}
        redirect-url=${DONE_URL}
      ></hosted-auth-session>`);
      const error = oneEvent(el, 'session-error');
      button(el).click();
      const { detail } = await error;
      expect(detail).to.include({ code: 'http', status, ...expected });
    });
  }

  it('UltrapassId: the double-encoded JSON answer opens the hosted URL, sessionId from its query', async () => {
    const url = `http://127.0.0.1:${location.port}/provider/page?sessionId=c849466775754912bbc9058e627925f0`;
    const raw = JSON.stringify(JSON.stringify({ getSessionUrl: url }));
    const el = await fixture<HostedAuthSession>(
      html`<hosted-auth-session mode="iframe" endpoint=${endpoint(uniqueId(), { raw, status: 201 })} redirect-url=${DONE_URL}></hosted-auth-session>`,
    );
    const created = oneEvent(el, 'session-created');
    button(el).click();
    const { detail } = await created;
    expect(detail.session).to.deep.include({
      provider: 'ultrapass',
      url,
      sessionId: 'c849466775754912bbc9058e627925f0',
    });
    el.cancel();
  });

  it('Fiskil: expires_at is read in seconds', async () => {
    const expires = Math.floor(Date.now() / 1000) + 600;
    const raw = JSON.stringify({
      auth_url: `http://127.0.0.1:${location.port}/provider/page`,
      expires_at: expires,
      id: 'c1',
      session_id: 's1',
    });
    const el = await fixture<HostedAuthSession>(
      html`<hosted-auth-session mode="iframe" endpoint=${endpoint(uniqueId(), { raw })} redirect-url=${DONE_URL}></hosted-auth-session>`,
    );
    const created = oneEvent(el, 'session-created');
    button(el).click();
    const { detail } = await created;
    expect(detail.session).to.deep.include({ provider: 'fiskil', sessionId: 's1', expiresAt: expires * 1000 });
    el.cancel();
  });

  it('Fiskil: the seed example (scheme-less auth_url) is refused, never opened', async () => {
    const raw = JSON.stringify({
      auth_url: 'auth-session.com/redirect-url',
      expires_at: 1213467,
      id: '5qcql2s0bn9qfh1m5qd1sl4gth',
      session_id: 'ea564d-56012s4-6ds4564',
    });
    const el = await fixture<HostedAuthSession>(
      html`<hosted-auth-session mode="iframe" endpoint=${endpoint(uniqueId(), { raw })} redirect-url=${DONE_URL}></hosted-auth-session>`,
    );
    const error = oneEvent(el, 'session-error');
    button(el).click();
    expect((await error).detail.code).to.equal('invalid_session_url');
    expect(el.shadowRoot!.querySelector('iframe')).to.equal(null);
  });
});

describe('prefetch', () => {
  it('fetches the session when connected, uses it once on click, and fetches again when stale', async () => {
    const spy = spyOnWindowOpen();
    try {
      const id = uniqueId();
      const el = await fixture<HostedAuthSession>(
        html`<hosted-auth-session prefetch endpoint=${endpoint(id, { act: 'approve' })} redirect-url=${DONE_URL} cancel-url=${CANCEL_URL}></hosted-auth-session>`,
      );
      await waitForRequests(id, 1);
      const before = await recordedRequests(id);
      expect(before).to.have.length(1);
      const success = oneEvent(el, 'session-success');
      button(el).click();
      const ev = await success;
      expect(ev.detail.params['state']).to.equal(before[0]!.body['state']);
      // The prefetched session was used: the click made no second request.
      await aTimeout(50);
      const after = await recordedRequests(id);
      // After the flow, a new session is prefetched for the next click (never the used one).
      expect(after.length).to.be.at.most(2);
      if (after.length === 2) expect(after[1]!.body['state']).not.to.equal(before[0]!.body['state']);
    } finally {
      spy.restore();
    }
  });

  it('a prefetched session near its expiry is not used: the click fetches a fresh one', async () => {
    const spy = spyOnWindowOpen();
    try {
      const id = uniqueId();
      const raw = JSON.stringify({
        url: `http://127.0.0.1:${location.port}/provider/page`,
        expiresAt: Date.now() + 5_000,
      });
      const el = await fixture<HostedAuthSession>(
        html`<hosted-auth-session prefetch endpoint=${endpoint(id, { raw })} redirect-url=${DONE_URL}></hosted-auth-session>`,
      );
      await waitForRequests(id, 1);
      await aTimeout(100);
      expect(await recordedRequests(id)).to.have.length(1);
      const created = oneEvent(el, 'session-created');
      button(el).click();
      await created;
      const requests = await recordedRequests(id);
      expect(requests.length).to.be.at.least(2);
      el.cancel();
    } finally {
      spy.restore();
    }
  });
});

describe('redirect mode: the return page', () => {
  const original = location.href;
  afterEach(() => {
    history.replaceState(null, '', original);
    for (const key of Object.keys(sessionStorage)) {
      if (key.startsWith('hosted-auth-session:pending:')) sessionStorage.removeItem(key);
    }
  });

  const session = { provider: 'generic' as const, url: 'https://id.example/s', sessionId: 's9', raw: {} };

  it('reports the pending flow once, after the page has parsed', async () => {
    savePendingFlow('state-abc', { redirectUrl: DONE_URL, cancelUrl: CANCEL_URL }, session);
    history.replaceState(null, '', '/callback/done?code=xyz&state=state-abc');
    const el = document.createElement('hosted-auth-session');
    el.setAttribute('endpoint', '/api/session');
    el.setAttribute('mode', 'redirect');
    el.setAttribute('redirect-url', DONE_URL);
    el.setAttribute('cancel-url', CANCEL_URL);
    const success = oneEvent(el, 'session-success');
    document.body.append(el);
    const ev = await success;
    expect(ev.detail.params).to.include({ code: 'xyz', state: 'state-abc' });
    expect(ev.detail.session).to.deep.include({ sessionId: 's9' });
    expect(el.status).to.equal('success');
    // A second element (a reload) reports nothing: the record was used.
    const again = document.createElement('hosted-auth-session');
    for (const name of ['endpoint', 'mode', 'redirect-url', 'cancel-url'])
      again.setAttribute(name, el.getAttribute(name)!);
    const seen = countOutcomes(again);
    document.body.append(again);
    await aTimeout(50);
    expect(seen).to.deep.equal([]);
    el.remove();
    again.remove();
  });

  it('a return page with no pending flow of its own reports nothing', async () => {
    savePendingFlow('state-other', { redirectUrl: 'https://elsewhere.example/done' }, session);
    history.replaceState(null, '', '/callback/done?code=xyz');
    const el = document.createElement('hosted-auth-session');
    el.setAttribute('endpoint', '/api/session');
    el.setAttribute('redirect-url', DONE_URL);
    const seen = countOutcomes(el);
    document.body.append(el);
    await aTimeout(50);
    expect(seen).to.deep.equal([]);
    el.remove();
  });
});
