// The session request and the provider answers: request body and state, provider adapters,
// URL safety, prefetch, and the providers through the element over real HTTP.
import fc from 'fast-check';
import { expect, aTimeout, fixture, html, oneEvent } from '@open-wc/testing';
import { HostedAuthError } from '../src/errors.js';
import { adapters } from '../src/session/adapters/all.js';
import { readAnswer, readProviderError } from '../src/session/read.js';
import { clip } from '../src/errors.js';
import { decodeJsonBody } from '../src/session/decode.js';
import { isRecord } from '../src/session/is-record.js';
import { checkSessionUrl, originOf, parseAllowedOrigins } from '../src/session/url-safety.js';
import { requestBody } from '../src/session/request.js';
import { createState } from '../src/session/state.js';
import { HostedAuthSession } from '../src/index.js';
import {
  CANCEL_URL,
  DONE_URL,
  endpoint,
  recordedRequests,
  spyOnWindowOpen,
  uniqueId,
  buttonOf,
  waitForRequests,
} from './helpers.js';
import { isRetryableStatus } from '../src/session/adapters/parse.js';
import { RUNS, PROVIDER_OPTIONS, anything, payload, status, throwsOnly } from './arbitraries.js';
import type { ProviderName, ProviderOption } from '../src/session/types.js';

/** A response body as the element reads it: JSON (or JSON-in-a-string), else the text itself. */
function bodyOf(text: string): unknown {
  return decodeJsonBody(text)?.value ?? text;
}

// The providers' own documented example payloads, as the HTTP body text a backend passes through.
const DOCUMENTED = {
  ultrapass: String.raw`"{\"getSessionUrl\":\"https://auth.ultrapassid.com/uauth?sessionId=c849466775754912bbc9058e627925f0\"}"`,
  ultrapassModel: '{ "getSessionUrl": "http://example.com" }',
  fiskil: `{
    "auth_url": "auth-session.com/redirect-url",
    "expires_at": 1213467,
    "id": "5qcql2s0bn9qfh1m5qd1sl4gth",
    "session_id": "ea564d-56012s4-6ds4564"
  }`,
  complycube: `{
    "redirectUrl": "https://id.complycube.com/test_ODdkNjhiOTU0MzY4YmE5NjRmMDMyY2E5MWYwZjgxNjMzZTcyMWJmNzU2YjZmNDQ4NmFjMTU0ZGZhYTU5MmNhY2NiNjI3ZDE4YWJkYmU2M2M3ZWYzZTlmM2M3MzgxMmM3NzZhMjVlYmQyNDI0ODdkOWQ3M2JiMjkxZTYxNzdhYmExMGEzOGRhYmM2OTIwMjgyYmEzZGY3ZDY0NWZhMjcwN2RlMTFkOTcxZWNhOWI2Zjg0NjllZGNkODVjYzMzMDA5YjdlMWY5OGIwMmZjY2UzNGI2YTMxOGQxNGZmNGFhYjczNzU0YmYwMjFkMzU1M2FjMjQ4ZDQ2ZjJjZTY4YWY0MzIxNjVlMDRjOTIyYTExMTlmMWU3YTYwMDY1NGJmYWM0NTA2MDE5NTg5NTkxYzA4MzYyYTUyM2I0NDM4OGExNWIyMTIzYTBhNDc0NDA4NWM2ZTQwMmNjMGVjMTk2YW?theme=light"
  }`,
  complycubeError: `{
    "type": "invalid_request",
    "message": "'clientId' is invalid",
    "param": "clientId"
  }`,
  ulm: '{ "processId": "eec918ff-5db4-4fee-a601-5ff76a099c8e", "lastStep": true, "runtimeId": 229, "userId": 1, "userAuthenticated": true }',
} as const;

const ULTRAPASS_URL = 'https://auth.ultrapassid.com/uauth?sessionId=c849466775754912bbc9058e627925f0';
const COMPLYCUBE_URL = (JSON.parse(DOCUMENTED.complycube) as { redirectUrl: string }).redirectUrl;

describe('createState', () => {
  it('is URL-safe and carries at least 128 bits', () => {
    for (let i = 0; i < 200; i++) {
      const state = createState();
      expect(state).to.match(/^[A-Za-z0-9_-]+$/);
      // Each base64url character carries 6 bits.
      expect(state.length * 6).to.be.at.least(128);
      expect(encodeURIComponent(state)).to.equal(state);
      expect(new URLSearchParams(`state=${state}`).get('state')).to.equal(state);
    }
  });

  it('is fresh each time', () => {
    const states = Array.from({ length: 2000 }, createState);
    expect(new Set(states).size).to.equal(states.length);
  });

  it('uses the whole alphabet (random, not a counter)', () => {
    const seen = new Set(Array.from({ length: 400 }, createState).join(''));
    expect(seen.size).to.equal(64);
  });
});

describe('requestBody: the session request body', () => {
  const cases: { name: string; input: Parameters<typeof requestBody>[0]; body: Record<string, unknown> }[] = [
    {
      name: 'both return URLs and state',
      input: { redirectUrl: 'https://shop.example/done', cancelUrl: 'https://shop.example/cancel', state: 's1' },
      body: { redirectUrl: 'https://shop.example/done', cancelUrl: 'https://shop.example/cancel', state: 's1' },
    },
    { name: 'absent URLs omitted', input: { state: 's2' }, body: { state: 's2' } },
    { name: 'empty URLs omitted', input: { redirectUrl: '', cancelUrl: '', state: 's3' }, body: { state: 's3' } },
    {
      name: 'only a redirect URL',
      input: { redirectUrl: 'https://shop.example/done', state: 's4' },
      body: { redirectUrl: 'https://shop.example/done', state: 's4' },
    },
    {
      name: 'extra body fields merged',
      input: {
        cancelUrl: 'https://shop.example/cancel',
        state: 's5',
        body: { end_user_id: 'eu_2yRHN2ag2y4p8kCtm5DOeccZEXB', institution_id: '10', nested: { a: [1] } },
      },
      body: {
        cancelUrl: 'https://shop.example/cancel',
        state: 's5',
        end_user_id: 'eu_2yRHN2ag2y4p8kCtm5DOeccZEXB',
        institution_id: '10',
        nested: { a: [1] },
      },
    },
  ];
  for (const { name, input, body } of cases) {
    it(name, () => {
      const built = requestBody(input);
      expect(built).to.deep.equal(body);
      expect(JSON.parse(JSON.stringify(built))).to.deep.equal(body);
    });
  }

  it('puts the return URLs and state first, the merchant fields after', () => {
    const built = requestBody({
      redirectUrl: 'https://s.example/d',
      cancelUrl: 'https://s.example/c',
      state: 's',
      body: { z: 1 },
    });
    expect(Object.keys(built)).to.deep.equal(['redirectUrl', 'cancelUrl', 'state', 'z']);
  });

  it('never carries the headers or credentials into the body', () => {
    const built = requestBody({ state: 's', headers: { 'X-CSRF-Token': 't' }, credentials: 'include' });
    expect(built).to.deep.equal({ state: 's' });
  });
});

describe('decodeJsonBody', () => {
  const cases: { name: string; text: string; value: unknown }[] = [
    { name: 'UltrapassId double-encoded answer', text: DOCUMENTED.ultrapass, value: { getSessionUrl: ULTRAPASS_URL } },
    {
      name: 'UltrapassId double-encoded cached workflow',
      text: String.raw`"{\"workflowKey\":\"322dbc7a-0a8a-452a-ba6d-c3e893f29ecc\",\"policyId\":\"B2C_1A_UUID_REGISTRATION\",\"clientRedirectUrl\":\"https://dev-portal.ultrapassid.com\"}"`,
      value: {
        workflowKey: '322dbc7a-0a8a-452a-ba6d-c3e893f29ecc',
        policyId: 'B2C_1A_UUID_REGISTRATION',
        clientRedirectUrl: 'https://dev-portal.ultrapassid.com',
      },
    },
    { name: 'plain JSON object', text: '{"url":"https://id.example/s"}', value: { url: 'https://id.example/s' } },
    { name: 'double-encoded array', text: '"[1,2]"', value: [1, 2] },
    { name: 'double-encoded JSON padded with spaces', text: '" {\\"a\\":1} "', value: { a: 1 } },
    { name: 'a JSON string that is not JSON inside', text: '"Request not valid"', value: 'Request not valid' },
    { name: 'a JSON string that only looks like JSON', text: '"{not json"', value: '{not json' },
    { name: 'JSON null', text: 'null', value: null },
    { name: 'JSON number', text: '42', value: 42 },
  ];
  for (const { name, text, value } of cases) {
    it(`reads ${name}`, () => {
      expect(decodeJsonBody(text)).to.deep.equal({ value });
    });
  }

  for (const text of ['', 'Request not valid', '<html></html>', '{"a":', "{'a':1}"]) {
    it(`answers undefined for non-JSON text ${JSON.stringify(text)}`, () => {
      expect(decodeJsonBody(text)).to.equal(undefined);
    });
  }

  it('clip() makes one short line of untrusted text', () => {
    expect(clip('a\n\n  b\tc')).to.equal('a b c');
    const clipped = clip('x'.repeat(500), 20);
    expect(clipped).to.have.length(20);
    expect(clipped.endsWith('…')).to.equal(true);
  });

  it('isRecord() accepts plain objects only', () => {
    expect([{}, { a: 1 }].map(isRecord)).to.deep.equal([true, true]);
    expect([null, [], 'x', 1, undefined].map(isRecord)).to.deep.equal([false, false, false, false, false]);
  });
});

describe("readAnswer with the providers' documented examples", () => {
  const sessions: {
    name: string;
    text: string;
    providers: ProviderOption[];
    provider: ProviderName;
    url: string;
    sessionId?: string;
    expiresAt?: number;
  }[] = [
    {
      name: 'UltrapassId 201 (double-encoded)',
      text: DOCUMENTED.ultrapass,
      providers: ['ultrapass', 'auto'],
      provider: 'ultrapass',
      url: ULTRAPASS_URL,
      sessionId: 'c849466775754912bbc9058e627925f0',
    },
    {
      name: 'UltrapassId model example (no sessionId in the URL)',
      text: DOCUMENTED.ultrapassModel,
      providers: ['ultrapass', 'auto'],
      provider: 'ultrapass',
      url: 'http://example.com',
    },
    {
      name: 'Fiskil 200',
      text: DOCUMENTED.fiskil,
      providers: ['fiskil', 'auto'],
      provider: 'fiskil',
      url: 'auth-session.com/redirect-url',
      sessionId: 'ea564d-56012s4-6ds4564',
      expiresAt: 1213467000,
    },
    {
      name: 'ComplyCube 200',
      text: DOCUMENTED.complycube,
      providers: ['complycube', 'auto'],
      provider: 'complycube',
      url: COMPLYCUBE_URL,
    },
    {
      name: 'generic { url, sessionId, expiresAt (ms) }',
      text: '{"url":"https://id.example/s/1","sessionId":"s1","expiresAt":1700000000000}',
      providers: ['generic', 'auto'],
      provider: 'generic',
      url: 'https://id.example/s/1',
      sessionId: 's1',
      expiresAt: 1700000000000,
    },
    {
      name: 'generic { sessionUrl, expiresAt (ISO) }',
      text: '{"sessionUrl":"https://id.example/s/2","expiresAt":"2030-01-02T03:04:05.000Z"}',
      providers: ['generic', 'auto'],
      provider: 'generic',
      url: 'https://id.example/s/2',
      expiresAt: Date.UTC(2030, 0, 2, 3, 4, 5),
    },
  ];
  for (const { name, text, providers, provider, url, sessionId, expiresAt } of sessions) {
    for (const option of providers) {
      it(`${name} with provider="${option}"`, () => {
        const raw = bodyOf(text);
        const answer = readAnswer(option, raw);
        if (answer.kind !== 'session') expect.fail(`expected a session, got ${answer.kind}`);
        expect(answer.session).to.deep.equal({
          provider,
          url,
          ...(sessionId === undefined ? {} : { sessionId }),
          ...(expiresAt === undefined ? {} : { expiresAt }),
          raw,
        });
      });
    }
  }

  it('the UltrapassId and ComplyCube documented URLs pass the session URL check', () => {
    for (const text of [DOCUMENTED.ultrapass, DOCUMENTED.complycube]) {
      const answer = readAnswer('auto', bodyOf(text));
      if (answer.kind !== 'session') expect.fail('expected a session');
      expect(checkSessionUrl(answer.session.url)).to.equal(answer.session.url);
    }
  });

  it("the Fiskil seed's scheme-less auth_url is refused before it is opened", () => {
    const answer = readAnswer('fiskil', bodyOf(DOCUMENTED.fiskil));
    if (answer.kind !== 'session') expect.fail('expected a session');
    expect(() => checkSessionUrl(answer.session.url))
      .to.throw(HostedAuthError)
      .with.property('code', 'invalid_session_url');
  });

  for (const option of ['ulm', 'auto'] as const) {
    it(`ULM authenticated last step is an immediate result with provider="${option}"`, () => {
      const raw = bodyOf(DOCUMENTED.ulm);
      expect(readAnswer(option, raw)).to.deep.equal({ kind: 'immediate', immediate: { provider: 'ulm', result: raw } });
    });
  }

  const incomplete: { name: string; patch: Record<string, unknown> }[] = [
    { name: 'lastStep false', patch: { lastStep: false } },
    { name: 'userAuthenticated false', patch: { userAuthenticated: false } },
    { name: 'both false', patch: { lastStep: false, userAuthenticated: false } },
  ];
  for (const { name, patch } of incomplete) {
    for (const option of ['ulm', 'auto'] as const) {
      it(`ULM with ${name} is incomplete, carrying the payload (provider="${option}")`, () => {
        const raw = { ...(bodyOf(DOCUMENTED.ulm) as object), ...patch };
        expect(() => readAnswer(option, raw))
          .to.throw(HostedAuthError)
          .that.includes({ code: 'incomplete', provider: 'ulm', raw });
      });
    }
  }
});

describe('readAnswer refuses payloads without the expected fields', () => {
  const seedValue = (text: string) => bodyOf(text) as Record<string, unknown>;
  const without = (text: string, key: string) => {
    const copy = { ...seedValue(text) };
    delete copy[key];
    return copy;
  };
  const withField = (text: string, key: string, value: unknown) => ({ ...seedValue(text), [key]: value });
  const cases: { provider: ProviderName; name: string; value: unknown }[] = [
    { provider: 'ultrapass', name: 'missing getSessionUrl', value: {} },
    { provider: 'ultrapass', name: 'getSessionUrl null', value: { getSessionUrl: null } },
    { provider: 'ultrapass', name: 'getSessionUrl an object', value: { getSessionUrl: { href: ULTRAPASS_URL } } },
    { provider: 'ultrapass', name: 'the double-encoded text not decoded', value: DOCUMENTED.ultrapass },
    { provider: 'fiskil', name: 'missing auth_url', value: without(DOCUMENTED.fiskil, 'auth_url') },
    { provider: 'fiskil', name: 'missing expires_at', value: without(DOCUMENTED.fiskil, 'expires_at') },
    { provider: 'fiskil', name: 'missing session_id', value: without(DOCUMENTED.fiskil, 'session_id') },
    { provider: 'fiskil', name: 'expires_at a string', value: withField(DOCUMENTED.fiskil, 'expires_at', '1213467') },
    { provider: 'fiskil', name: 'auth_url a number', value: withField(DOCUMENTED.fiskil, 'auth_url', 1) },
    { provider: 'fiskil', name: 'session_id a number', value: withField(DOCUMENTED.fiskil, 'session_id', 7) },
    { provider: 'complycube', name: 'missing redirectUrl', value: {} },
    { provider: 'complycube', name: 'redirectUrl an array', value: { redirectUrl: [COMPLYCUBE_URL] } },
    { provider: 'ulm', name: 'missing lastStep', value: without(DOCUMENTED.ulm, 'lastStep') },
    { provider: 'ulm', name: 'missing userAuthenticated', value: without(DOCUMENTED.ulm, 'userAuthenticated') },
    {
      provider: 'ulm',
      name: 'userAuthenticated a string',
      value: withField(DOCUMENTED.ulm, 'userAuthenticated', 'true'),
    },
    { provider: 'ulm', name: 'lastStep a number', value: withField(DOCUMENTED.ulm, 'lastStep', 1) },
    { provider: 'generic', name: 'neither url nor sessionUrl', value: { sessionId: 's' } },
    { provider: 'generic', name: 'url a number', value: { url: 5 } },
    { provider: 'generic', name: 'sessionId a number', value: { url: 'https://id.example/', sessionId: 5 } },
    { provider: 'generic', name: 'expiresAt not a date', value: { url: 'https://id.example/', expiresAt: 'soon' } },
    { provider: 'generic', name: 'expiresAt a boolean', value: { url: 'https://id.example/', expiresAt: true } },
  ];
  for (const { provider, name, value } of cases) {
    it(`${provider}: ${name} → invalid_response`, () => {
      expect(() => readAnswer(provider, value))
        .to.throw(HostedAuthError)
        .that.includes({ code: 'invalid_response', provider, raw: value });
    });
  }

  const nothing: unknown[] = [
    null,
    undefined,
    [],
    [{ url: 'https://id.example/' }],
    'https://id.example/',
    42,
    true,
    {},
    { foo: 1 },
  ];
  for (const provider of [...adapters.map((adapter) => adapter.name), 'auto'] as const) {
    it(`${provider}: no session in null, arrays, strings, numbers or foreign objects → invalid_response`, () => {
      for (const value of nothing) {
        expect(() => readAnswer(provider, value), JSON.stringify(value))
          .to.throw(HostedAuthError)
          .with.property('code', 'invalid_response');
      }
    });
  }

  it('names every field that did not match, and no field that did', () => {
    try {
      readAnswer('fiskil', { auth_url: 'https://auth.fiskil.example/s', expires_at: '1700000000', id: 7 });
      expect.fail('expected a throw');
    } catch (error) {
      expect(error).to.be.instanceOf(HostedAuthError);
      const { message } = error as HostedAuthError;
      expect(message.split(', but ')[1]).to.equal('expires_at, id, session_id did not match');
    }
  });
});

describe('readProviderError: the provider error table', () => {
  type Expected = {
    provider?: ProviderName;
    providerCode?: string;
    message?: string;
    param?: string;
    retryable: boolean;
  };
  const both = (provider: ProviderName): ProviderOption[] => [provider, 'auto'];

  // [status, body text, providerCode, retryable, providers]: the message is the string itself.
  // `auto` never reads a plain string as UltrapassId's (any backend can answer "Bad Request"):
  // those rows are checked under `auto` below, as "anything else".
  const ultrapassRows: [number, string, string | undefined, boolean, ProviderOption[]][] = [
    [400, 'Request not valid', 'invalid_request', false, ['ultrapass']],
    [409, 'Workflow not valid for this Organization', 'workflow_not_valid', false, ['ultrapass']],
    [424, 'Dependent Workflow exception', 'dependency_failed', true, ['ultrapass']],
    [503, 'Service Unavailable', undefined, true, ['ultrapass']],
  ];
  // [status, Fiskil error name, temporary, timeout, retryable]
  const fiskilRows: [number, string, boolean, boolean, boolean][] = [
    [400, 'invalid_institution_id', false, false, false],
    [401, 'unauthorized', false, false, false],
    [404, 'end_user_not_found', false, false, false],
    [400, 'rate_limited', true, false, true],
    [400, 'upstream_timeout', false, true, true],
    [503, 'fault', false, false, false],
  ];
  const ulmCodes = ['user-profile-locked', 'authentication-required', 'user-activating', 'invalid-code'];
  const cases: { name: string; status: number; text: string; providers: ProviderOption[]; expected: Expected }[] = [
    ...ultrapassRows.flatMap(([status, message, providerCode, retryable, providers]) =>
      // Plain text as the seed documents it, and the same string JSON-encoded.
      [message, JSON.stringify(message)].map((text) => ({
        name: `UltrapassId ${status} ${text}`,
        status,
        text,
        providers,
        expected: { provider: 'ultrapass' as const, ...(providerCode ? { providerCode } : {}), message, retryable },
      })),
    ),
    ...fiskilRows.map(([status, name, temporary, timeout, retryable]) => ({
      name: `Fiskil ${status} ${name} (temporary ${temporary}, timeout ${timeout})`,
      status,
      text: JSON.stringify({ fault: false, id: 'err_1', message: `${name} happened`, name, temporary, timeout }),
      providers: both('fiskil'),
      expected: { provider: 'fiskil' as const, providerCode: name, message: `${name} happened`, retryable },
    })),
    {
      name: 'ComplyCube 400 seed example',
      status: 400,
      text: DOCUMENTED.complycubeError,
      providers: both('complycube'),
      expected: {
        provider: 'complycube',
        providerCode: 'invalid_request',
        message: "'clientId' is invalid",
        param: 'clientId',
        retryable: false,
      },
    },
    {
      name: 'ComplyCube 500 without param',
      status: 500,
      text: '{"type":"internal_error","message":"oops"}',
      providers: both('complycube'),
      expected: { provider: 'complycube', providerCode: 'internal_error', message: 'oops', retryable: true },
    },
    // Every documented 401 code under either key, and one at 503: ULM errors are never retryable.
    ...[...ulmCodes.map((code) => [401, code] as const), [503, 'authentication-required'] as const].flatMap(
      ([status, code]) =>
        (['code', 'errorCode'] as const).map((key) => ({
          name: `ULM ${status} ${key} ${code}`,
          status,
          text: JSON.stringify({ [key]: code, type: 'operation error', message: `ULM says ${code}` }),
          providers: both('ulm'),
          expected: { provider: 'ulm' as const, providerCode: code, message: `ULM says ${code}`, retryable: false },
        })),
    ),
  ];
  for (const { name, status, text, providers, expected } of cases) {
    for (const option of providers) {
      it(`${name} with provider="${option}"`, () => {
        expect(readProviderError(option, status, bodyOf(text))).to.deep.equal(expected);
      });
    }
  }

  for (const [status, message] of [
    [400, 'Request not valid'],
    [424, 'Dependent Workflow exception'],
    [400, 'Bad Request'],
  ] as const) {
    it(`auto reads a plain-string ${status} "${message}" as no provider's (retryable by status only)`, () => {
      expect(readProviderError('auto', status, message)).to.deep.equal({ message, retryable: false });
    });
  }

  for (const [name, status, value, retryable] of [
    ["a bare { code } at 503 is not ULM's", 503, { code: 'UNAVAILABLE', message: 'down' }, true],
    ["a bare { code } at 429 is not ULM's", 429, { code: 'RATE_LIMITED', message: 'slow down' }, true],
    [
      "a problem+json { type, title } is not ComplyCube's",
      400,
      { type: 'https://example.com/probs/x', title: 'Bad' },
      false,
    ],
  ] as const) {
    it(`auto: ${name}`, () => {
      const info = readProviderError('auto', status, value);
      expect(info.provider).to.equal(undefined);
      expect(info.providerCode).to.equal(undefined);
      expect(info.retryable).to.equal(retryable);
    });
  }

  it('fiskil: an expires_at too large to be a date is refused', () => {
    expect(() => readAnswer('fiskil', { auth_url: 'https://a.example', expires_at: 1e306, id: 'i', session_id: 's' }))
      .to.throw(HostedAuthError)
      .with.property('code', 'invalid_response');
  });

  const unknown: { name: string; status: number; value: unknown; retryable: boolean; message?: string }[] = [
    {
      name: 'HTML error page',
      status: 502,
      value: '<p>Bad gateway</p>',
      retryable: true,
      message: '<p>Bad gateway</p>',
    },
    { name: 'empty body', status: 500, value: '', retryable: true },
    { name: 'null', status: 503, value: null, retryable: true },
    { name: 'request timeout', status: 408, value: {}, retryable: true },
    { name: 'too many requests', status: 429, value: { message: 'slow down' }, retryable: true, message: 'slow down' },
    {
      name: 'OAuth-style error',
      status: 400,
      value: { error: 'invalid_grant', error_description: 'expired' },
      retryable: false,
      message: 'expired',
    },
    { name: 'bare message', status: 403, value: { message: 'forbidden' }, retryable: false, message: 'forbidden' },
    { name: 'array', status: 404, value: [1, 2], retryable: false },
    {
      name: 'plain string at 401 (not an UltrapassId status)',
      status: 401,
      value: 'Unauthorized',
      retryable: false,
      message: 'Unauthorized',
    },
  ];
  for (const { name, status, value, retryable, message } of unknown) {
    for (const option of ['auto', 'generic'] as const) {
      it(`anything else (${name}, ${status}) with provider="${option}": no provider code, retryable=${retryable}`, () => {
        expect(readProviderError(option, status, value)).to.deep.equal({
          retryable,
          ...(message === undefined ? {} : { message }),
        });
      });
    }
  }

  it('a provider named explicitly whose error body is foreign falls back to the status', () => {
    for (const provider of ['fiskil', 'complycube', 'ulm'] as const) {
      expect(readProviderError(provider, 503, '<html>down</html>')).to.deep.equal({
        provider,
        message: '<html>down</html>',
        retryable: true,
      });
      expect(readProviderError(provider, 400, null)).to.deep.equal({ provider, retryable: false });
    }
  });
});

describe('exotic input found by the property tests', () => {
  it('generic: a BigInt inside expiresAt is invalid_response, not a TypeError from describing it', () => {
    expect(() => readAnswer('generic', { expiresAt: [0n], sessionUrl: 'not a date' }))
      .to.throw(HostedAuthError)
      .with.property('code', 'invalid_response');
  });
});

describe('properties: provider adapters', () => {
  for (const adapter of adapters) {
    it(`${adapter.name}: readAnswer throws only invalid_response/incomplete; the rest never throw`, () => {
      fc.assert(
        fc.property(payload, status, (value, code) => {
          throwsOnly(['invalid_response', 'incomplete'], () => adapter.readAnswer(value));
          expect(adapter.recognises(value)).to.be.a('boolean');
          expect(adapter.recognisesError(code, value)).to.be.a('boolean');
          const info = adapter.readError(code, value);
          expect(info).to.be.an('object');
        }),
        RUNS,
      );
    });
  }

  for (const provider of PROVIDER_OPTIONS) {
    it(`readAnswer("${provider}") throws nothing but HostedAuthError, and a session has a string url`, () => {
      fc.assert(
        fc.property(payload, (value) => {
          let answer: ReturnType<typeof readAnswer> | undefined;
          throwsOnly(['invalid_response', 'incomplete'], () => {
            answer = readAnswer(provider, value);
          });
          if (answer?.kind === 'session') {
            expect(answer.session.url).to.be.a('string');
            expect(answer.session.raw).to.equal(value);
            if (provider !== 'auto') expect(answer.session.provider).to.equal(provider);
            if (answer.session.expiresAt !== undefined) expect(Number.isNaN(answer.session.expiresAt)).to.equal(false);
          }
        }),
        RUNS,
      );
    });

    it(`readProviderError("${provider}") never throws and answers the documented error fields`, () => {
      fc.assert(
        fc.property(status, payload, (code, value) => {
          const info = readProviderError(provider, code, value);
          expect(info.retryable).to.be.a('boolean');
          for (const key of ['providerCode', 'message', 'param'] as const) {
            if (info[key] !== undefined) expect(info[key]).to.be.a('string');
          }
          if (info.provider === undefined) expect(info.providerCode).to.equal(undefined);
          if (info.provider === undefined) expect(info.retryable).to.equal(isRetryableStatus(code));
        }),
        RUNS,
      );
    });
  }

  it('fiskil: expiresAt is expires_at seconds × 1000, sessionId is session_id', () => {
    fc.assert(
      fc.property(fc.webUrl(), fc.integer({ min: 0, max: 4_102_444_800 }), fc.string(), (url, seconds, id) => {
        const answer = readAnswer('auto', { auth_url: url, expires_at: seconds, id: 'c', session_id: id });
        expect(answer).to.deep.include({ kind: 'session' });
        if (answer.kind === 'session')
          expect(answer.session).to.include({ url, expiresAt: seconds * 1000, sessionId: id });
      }),
      RUNS,
    );
  });

  it('ultrapass: sessionId is the URL’s sessionId query parameter, also double-encoded', () => {
    fc.assert(
      fc.property(fc.webUrl(), fc.string({ minLength: 1 }), (base, id) => {
        const url = new URL(base);
        url.searchParams.set('sessionId', id);
        const text = JSON.stringify(JSON.stringify({ getSessionUrl: url.href }));
        const answer = readAnswer('auto', decodeJsonBody(text)?.value);
        if (answer.kind !== 'session') expect.fail('expected a session');
        expect(answer.session).to.include({ provider: 'ultrapass', url: url.href, sessionId: id });
      }),
      RUNS,
    );
  });
});

describe('properties: decodeJsonBody', () => {
  it('never throws, and reads JSON and JSON-in-a-string alike', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (text) => {
        const decoded = decodeJsonBody(text);
        if (decoded !== undefined) expect(decoded).to.have.property('value');
      }),
      RUNS,
    );
    fc.assert(
      fc.property(fc.oneof(fc.dictionary(fc.string(), fc.jsonValue()), fc.array(fc.jsonValue())), (given) => {
        // JSON itself turns -0 into 0: compare with what a plain JSON round trip gives.
        const value: unknown = JSON.parse(JSON.stringify(given));
        expect(decodeJsonBody(JSON.stringify(given))).to.deep.equal({ value });
        expect(decodeJsonBody(JSON.stringify(JSON.stringify(given)))).to.deep.equal({ value });
      }),
      RUNS,
    );
  });
});

describe('checkSessionUrl', () => {
  const accepted: { url: string; allowed?: string[]; href?: string }[] = [
    { url: 'https://auth.ultrapassid.com/uauth?sessionId=c849466775754912bbc9058e627925f0' },
    { url: 'https://id.complycube.com/test_ODdk?theme=light' },
    { url: 'https://id.example', href: 'https://id.example/' },
    { url: 'https://ID.Example:443/Path#frag', href: 'https://id.example/Path#frag' },
    { url: 'http://localhost/flow' },
    { url: 'http://localhost:4100/flow?x=1' },
    { url: 'http://127.0.0.1:8080/flow' },
    { url: 'https://id.example/s/1', allowed: ['https://id.example'] },
    { url: 'https://id.example:8443/s', allowed: ['https://other.example', 'https://id.example:8443'] },
    { url: 'http://127.0.0.1:9000/s', allowed: ['http://127.0.0.1:9000'] },
  ];
  for (const { url, allowed, href } of accepted) {
    it(`accepts ${url}${allowed ? ` within ${allowed.join(' ')}` : ''}`, () => {
      expect(checkSessionUrl(url, allowed)).to.equal(href ?? url);
    });
  }

  const refused: { name: string; url: unknown; allowed?: string[] }[] = [
    { name: 'javascript:', url: 'javascript:alert(1)' },
    { name: 'JavaScript: in mixed case', url: 'JaVaScRiPt:alert(document.domain)' },
    { name: 'javascript: with an https-looking comment', url: 'javascript://https://id.example/%0aalert(1)' },
    { name: 'data:', url: 'data:text/html,<script>alert(1)</script>' },
    { name: 'data: base64', url: 'data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==' },
    { name: 'blob:', url: 'blob:https://id.example/2c1e6a1e-0000-4000-8000-000000000000' },
    { name: 'file:', url: 'file:///etc/passwd' },
    { name: 'ftp:', url: 'ftp://id.example/file' },
    { name: 'about:blank', url: 'about:blank' },
    { name: 'ws:', url: 'wss://id.example/socket' },
    { name: 'relative path', url: '/hosted/flow' },
    { name: 'relative name', url: 'hosted/flow' },
    { name: 'scheme-less host (Fiskil seed)', url: 'auth-session.com/redirect-url' },
    { name: 'protocol-relative', url: '//id.example/flow' },
    { name: 'plain http', url: 'http://id.example/flow' },
    { name: 'http on a localhost look-alike', url: 'http://localhost.evil.example/flow' },
    { name: 'http on another loopback address', url: 'http://127.0.0.2/flow' },
    { name: 'http on IPv6 loopback (not in the loopback list)', url: 'http://[::1]/flow' },
    { name: 'user-info', url: 'https://user:pass@id.example/flow' },
    { name: 'user name only', url: 'https://id.example@evil.example/flow' },
    { name: 'leading space', url: ' https://id.example/flow' },
    { name: 'trailing space', url: 'https://id.example/flow ' },
    { name: 'leading tab', url: '\thttps://id.example/flow' },
    { name: 'trailing newline', url: 'https://id.example/flow\n' },
    { name: 'newline inside the scheme', url: 'java\nscript:alert(1)' },
    { name: 'NUL byte', url: 'https://id.example/\u0000' },
    { name: 'DEL byte', url: 'https://id.example/\u007f' },
    { name: 'empty string', url: '' },
    { name: 'not a URL', url: 'https://' },
    { name: 'null', url: null },
    { name: 'undefined', url: undefined },
    { name: 'a number', url: 42 },
    { name: 'a URL object', url: new URL('https://id.example/flow') },
    { name: 'origin outside allowed-origins', url: 'https://evil.example/flow', allowed: ['https://id.example'] },
    { name: 'subdomain of an allowed origin', url: 'https://x.id.example/flow', allowed: ['https://id.example'] },
    {
      name: 'allowed origin as a prefix',
      url: 'https://id.example.evil.example/flow',
      allowed: ['https://id.example'],
    },
    {
      name: 'allowed origin in the query',
      url: 'https://evil.example/?https://id.example',
      allowed: ['https://id.example'],
    },
    { name: 'allowed origin on another port', url: 'https://id.example:8443/flow', allowed: ['https://id.example'] },
    { name: 'allowed origin over http', url: 'http://localhost:4100/flow', allowed: ['http://localhost:4101'] },
    { name: 'localhost vs 127.0.0.1', url: 'http://127.0.0.1:4100/flow', allowed: ['http://localhost:4100'] },
  ];
  for (const { name, url, allowed } of refused) {
    it(`refuses ${name} with invalid_session_url`, () => {
      expect(() => checkSessionUrl(url, allowed))
        .to.throw(HostedAuthError)
        .with.property('code', 'invalid_session_url');
    });
  }
});

describe('parseAllowedOrigins', () => {
  const cases: { value: string | null | undefined; origins: string[] }[] = [
    { value: null, origins: [] },
    { value: undefined, origins: [] },
    { value: '', origins: [] },
    { value: '   ', origins: [] },
    { value: 'https://id.example', origins: ['https://id.example'] },
    {
      value: '  https://id.example\n\thttp://localhost:4100   https://ID.EXAMPLE:443/ ',
      origins: ['https://id.example', 'http://localhost:4100', 'https://id.example'],
    },
    { value: 'https://id.example/some/path?x=1', origins: ['https://id.example'] },
  ];
  for (const { value, origins } of cases) {
    it(`reads ${JSON.stringify(value)}`, () => {
      expect(parseAllowedOrigins(value)).to.deep.equal(origins);
    });
  }

  for (const value of [
    'id.example',
    '*',
    'null',
    'javascript:alert(1)',
    'data:,x',
    'ftp://id.example',
    'https://ok.example /relative',
  ]) {
    it(`refuses ${JSON.stringify(value)} with config`, () => {
      expect(() => parseAllowedOrigins(value))
        .to.throw(HostedAuthError)
        .with.property('code', 'config');
    });
  }

  it('originOf() answers only for absolute http(s) URLs', () => {
    expect(originOf('https://id.example:443/x')).to.equal('https://id.example');
    expect(originOf('http://localhost:4100/')).to.equal('http://localhost:4100');
    for (const url of ['javascript:alert(1)', 'data:,x', '/x', 'id.example', '']) {
      expect(originOf(url), url).to.equal(undefined);
    }
  });
});

describe('properties: checkSessionUrl', () => {
  // prettier-ignore
  const scheme = fc.constantFrom(
    'https://', 'http://', 'HTTPS://', 'javascript:', 'data:', 'blob:', 'file://', 'ftp://', '//', 'https:', 'https:\\\\',
    ' https://', 'http://localhost', 'http://127.0.0.1', 'https://id.example', 'http://[::1]', '',
  );
  const urlLike = fc.oneof(
    fc.webUrl({
      validSchemes: ['https', 'http', 'javascript', 'data', 'blob', 'ftp', 'file', 'ws'],
      authoritySettings: { withIPv4: true, withIPv6: true, withPort: true, withUserInfo: true },
      withQueryParameters: true,
      withFragments: true,
    }),
    fc.tuple(scheme, fc.string({ unit: 'binary' })).map(([head, tail]) => head + tail),
    fc.tuple(scheme, fc.webUrl()).map(([head, url]) => head + url.replace(/^[a-z]+:\/\//, '')),
    fc.string({ unit: 'binary' }),
  );
  const origins = fc.array(fc.constantFrom('https://id.example', 'http://localhost:4100', 'http://127.0.0.1'), {
    maxLength: 2,
  });

  it('throws only invalid_session_url and returns only https (or loopback http) URLs within the allowed origins', () => {
    fc.assert(
      fc.property(fc.oneof(urlLike, anything), origins, fc.boolean(), (url, listed, allowOwn) => {
        const allowed: string[] = [...listed];
        if (allowOwn && typeof url === 'string') {
          try {
            allowed.push(new URL(url).origin);
          } catch {
            // not a URL: nothing to allow
          }
        }
        let result: string | undefined;
        throwsOnly(['invalid_session_url'], () => {
          result = checkSessionUrl(url, allowed);
        });
        if (result === undefined) return;
        const parsed = new URL(result);
        const loopbackHttp = parsed.protocol === 'http:' && ['localhost', '127.0.0.1'].includes(parsed.hostname);
        expect(parsed.protocol === 'https:' || loopbackHttp, result).to.equal(true);
        expect(parsed.username + parsed.password).to.equal('');
        expect(parsed.href).to.equal(result);
        if (allowed.length > 0) expect(allowed).to.include(parsed.origin);
        expect(checkSessionUrl(result, allowed)).to.equal(result);
      }),
      { numRuns: 500 },
    );
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
    buttonOf(el).click();
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
      buttonOf(el).click();
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
      buttonOf(el).click();
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
    buttonOf(el).click();
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
    buttonOf(el).click();
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
      buttonOf(el).click();
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
    buttonOf(el).click();
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
    buttonOf(el).click();
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
    buttonOf(el).click();
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
      buttonOf(el).click();
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
      buttonOf(el).click();
      await created;
      const requests = await recordedRequests(id);
      expect(requests.length).to.be.at.least(2);
      el.cancel();
    } finally {
      spy.restore();
    }
  });
});
