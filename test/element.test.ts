// The element API: defaults, attributes and properties, and configuration errors.
import fc from 'fast-check';
import { aTimeout, expect, fixture, html, oneEvent } from '@open-wc/testing';
import { HostedAuthError, HostedAuthSession } from '../src/index.js';
import { DONE_URL, countOutcomes, endpoint, recordedRequests, spyOnWindowOpen, uniqueId, buttonOf } from './helpers.js';
import { checkOptions, DEFAULTS, type FlowOptions } from '../src/flow/config.js';
import { RUNS, throwsOnly } from './arbitraries.js';

const BASE = 'https://shop.example/checkout/page.html';

/** The options an element with only `endpoint` set hands to checkOptions. */
function options(overrides: Partial<FlowOptions> = {}): FlowOptions {
  return {
    endpoint: '/api/verification-session',
    provider: DEFAULTS.provider,
    mode: DEFAULTS.mode,
    redirectUrl: undefined,
    cancelUrl: undefined,
    popupWidth: DEFAULTS.popupWidth,
    popupHeight: DEFAULTS.popupHeight,
    timeout: DEFAULTS.timeout,
    pollInterval: DEFAULTS.pollInterval,
    allowedOrigins: undefined,
    allow: DEFAULTS.allow,
    onWindowClosed: DEFAULTS.onWindowClosed,
    fallback: DEFAULTS.fallback,
    body: undefined,
    headers: undefined,
    credentials: undefined,
    ...overrides,
  };
}

describe('<hosted-auth-session>', () => {
  it('is defined', () => {
    expect(customElements.get('hosted-auth-session')).to.equal(HostedAuthSession);
    expect(document.createElement('hosted-auth-session')).to.be.instanceOf(HostedAuthSession);
  });

  it('has the documented defaults', async () => {
    const el = await fixture<HostedAuthSession>(html`<hosted-auth-session></hosted-auth-session>`);
    expect(el.provider).to.equal('auto');
    expect(el.mode).to.equal('popup');
    expect(el.popupWidth).to.equal(480);
    expect(el.popupHeight).to.equal(720);
    expect(el.timeout).to.equal(0);
    expect(el.pollInterval).to.equal(100);
    expect(el.allow).to.equal('camera; microphone; fullscreen; publickey-credentials-get; clipboard-write');
    expect(el.onWindowClosed).to.equal('auto');
    expect(el.fallback).to.equal('none');
    expect(el.prefetch).to.equal(false);
    expect(el.disabled).to.equal(false);
    expect(el.credentials).to.equal('same-origin');
    expect(el.status).to.equal('idle');
    expect(el.getAttribute('status')).to.equal('idle');
    expect(buttonOf(el).type).to.equal('button');
    const slot = buttonOf(el).querySelector('slot')!;
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
    expect(buttonOf(el).disabled).to.equal(true);
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
    buttonOf(el).click();
    await el.updateComplete;
    expect(buttonOf(el).getAttribute('aria-busy')).to.equal('true');
    await expect(el).to.be.accessible();
    el.cancel();
  });

  it('the disabled button does not start a flow', async () => {
    const id = uniqueId();
    const el = await fixture<HostedAuthSession>(
      html`<hosted-auth-session disabled endpoint=${endpoint(id)} redirect-url=${DONE_URL}></hosted-auth-session>`,
    );
    buttonOf(el).click();
    await aTimeout(50);
    expect(el.status).to.equal('idle');
    expect(await recordedRequests(id)).to.have.length(0);
  });
});

describe('checkOptions', () => {
  it('documented defaults with only an endpoint', () => {
    expect(checkOptions(options(), BASE)).to.deep.equal({
      endpoint: 'https://shop.example/api/verification-session',
      provider: 'auto',
      mode: 'popup',
      popupWidth: 480,
      popupHeight: 720,
      timeout: 0,
      pollInterval: 100,
      allowedOrigins: [],
      allow: 'camera; microphone; fullscreen; publickey-credentials-get; clipboard-write',
      onWindowClosed: 'auto',
      fallback: 'none',
      body: {},
      headers: {},
      credentials: 'same-origin',
    });
  });

  it('empty attribute strings fall back to the defaults', () => {
    const config = checkOptions(options({ provider: '', mode: '', onWindowClosed: '', fallback: '' }), BASE);
    expect(config).to.include({ provider: 'auto', mode: 'popup', onWindowClosed: 'auto', fallback: 'none' });
  });

  const valid: { name: string; overrides: Partial<FlowOptions>; expected: Record<string, unknown> }[] = [
    {
      name: 'absolute endpoint',
      overrides: { endpoint: 'https://api.shop.example/s' },
      expected: { endpoint: 'https://api.shop.example/s' },
    },
    {
      name: 'endpoint padded with spaces',
      overrides: { endpoint: '  /api/s  ' },
      expected: { endpoint: 'https://shop.example/api/s' },
    },
    {
      name: 'relative endpoint',
      overrides: { endpoint: 'api/s?x=1' },
      expected: { endpoint: 'https://shop.example/checkout/api/s?x=1' },
    },
    ...(['ultrapass', 'fiskil', 'complycube', 'ulm', 'generic', 'auto'] as const).map((provider) => ({
      name: `provider ${provider}`,
      overrides: { provider },
      expected: { provider },
    })),
    ...(['popup', 'iframe', 'inline', 'redirect'] as const).map((mode) => ({
      name: `mode ${mode}`,
      overrides: { mode },
      expected: { mode },
    })),
    ...(['none', 'iframe', 'redirect'] as const).map((fallback) => ({
      name: `fallback ${fallback}`,
      overrides: { fallback },
      expected: { fallback },
    })),
    ...(['auto', 'cancel', 'wait'] as const).map((onWindowClosed) => ({
      name: `on-window-closed ${onWindowClosed}`,
      overrides: { onWindowClosed },
      expected: { onWindowClosed },
    })),
    ...(['omit', 'same-origin', 'include'] as const).map((credentials) => ({
      name: `credentials ${credentials}`,
      overrides: { credentials },
      expected: { credentials },
    })),
    {
      name: 'absolute return URLs',
      overrides: { redirectUrl: 'https://shop.example/verify/done', cancelUrl: 'http://localhost:4100/cancel' },
      expected: { redirectUrl: 'https://shop.example/verify/done', cancelUrl: 'http://localhost:4100/cancel' },
    },
    {
      name: 'return URLs normalised',
      overrides: { redirectUrl: 'HTTPS://Shop.Example:443/verify/done' },
      expected: { redirectUrl: 'https://shop.example/verify/done' },
    },
    {
      name: 'popup size',
      overrides: { popupWidth: 600, popupHeight: 400 },
      expected: { popupWidth: 600, popupHeight: 400 },
    },
    {
      name: 'timeout and poll interval',
      overrides: { timeout: 2000, pollInterval: 50 },
      expected: { timeout: 2000, pollInterval: 50 },
    },
    {
      name: 'popup size NaN → defaults',
      overrides: { popupWidth: NaN, popupHeight: NaN },
      expected: { popupWidth: 480, popupHeight: 720 },
    },
    {
      name: 'popup size 0 → defaults',
      overrides: { popupWidth: 0, popupHeight: -10 },
      expected: { popupWidth: 480, popupHeight: 720 },
    },
    { name: 'negative timeout → none', overrides: { timeout: -1 }, expected: { timeout: 0 } },
    { name: 'infinite timeout → none', overrides: { timeout: Infinity }, expected: { timeout: 0 } },
    { name: 'poll interval 0 → default', overrides: { pollInterval: 0 }, expected: { pollInterval: 100 } },
    { name: 'custom allow policy', overrides: { allow: 'camera' }, expected: { allow: 'camera' } },
  ];
  for (const { name, overrides, expected } of valid) {
    it(`accepts ${name}`, () => {
      expect(checkOptions(options(overrides), BASE)).to.deep.include(expected);
    });
  }

  const origins: { name: string; value: FlowOptions['allowedOrigins']; expected: string[] }[] = [
    {
      name: 'a space-separated string',
      value: ' https://id.example  http://localhost:4100 ',
      expected: ['https://id.example', 'http://localhost:4100'],
    },
    {
      name: 'an array',
      value: ['https://id.example/', 'https://ID.example:8443'],
      expected: ['https://id.example', 'https://id.example:8443'],
    },
    { name: 'an empty string', value: '', expected: [] },
    { name: 'an empty array', value: [], expected: [] },
    { name: 'null', value: null, expected: [] },
  ];
  for (const { name, value, expected } of origins) {
    it(`reads allowed-origins as ${name}`, () => {
      expect(checkOptions(options({ allowedOrigins: value }), BASE).allowedOrigins).to.deep.equal(expected);
    });
  }

  it('keeps body, headers and return URLs out when absent, and copies them when set', () => {
    const config = checkOptions(options({ body: { a: 1 }, headers: { 'X-CSRF-Token': 't' } }), BASE);
    expect(config.body).to.deep.equal({ a: 1 });
    expect(config.headers).to.deep.equal({ 'X-CSRF-Token': 't' });
    expect(config).not.to.have.property('redirectUrl');
    expect(config).not.to.have.property('cancelUrl');
  });

  const invalid: { name: string; overrides: Record<string, unknown>; mentions: string }[] = [
    { name: 'missing endpoint', overrides: { endpoint: undefined }, mentions: 'endpoint' },
    { name: 'null endpoint', overrides: { endpoint: null }, mentions: 'endpoint' },
    { name: 'empty endpoint', overrides: { endpoint: '' }, mentions: 'endpoint' },
    { name: 'blank endpoint', overrides: { endpoint: '  \n ' }, mentions: 'endpoint' },
    { name: 'javascript: endpoint', overrides: { endpoint: 'javascript:alert(1)' }, mentions: 'endpoint' },
    { name: 'data: endpoint', overrides: { endpoint: 'data:application/json,{}' }, mentions: 'endpoint' },
    { name: 'ftp: endpoint', overrides: { endpoint: 'ftp://shop.example/s' }, mentions: 'endpoint' },
    { name: 'unparsable endpoint', overrides: { endpoint: 'https://[broken/s' }, mentions: 'endpoint' },
    { name: 'unknown mode', overrides: { mode: 'modal' }, mentions: 'mode' },
    { name: 'mode in upper case', overrides: { mode: 'POPUP' }, mentions: 'mode' },
    { name: 'unknown provider', overrides: { provider: 'stripe' }, mentions: 'provider' },
    { name: 'unknown fallback', overrides: { fallback: 'popup' }, mentions: 'fallback' },
    { name: 'unknown on-window-closed', overrides: { onWindowClosed: 'close' }, mentions: 'on-window-closed' },
    { name: 'unknown credentials', overrides: { credentials: 'same_origin' }, mentions: 'credentials' },
    { name: 'relative redirect-url', overrides: { redirectUrl: '/verify/done' }, mentions: 'redirect-url' },
    {
      name: 'scheme-less redirect-url',
      overrides: { redirectUrl: 'shop.example/verify/done' },
      mentions: 'redirect-url',
    },
    { name: 'javascript: redirect-url', overrides: { redirectUrl: 'javascript:alert(1)' }, mentions: 'redirect-url' },
    { name: 'relative cancel-url', overrides: { cancelUrl: 'cancelled' }, mentions: 'cancel-url' },
    { name: 'javascript: cancel-url', overrides: { cancelUrl: 'javascript:alert(1)' }, mentions: 'cancel-url' },
    { name: 'data: cancel-url', overrides: { cancelUrl: 'data:text/html,x' }, mentions: 'cancel-url' },
    {
      name: 'bad allowed-origins string',
      overrides: { allowedOrigins: 'https://id.example id.example' },
      mentions: 'allowed-origins',
    },
    {
      name: 'javascript: in allowed-origins',
      overrides: { allowedOrigins: 'javascript:alert(1)' },
      mentions: 'allowed-origins',
    },
    { name: 'wildcard allowed-origins', overrides: { allowedOrigins: '*' }, mentions: 'allowed-origins' },
    {
      name: 'bad allowed-origins array',
      overrides: { allowedOrigins: ['https://id.example', 'nope'] },
      mentions: 'allowed-origins',
    },
    { name: 'body an array', overrides: { body: [1, 2] }, mentions: 'body' },
    { name: 'body a string', overrides: { body: 'a=1' }, mentions: 'body' },
  ];
  for (const { name, overrides, mentions } of invalid) {
    it(`refuses ${name} with config`, () => {
      expect(() => checkOptions(options(overrides as Partial<FlowOptions>), BASE))
        .to.throw(HostedAuthError)
        .that.satisfies((error: HostedAuthError) => error.code === 'config' && error.message.includes(mentions));
    });
  }
});

describe('properties: checkOptions', () => {
  const text = (...good: string[]) => fc.oneof(fc.constantFrom(...good), fc.string());
  const url = fc.oneof(fc.webUrl(), fc.string(), fc.constantFrom('javascript:alert(1)', '/relative', 'data:,x'));
  const options = fc.record({
    endpoint: fc.oneof(url, fc.constantFrom(null, undefined, '')),
    provider: text('auto', 'ultrapass', 'fiskil', 'complycube', 'ulm', 'generic'),
    mode: text('popup', 'iframe', 'inline', 'redirect'),
    redirectUrl: fc.option(url, { nil: undefined }),
    cancelUrl: fc.option(url, { nil: undefined }),
    popupWidth: fc.double(),
    popupHeight: fc.double(),
    timeout: fc.double(),
    pollInterval: fc.double(),
    allowedOrigins: fc.oneof(
      fc.constant(undefined),
      fc.string(),
      fc.array(fc.oneof(fc.webUrl(), fc.string()), { maxLength: 3 }),
    ),
    allow: fc.string(),
    onWindowClosed: text('auto', 'cancel', 'wait'),
    fallback: text('none', 'iframe', 'redirect'),
    body: fc.constant(undefined),
    headers: fc.constant(undefined),
    credentials: fc.option(fc.constantFrom('omit', 'same-origin', 'include') as fc.Arbitrary<RequestCredentials>, {
      nil: undefined,
    }),
  });

  it('throws only config, and what it returns is known good', () => {
    fc.assert(
      fc.property(options, (given) => {
        let config: ReturnType<typeof checkOptions> | undefined;
        throwsOnly(['config'], () => {
          config = checkOptions(given as FlowOptions, 'https://shop.example/page');
        });
        if (config === undefined) return;
        for (const value of [config.endpoint, config.redirectUrl, config.cancelUrl]) {
          if (value !== undefined) expect(new URL(value).protocol).to.be.oneOf(['https:', 'http:']);
        }
        for (const value of [config.popupWidth, config.popupHeight, config.pollInterval]) {
          expect(Number.isFinite(value) && value >= 1, String(value)).to.equal(true);
        }
        expect(Number.isFinite(config.timeout) && config.timeout >= 0).to.equal(true);
      }),
      RUNS,
    );
  });
});
