import { expect } from '@open-wc/testing';
import { HostedAuthError } from '../src/errors.js';
import type { ProviderName } from '../src/session/types.js';
import { adapters } from '../src/session/adapters/all.js';
import { readAnswer, readProviderError } from '../src/session/read.js';
import { clip, decodeJsonBody, isRecord } from '../src/session/decode.js';
import { checkSessionUrl } from '../src/session/url-safety.js';
import type { ProviderOption } from '../src/session/types.js';

/** A response body as the element reads it: JSON (or JSON-in-a-string), else the text itself. */
function bodyOf(text: string): unknown {
  return decodeJsonBody(text)?.value ?? text;
}

// The seed documents' own example payloads, as the HTTP body text a backend passes through.
const SEED = {
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
const COMPLYCUBE_URL = (JSON.parse(SEED.complycube) as { redirectUrl: string }).redirectUrl;

describe('decodeJsonBody', () => {
  const cases: { name: string; text: string; value: unknown }[] = [
    { name: 'UltrapassId double-encoded answer', text: SEED.ultrapass, value: { getSessionUrl: ULTRAPASS_URL } },
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

describe('readAnswer with the seed documents', () => {
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
      text: SEED.ultrapass,
      providers: ['ultrapass', 'auto'],
      provider: 'ultrapass',
      url: ULTRAPASS_URL,
      sessionId: 'c849466775754912bbc9058e627925f0',
    },
    {
      name: 'UltrapassId model example (no sessionId in the URL)',
      text: SEED.ultrapassModel,
      providers: ['ultrapass', 'auto'],
      provider: 'ultrapass',
      url: 'http://example.com',
    },
    {
      name: 'Fiskil 200',
      text: SEED.fiskil,
      providers: ['fiskil', 'auto'],
      provider: 'fiskil',
      url: 'auth-session.com/redirect-url',
      sessionId: 'ea564d-56012s4-6ds4564',
      expiresAt: 1213467000,
    },
    {
      name: 'ComplyCube 200',
      text: SEED.complycube,
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

  it('the UltrapassId and ComplyCube seed URLs pass the session URL check', () => {
    for (const text of [SEED.ultrapass, SEED.complycube]) {
      const answer = readAnswer('auto', bodyOf(text));
      if (answer.kind !== 'session') expect.fail('expected a session');
      expect(checkSessionUrl(answer.session.url)).to.equal(answer.session.url);
    }
  });

  it("the Fiskil seed's scheme-less auth_url is refused before it is opened", () => {
    const answer = readAnswer('fiskil', bodyOf(SEED.fiskil));
    if (answer.kind !== 'session') expect.fail('expected a session');
    expect(() => checkSessionUrl(answer.session.url))
      .to.throw(HostedAuthError)
      .with.property('code', 'invalid_session_url');
  });

  for (const option of ['ulm', 'auto'] as const) {
    it(`ULM authenticated last step is an immediate result with provider="${option}"`, () => {
      const raw = bodyOf(SEED.ulm);
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
        const raw = { ...(bodyOf(SEED.ulm) as object), ...patch };
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
    { provider: 'ultrapass', name: 'the double-encoded text not decoded', value: SEED.ultrapass },
    { provider: 'fiskil', name: 'missing auth_url', value: without(SEED.fiskil, 'auth_url') },
    { provider: 'fiskil', name: 'missing expires_at', value: without(SEED.fiskil, 'expires_at') },
    { provider: 'fiskil', name: 'missing session_id', value: without(SEED.fiskil, 'session_id') },
    { provider: 'fiskil', name: 'expires_at a string', value: withField(SEED.fiskil, 'expires_at', '1213467') },
    { provider: 'fiskil', name: 'auth_url a number', value: withField(SEED.fiskil, 'auth_url', 1) },
    { provider: 'fiskil', name: 'session_id a number', value: withField(SEED.fiskil, 'session_id', 7) },
    { provider: 'complycube', name: 'missing redirectUrl', value: {} },
    { provider: 'complycube', name: 'redirectUrl an array', value: { redirectUrl: [COMPLYCUBE_URL] } },
    { provider: 'ulm', name: 'missing lastStep', value: without(SEED.ulm, 'lastStep') },
    { provider: 'ulm', name: 'missing userAuthenticated', value: without(SEED.ulm, 'userAuthenticated') },
    { provider: 'ulm', name: 'userAuthenticated a string', value: withField(SEED.ulm, 'userAuthenticated', 'true') },
    { provider: 'ulm', name: 'lastStep a number', value: withField(SEED.ulm, 'lastStep', 1) },
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

describe('readProviderError (SPEC §5 error table)', () => {
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
      text: SEED.complycubeError,
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
