import { expect } from '@open-wc/testing';
import { HostedAuthError } from '../src/errors.js';
import { classifyUrl, flowOfUrl, matchesTarget, readParams } from '../src/flow/match.js';

const DONE = 'https://shop.example/verify/done';
const CANCEL = 'https://shop.example/verify/cancelled';
const LOCAL_DONE = 'http://localhost:4100/callback/done';

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

describe('row 15: readParams — query and hash merged, hash wins', () => {
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
