// How a flow ends: matching return URLs, reading completion messages and their origins, and
// the callback page that reports by message and BroadcastChannel.
import fc from 'fast-check';
import { expect } from '@open-wc/testing';
import { HostedAuthError } from '../src/errors.js';
import { classifyUrl, flowOfUrl, matchesTarget, readParams } from '../src/flow/match.js';
import { MAX_URL_LENGTH, readCompleteMessage } from '../src/flow/message.js';
import { COMPLETE_MESSAGE } from '../src/protocol.js';
import { returnOrigins } from '../src/flow/watch.js';
import { CHANNEL_NAME } from '../src/protocol.js';
import { DONE_URL, MERCHANT_ORIGIN, waitFor } from './helpers.js';
import { RUNS, anything } from './arbitraries.js';

const DONE = 'https://shop.example/verify/done';
const CANCEL = 'https://shop.example/verify/cancelled';
const LOCAL_DONE = 'http://localhost:4100/callback/done';

function loadFrame(src: string): HTMLIFrameElement {
  const frame = document.createElement('iframe');
  frame.src = src;
  document.body.append(frame);
  return frame;
}

describe('matchesTarget: origin and path exactly', () => {
  const matching: { url: string; target: string }[] = [
    { url: DONE, target: DONE },
    { url: `${DONE}?code=1&state=s`, target: DONE },
    { url: `${DONE}#code=1`, target: DONE },
    { url: `${DONE}?a=1#b=2`, target: `${DONE}?other=query#other` },
    { url: `${DONE}?`, target: DONE },
    { url: 'https://SHOP.example:443/verify/done', target: DONE },
    { url: 'https://shop.example/verify/./x/../done', target: DONE },
    { url: LOCAL_DONE, target: LOCAL_DONE },
    { url: 'https://shop.example/', target: 'https://shop.example' },
    { url: 'https://shop.example/?next=x', target: 'https://shop.example/' },
  ];
  for (const { url, target } of matching) {
    it(`${url} matches ${target}`, () => {
      expect(matchesTarget(url, target)).to.equal(true);
    });
  }

  const lookAlikes: { name: string; url: string; target?: string }[] = [
    { name: 'path suffix', url: 'https://shop.example/verify/done-evil' },
    { name: 'trailing slash', url: 'https://shop.example/verify/done/' },
    { name: 'deeper path', url: 'https://shop.example/verify/done/more' },
    { name: 'path prefix', url: 'https://shop.example/evil/verify/done' },
    { name: 'double slash', url: 'https://shop.example//verify/done' },
    { name: 'upper-case path', url: 'https://shop.example/verify/DONE' },
    { name: 'percent-encoded path', url: 'https://shop.example/verify/%64one' },
    { name: 'encoded slash', url: 'https://shop.example/verify%2Fdone' },
    { name: 'matrix parameter', url: 'https://shop.example/verify/done;x=1' },
    { name: 'path in the query', url: 'https://shop.example/?next=/verify/done' },
    { name: 'whole URL in the query', url: `https://evil.example/?r=${DONE}` },
    { name: 'path in the hash', url: 'https://shop.example/#/verify/done' },
    { name: 'extra subdomain', url: 'https://evil.shop.example/verify/done' },
    { name: 'host suffix', url: 'https://shop.example.evil.example/verify/done' },
    { name: 'trailing dot host', url: 'https://shop.example./verify/done' },
    { name: 'other port', url: 'https://shop.example:8443/verify/done' },
    { name: 'other scheme', url: 'http://shop.example/verify/done' },
    { name: 'user-info naming the host', url: 'https://shop.example@evil.example/verify/done' },
    { name: 'user-info with the port', url: 'https://shop.example:443@evil.example/verify/done' },
    { name: 'backslash trick', url: 'https://evil.example\\@shop.example/verify/done' },
    { name: 'blob: of the target', url: `blob:${DONE}` },
    { name: 'javascript: URL', url: `javascript:alert(1)//${DONE}` },
    { name: 'relative path', url: '/verify/done' },
    { name: 'not a URL', url: 'not a url' },
    { name: '127.0.0.1 for localhost', url: 'http://127.0.0.1:4100/callback/done', target: LOCAL_DONE },
    { name: 'localhost for 127.0.0.1', url: LOCAL_DONE, target: 'http://127.0.0.1:4100/callback/done' },
    { name: 'localhost on another port', url: 'http://localhost:41000/callback/done', target: LOCAL_DONE },
    { name: 'same javascript: target', url: 'javascript:void(0)', target: 'javascript:void(0)' },
    { name: 'same data: target', url: 'data:,x', target: 'data:,x' },
  ];
  for (const { name, url, target = DONE } of lookAlikes) {
    it(`${name} does not match (${url})`, () => {
      expect(matchesTarget(url, target)).to.equal(false);
    });
  }

  it('no target or an invalid target matches nothing', () => {
    for (const target of [undefined, '', 'not a url', '/verify/done']) {
      expect(matchesTarget(DONE, target), String(target)).to.equal(false);
    }
  });
});

describe('readParams — query and hash merged, hash wins', () => {
  const cases: { url: string; params: Record<string, string> }[] = [
    { url: DONE, params: {} },
    { url: `${DONE}?code=q&state=s`, params: { code: 'q', state: 's' } },
    { url: `${DONE}#code=h&state=s`, params: { code: 'h', state: 's' } },
    { url: `${DONE}?code=q&state=s#code=h`, params: { code: 'h', state: 's' } },
    { url: `${DONE}?a=1#?b=2`, params: { a: '1', b: '2' } },
    { url: `${DONE}#/route`, params: {} },
    { url: `${DONE}?msg=hello%20world&plus=a+b&amp=%26`, params: { msg: 'hello world', plus: 'a b', amp: '&' } },
    { url: `${DONE}?flag&empty=`, params: { flag: '', empty: '' } },
    { url: `${DONE}?html=%3Cimg%20src%3Dx%3E`, params: { html: '<img src=x>' } },
    { url: 'not a url?code=1', params: {} },
  ];
  for (const { url, params } of cases) {
    it(`reads ${url}`, () => {
      expect(readParams(url)).to.deep.equal(params);
    });
  }

  it('a __proto__ parameter does not reach Object.prototype', () => {
    readParams(`${DONE}?__proto__[polluted]=1&constructor=x#__proto__=y`);
    expect(({} as Record<string, unknown>)['polluted']).to.equal(undefined);
  });
});

describe('flowOfUrl (whose flow a return URL belongs to)', () => {
  const flow = { state: 's1', sessionId: 'abc' };
  const cases: [string, string, { state: string; sessionId?: string }, string][] = [
    ['its own state', `${DONE}?state=s1&code=c`, flow, 'own'],
    ['its own state in the hash', `${DONE}#state=s1`, flow, 'own'],
    ['the hash wins over the query', `${DONE}?state=s1#state=s2`, flow, 'other-state'],
    ["another flow's state", `${DONE}?state=s2`, flow, 'other-state'],
    ['an empty state', `${DONE}?state=`, flow, 'other-state'],
    ['no state, its own sessionId', `${DONE}?sessionId=abc&code=c`, flow, 'own'],
    ['no state, its own session_id', `${DONE}?session_id=abc`, flow, 'own'],
    ["no state, another flow's session id", `${DONE}?sessionId=def`, flow, 'other-session'],
    ['no state, a session id but the flow knows none', `${DONE}?sessionId=abc`, { state: 's1' }, 'other-session'],
    ['a state wins over a matching session id', `${DONE}?state=s2&sessionId=abc`, flow, 'other-state'],
    ['neither state nor session id', `${DONE}?code=c`, flow, 'none'],
    ['not a URL', 'nonsense', flow, 'none'],
  ];
  for (const [name, url, identity, expected] of cases) {
    it(`${name} → ${expected}`, () => {
      expect(flowOfUrl(url, identity)).to.equal(expected);
    });
  }
});

describe('classifyUrl', () => {
  const targets = { redirectUrl: DONE, cancelUrl: CANCEL };

  it('redirect URL → success with the merged params', () => {
    const url = `${DONE}?code=auth-code-1&state=s#id_token=t`;
    expect(classifyUrl(url, targets)).to.deep.equal({
      kind: 'success',
      url,
      params: { code: 'auth-code-1', state: 's', id_token: 't' },
    });
  });

  for (const url of [`${DONE}?error=access_denied&state=s`, `${DONE}#error=access_denied&state=s`]) {
    it(`error=access_denied → cancel denied (${url})`, () => {
      expect(classifyUrl(url, targets)).to.deep.equal({
        kind: 'cancel',
        reason: 'denied',
        url,
        params: { error: 'access_denied', state: 's' },
      });
    });
  }

  const providerErrors: { url: string; providerCode: string; message: string }[] = [
    {
      url: `${DONE}?error=server_error&error_description=Try+again+later`,
      providerCode: 'server_error',
      message: 'Try again later',
    },
    {
      url: `${DONE}#error=invalid_scope&error_description=%3Cb%3Enope%3C%2Fb%3E`,
      providerCode: 'invalid_scope',
      message: '<b>nope</b>',
    },
    {
      url: `${DONE}?error=temporarily_unavailable`,
      providerCode: 'temporarily_unavailable',
      message: 'temporarily_unavailable',
    },
  ];
  for (const { url, providerCode, message } of providerErrors) {
    it(`other error → provider_error ${providerCode}`, () => {
      const outcome = classifyUrl(url, targets);
      if (outcome?.kind !== 'error') expect.fail(`expected an error outcome, got ${JSON.stringify(outcome)}`);
      expect(outcome.url).to.equal(url);
      expect(outcome.params['error']).to.equal(providerCode);
      expect(outcome.error).to.be.instanceOf(HostedAuthError);
      expect(outcome.error.code).to.equal('provider_error');
      expect(outcome.error.providerCode).to.equal(providerCode);
      expect(outcome.error.message).to.contain(message);
    });
  }

  it('cancel URL → cancel reason cancel-url with params', () => {
    const url = `${CANCEL}?state=s#reason=user`;
    expect(classifyUrl(url, targets)).to.deep.equal({
      kind: 'cancel',
      reason: 'cancel-url',
      url,
      params: { state: 's', reason: 'user' },
    });
  });

  it('cancel URL with an error is still cancel-url', () => {
    const outcome = classifyUrl(`${CANCEL}?error=server_error`, targets);
    expect(outcome).to.include({ kind: 'cancel', reason: 'cancel-url' });
  });

  const unrelated = [
    'https://shop.example/verify/done-evil?code=1',
    'https://shop.example/verify/cancelled/',
    'https://shop.example/?next=/verify/done',
    'https://shop.example/#/verify/cancelled',
    'https://idp.example/authorize?redirect_uri=https://shop.example/verify/done',
    'about:blank',
    '',
  ];
  for (const url of unrelated) {
    it(`neither page → null (${JSON.stringify(url)})`, () => {
      expect(classifyUrl(url, targets)).to.equal(null);
    });
  }

  it('no targets → null', () => {
    expect(classifyUrl(DONE, {})).to.equal(null);
    expect(classifyUrl(CANCEL, { redirectUrl: DONE })).to.equal(null);
    expect(classifyUrl(CANCEL, { cancelUrl: CANCEL })).to.include({ kind: 'cancel', reason: 'cancel-url' });
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

describe('readCompleteMessage', () => {
  const accepted: { name: string; data: unknown; url: string }[] = [
    { name: 'the callback message', data: { type: COMPLETE_MESSAGE, url: `${DONE}?code=1` }, url: `${DONE}?code=1` },
    { name: 'a one-character url', data: { type: COMPLETE_MESSAGE, url: 'x' }, url: 'x' },
    {
      name: 'a url of the maximum length',
      data: { type: COMPLETE_MESSAGE, url: `${DONE}?p=${'a'.repeat(MAX_URL_LENGTH - DONE.length - 3)}` },
      url: `${DONE}?p=${'a'.repeat(MAX_URL_LENGTH - DONE.length - 3)}`,
    },
    {
      name: 'extra fields (ignored, only the url comes back)',
      data: { type: COMPLETE_MESSAGE, url: DONE, extra: { a: 1 } },
      url: DONE,
    },
  ];
  for (const { name, data, url } of accepted) {
    it(`reads ${name}`, () => {
      expect(readCompleteMessage(data)).to.equal(url);
    });
  }

  const ignored: { name: string; data: unknown }[] = [
    { name: 'null', data: null },
    { name: 'undefined', data: undefined },
    { name: 'a string', data: COMPLETE_MESSAGE },
    { name: 'the message as JSON text', data: JSON.stringify({ type: COMPLETE_MESSAGE, url: DONE }) },
    { name: 'a number', data: 7 },
    { name: 'an array', data: [COMPLETE_MESSAGE, DONE] },
    { name: 'an array holding the message', data: [{ type: COMPLETE_MESSAGE, url: DONE }] },
    { name: 'an empty object', data: {} },
    { name: 'a wrong type', data: { type: 'hosted-auth-session:completed', url: DONE } },
    { name: 'a type in other case', data: { type: COMPLETE_MESSAGE.toUpperCase(), url: DONE } },
    { name: 'another library message', data: { type: 'authorization_response', response: { code: '1' } } },
    { name: 'no type', data: { url: DONE } },
    { name: 'no url', data: { type: COMPLETE_MESSAGE } },
    { name: 'an empty url', data: { type: COMPLETE_MESSAGE, url: '' } },
    { name: 'a url number', data: { type: COMPLETE_MESSAGE, url: 1 } },
    { name: 'a url object', data: { type: COMPLETE_MESSAGE, url: { href: DONE } } },
    { name: 'a url array', data: { type: COMPLETE_MESSAGE, url: [DONE] } },
    { name: 'a url null', data: { type: COMPLETE_MESSAGE, url: null } },
    {
      name: 'a url one character too long',
      data: { type: COMPLETE_MESSAGE, url: `${DONE}?p=${'a'.repeat(MAX_URL_LENGTH)}` },
    },
    { name: 'a url far too long', data: { type: COMPLETE_MESSAGE, url: 'x'.repeat(1_000_000) } },
  ];
  for (const { name, data } of ignored) {
    it(`ignores ${name}`, () => {
      expect(readCompleteMessage(data)).to.equal(undefined);
    });
  }

  it('returns markup in the url as a plain string that is no outcome, inserting nothing', () => {
    const markup = '<img src=x onerror="window.__injected=1"><script>window.__injected=2</script>';
    const before = document.body.innerHTML;
    const url = readCompleteMessage({ type: COMPLETE_MESSAGE, url: markup, html: markup });
    expect(url).to.equal(markup);
    expect(typeof url).to.equal('string');
    expect(classifyUrl(url!, { redirectUrl: DONE, cancelUrl: DONE })).to.equal(null);
    expect(document.body.innerHTML).to.equal(before);
    expect((window as unknown as Record<string, unknown>)['__injected']).to.equal(undefined);
  });

  it('returns a javascript: url as data, which matches no return page', () => {
    const url = readCompleteMessage({ type: COMPLETE_MESSAGE, url: `javascript:alert(1)//${DONE}` });
    expect(classifyUrl(url!, { redirectUrl: DONE })).to.equal(null);
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

describe('returnOrigins (origins compared by exact equality)', () => {
  const origins = returnOrigins({
    redirectUrl: 'http://localhost:4100/callback/done',
    cancelUrl: 'http://localhost:4100/cancel',
  });
  for (const forger of [
    'http://localhost:41000',
    'http://localhost:410',
    'http://localhost:4100.evil.example',
    'https://localhost:4100',
    'http://127.0.0.1:4100',
    'http://localhost',
  ]) {
    it(`a message from ${forger} is not from the return origin`, () => {
      expect(origins.includes(forger)).to.equal(false);
    });
  }
  it('the return origin itself is accepted', () => {
    expect(origins.includes('http://localhost:4100')).to.equal(true);
  });
});

describe('callback page script', () => {
  const realPostMessage = window.postMessage;
  const frames: HTMLIFrameElement[] = [];
  afterEach(() => {
    window.postMessage = realPostMessage;
    for (const frame of frames.splice(0)) frame.remove();
  });

  it('posts the page URL to its parent with its own origin as targetOrigin, never "*"', async () => {
    const calls: unknown[][] = [];
    window.postMessage = ((...args: unknown[]) => {
      calls.push(args);
    }) as typeof window.postMessage;
    frames.push(loadFrame(`${DONE_URL}?code=abc&state=s1#token=t`));
    await waitFor(() => calls.length > 0);
    const [message, targetOrigin] = calls[0]!;
    expect(targetOrigin).to.equal(MERCHANT_ORIGIN);
    expect(message).to.deep.equal({ type: COMPLETE_MESSAGE, url: `${DONE_URL}?code=abc&state=s1#token=t` });
    expect(calls.every((call) => call[1] !== '*')).to.equal(true);
  });

  it('refuses a targetOrigin of "*" asked for by the page, and posts to its own origin instead', async () => {
    const calls: unknown[][] = [];
    window.postMessage = ((...args: unknown[]) => {
      calls.push(args);
    }) as typeof window.postMessage;
    frames.push(loadFrame(`${MERCHANT_ORIGIN}/callback/star?code=abc&state=s1`));
    await waitFor(() => calls.length > 0);
    expect(calls.map((call) => call[1])).to.deep.equal([MERCHANT_ORIGIN]);
  });

  it('strips the outcome parameters from its own URL before it posts, and marks itself reported', async () => {
    let seenUrl = '';
    const frame = loadFrame(`${DONE_URL}?code=abc#token=t`);
    frames.push(frame);
    window.postMessage = (() => {
      seenUrl = frame.contentWindow!.location.href;
    }) as typeof window.postMessage;
    await waitFor(() => seenUrl !== '');
    expect(seenUrl).to.equal(DONE_URL);
    expect(frame.contentWindow!.history.state).to.deep.equal({ 'hosted-auth-session': 'reported' });
  });

  it('also reports on the BroadcastChannel', async () => {
    window.postMessage = (() => {}) as typeof window.postMessage;
    const channel = new BroadcastChannel(CHANNEL_NAME);
    const received: unknown[] = [];
    channel.onmessage = (event) => received.push(event.data);
    try {
      frames.push(loadFrame(`${DONE_URL}?state=from-channel`));
      await waitFor(() => received.length > 0);
      expect(received[0]).to.deep.equal({ type: COMPLETE_MESSAGE, url: `${DONE_URL}?state=from-channel` });
    } finally {
      channel.close();
    }
  });

  it('closes a popup after reporting to its opener', async () => {
    // What each message was when it arrived: WebKit nulls a stored event's `source` once that
    // window has closed (and an assertion message describing a closed window hangs it).
    const messages: { origin: string; fromPopup: boolean; data: unknown }[] = [];
    const onMessage = (event: MessageEvent) =>
      messages.push({ origin: event.origin, fromPopup: event.source === popup, data: event.data });
    window.addEventListener('message', onMessage);
    const popup = window.open(`${DONE_URL}?code=p`, 'callback-test', 'popup=yes,width=300,height=300')!;
    try {
      await waitFor(() => popup.closed && messages.length > 0);
      expect(messages[0]!.origin).to.equal(MERCHANT_ORIGIN);
      expect(messages[0]!.fromPopup, 'the message comes from the popup itself').to.equal(true);
      expect(messages[0]!.data).to.deep.equal({ type: COMPLETE_MESSAGE, url: `${DONE_URL}?code=p` });
    } finally {
      window.removeEventListener('message', onMessage);
      popup.close();
    }
  });
});
