import { expect } from '@open-wc/testing';
import { HostedAuthError } from '../src/errors.js';
import { checkOptions, DEFAULTS, type FlowOptions } from '../src/flow/config.js';

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

describe('checkOptions', () => {
  it('defaults (SPEC §3) with only an endpoint', () => {
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
      onWindowClosed: 'cancel',
      fallback: 'none',
      body: {},
      headers: {},
      credentials: 'same-origin',
    });
  });

  it('empty attribute strings fall back to the defaults', () => {
    const config = checkOptions(options({ provider: '', mode: '', onWindowClosed: '', fallback: '' }), BASE);
    expect(config).to.include({ provider: 'auto', mode: 'popup', onWindowClosed: 'cancel', fallback: 'none' });
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
    ...(['cancel', 'wait'] as const).map((onWindowClosed) => ({
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
