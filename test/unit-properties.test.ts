import { expect } from '@open-wc/testing';
import fc from 'fast-check';
import { HostedAuthError, type HostedAuthErrorCode } from '../src/errors.js';
import { checkOptions, type FlowOptions } from '../src/flow/config.js';
import { classifyUrl, matchesTarget, readParams } from '../src/flow/match.js';
import { COMPLETE_MESSAGE, MAX_URL_LENGTH, readCompleteMessage } from '../src/flow/message.js';
import { popupFeatures } from '../src/flow/popup.js';
import { isRetryableStatus } from '../src/session/adapters/parse.js';
import { adapters } from '../src/session/adapters/all.js';
import { readAnswer, readProviderError } from '../src/session/read.js';
import { decodeJsonBody } from '../src/session/decode.js';
import { checkSessionUrl } from '../src/session/url-safety.js';
import type { ProviderOption } from '../src/session/types.js';

const RUNS = { numRuns: 300 };
const PROVIDER_OPTIONS: readonly ProviderOption[] = ['ultrapass', 'fiskil', 'complycube', 'ulm', 'generic', 'auto'];

/** Runs `run`; a HostedAuthError with one of `codes` is fine, anything else thrown fails the property. */
function throwsOnly(codes: readonly HostedAuthErrorCode[], run: () => unknown): void {
  try {
    run();
  } catch (error) {
    if (error instanceof HostedAuthError && codes.includes(error.code)) return;
    throw new Error(`threw ${String(error)} (${(error as { code?: string })?.code ?? typeof error})`, { cause: error });
  }
}

/** Everything fast-check can build, including the odd corners (null prototypes, boxed values, Maps…). */
const anything = fc.anything({
  withBigInt: true,
  withBoxedValues: true,
  withDate: true,
  withMap: true,
  withSet: true,
  withNullPrototype: true,
  withObjectString: true,
  withTypedArray: true,
  withSparseArray: true,
  withUnicodeString: true,
  maxDepth: 3,
});

/** Objects built from the keys the adapters look for, with values of any type. */
// prettier-ignore
const PROVIDER_KEYS = [
  'getSessionUrl', 'auth_url', 'expires_at', 'id', 'session_id', 'redirectUrl', 'processId', 'lastStep',
  'runtimeId', 'userId', 'userAuthenticated', 'url', 'sessionUrl', 'sessionId', 'expiresAt', 'fault',
  'message', 'name', 'temporary', 'timeout', 'type', 'param', 'code', 'errorCode', 'error', 'error_description',
] as const;
const fieldValue = fc.oneof(
  fc.string(),
  fc.webUrl(),
  fc.boolean(),
  fc.double(),
  fc.integer(),
  fc.constantFrom(null, undefined, '', 'javascript:alert(1)', '2030-01-01T00:00:00Z', 'not a date'),
  anything,
);
const providerShaped = fc.dictionary(fc.constantFrom(...PROVIDER_KEYS), fieldValue, { maxKeys: 8 });
const payload = fc.oneof(anything, fc.jsonValue(), providerShaped, fc.string());
const status = fc.oneof(
  fc.integer({ min: 100, max: 599 }),
  fc.constantFrom(400, 401, 408, 409, 424, 429, 500),
  fc.integer(),
);

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

    it(`readProviderError("${provider}") never throws and answers the SPEC fields`, () => {
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

describe('properties: matchesTarget is exact', () => {
  const label = fc.stringMatching(/^[a-z][a-z0-9]{0,7}$/);
  const host = fc.oneof(
    fc
      .tuple(fc.array(label, { minLength: 1, maxLength: 3 }), fc.stringMatching(/^[a-z]{2,6}$/))
      .map(([labels, tld]) => [...labels, tld].join('.')),
    fc.constantFrom('localhost', '127.0.0.1'),
  );
  const target = fc.record({
    scheme: fc.constantFrom('https', 'http'),
    host,
    port: fc.option(fc.integer({ min: 1, max: 65535 }), { nil: undefined }),
    path: fc
      .array(fc.stringMatching(/^[a-z0-9]{1,8}$/), { minLength: 1, maxLength: 4 })
      .map((parts) => `/${parts.join('/')}`),
  });
  type Target = typeof target extends fc.Arbitrary<infer T> ? T : never;
  const portPart = (t: Target) => (t.port === undefined ? '' : `:${t.port}`);
  const originOf = (t: Target) => `${t.scheme}://${t.host}${portPart(t)}`;
  const effectivePort = (t: Target) => t.port ?? (t.scheme === 'https' ? 443 : 80);
  const encodeOne = (path: string, at: number) => {
    const i = 1 + (at % (path.length - 1));
    return `${path.slice(0, i)}%${path.charCodeAt(i).toString(16).toUpperCase()}${path.slice(i + 1)}`;
  };

  const lookAlikes: Record<string, (t: Target, n: number) => string> = {
    'extra subdomain': (t) => `${t.scheme}://evil.${t.host}${portPart(t)}${t.path}`,
    'host suffix': (t) => `${t.scheme}://${t.host}.evil.example${portPart(t)}${t.path}`,
    'host with a letter appended': (t) => `${t.scheme}://${t.host}x${portPart(t)}${t.path}`,
    // An IPv4 address with a trailing dot is the same address; a name with one is another host.
    'trailing-dot host': (t) => `${t.scheme}://${t.host}.${t.host === '127.0.0.1' ? 'x' : ''}${portPart(t)}${t.path}`,
    'port change': (t, n) => {
      const port = 1 + ((effectivePort(t) + (n % 65534)) % 65535);
      return `${t.scheme}://${t.host}:${port}${t.path}`;
    },
    'scheme change': (t) => `${t.scheme === 'https' ? 'http' : 'https'}://${t.host}${portPart(t)}${t.path}`,
    'loopback swap': (t) =>
      `${t.scheme}://${t.host === 'localhost' ? '127.0.0.1' : 'localhost'}${portPart(t)}${t.path}`,
    'user-info naming the target': (t) => `${t.scheme}://${t.host}${portPart(t)}@evil.example${t.path}`,
    'user-info with @ in the path': (t) => `${t.scheme}://evil.example${t.path}@${t.host}${portPart(t)}${t.path}`,
    'percent-encoded path character': (t, n) => `${originOf(t)}${encodeOne(t.path, n)}`,
    'trailing slash': (t) => `${originOf(t)}${t.path}/`,
    'path prefix': (t) => `${originOf(t)}/evil${t.path}`,
    'doubled slash': (t) => `${originOf(t)}/${t.path}`,
    'path suffix': (t) => `${originOf(t)}${t.path}-evil`,
    'path extension': (t) => `${originOf(t)}${t.path}.html`,
    'path segment added': (t) => `${originOf(t)}${t.path}/x`,
    'upper-case path': (t) => `${originOf(t)}${/[a-z]/.test(t.path) ? t.path.toUpperCase() : `${t.path}A`}`,
    'path in the query': (t) => `${originOf(t)}/?next=${t.path}`,
    'path in the hash': (t) => `${originOf(t)}/#${t.path}`,
    'target in the query of another site': (t) => `https://evil.example/?r=${originOf(t)}${t.path}`,
  };
  const tail = fc
    .tuple(fc.option(fc.string({ unit: 'binary' })), fc.option(fc.string({ unit: 'binary' })))
    .map(([query, hash]) => `${query === null ? '' : `?${query}`}${hash === null ? '' : `#${hash}`}`);

  it('look-alike URLs never match, with or without query and hash', () => {
    fc.assert(
      fc.property(target, fc.constantFrom(...Object.keys(lookAlikes)), fc.nat(), tail, (t, kind, n, rest) => {
        const url = lookAlikes[kind]!(t, n) + rest;
        expect(matchesTarget(url, originOf(t) + t.path), `${kind}: ${url}`).to.equal(false);
        expect(
          classifyUrl(url, { redirectUrl: originOf(t) + t.path, cancelUrl: `${originOf(t) + t.path}?c` }),
        ).to.equal(null);
      }),
      { numRuns: 500 },
    );
  });

  it('the target with any query and hash always matches, in either target form', () => {
    fc.assert(
      fc.property(target, tail, tail, fc.boolean(), (t, rest, targetRest, upperHost) => {
        const host = upperHost ? t.host.toUpperCase() : t.host;
        const url = `${t.scheme}://${host}${portPart(t)}${t.path}${rest}`;
        expect(matchesTarget(url, originOf(t) + t.path + targetRest), url).to.equal(true);
        const outcome = classifyUrl(url, { redirectUrl: originOf(t) + t.path });
        expect(outcome?.kind).to.be.oneOf(['success', 'cancel', 'error']);
      }),
      { numRuns: 500 },
    );
  });

  it('readParams and classifyUrl never throw', () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.string({ unit: 'binary' }), fc.webUrl({ withQueryParameters: true, withFragments: true })),
        (url) => {
          expect(readParams(url)).to.be.an('object');
          classifyUrl(url, { redirectUrl: url, cancelUrl: url });
        },
      ),
      RUNS,
    );
  });
});

describe('properties: readCompleteMessage', () => {
  const message = fc.record(
    {
      type: fc.oneof(fc.constant(COMPLETE_MESSAGE), fc.string(), anything),
      url: fc.oneof(fc.string({ unit: 'binary' }), fc.webUrl(), anything),
      extra: anything,
    },
    { requiredKeys: [] },
  );

  it('never throws and answers only a non-empty string within the length limit', () => {
    fc.assert(
      fc.property(fc.oneof(anything, message), (data) => {
        const url = readCompleteMessage(data);
        if (url === undefined) return;
        expect(url).to.be.a('string');
        expect(url.length).to.be.within(1, MAX_URL_LENGTH);
        expect(url).to.equal((data as { url: unknown }).url);
      }),
      RUNS,
    );
  });

  it('reads every well-formed message', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', minLength: 1, maxLength: MAX_URL_LENGTH }), (url) => {
        expect(readCompleteMessage({ type: COMPLETE_MESSAGE, url })).to.equal(url);
      }),
      RUNS,
    );
  });
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
    onWindowClosed: text('cancel', 'wait'),
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
