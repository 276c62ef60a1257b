// The `oidc` preset and createConfirmHandler against a real OpenID Provider (oidc-provider on
// loopback, demo/emulators/openid-provider.js), its pages driven with fetch and a cookie jar: sign-in,
// denial, forged and replayed returns, cookies from another browser or altered, parallel flows,
// expiry, and a provider that is down or slow.
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { after, before, describe, it } from 'node:test';
import { setTimeout as delay } from 'node:timers/promises';
import { FLOW_COOKIE_PREFIX } from '../../dist/server.js';
import { signIn, startOpenIdProvider as startOp } from '../../demo/emulators/openid-provider.js';
import { closedOrigin, cookieJar, send, serveFlow } from './helpers.js';

const REDIRECT = 'https://shop.example/signin/done';
const CANCEL = 'https://shop.example/signin/cancelled';
const COOKIE_SECRET = 'flow-cookie-secret-of-at-least-32-bytes!';
const STATE_A = 'stateAAAAAAAAAAAAAAAAA';
const STATE_B = 'stateBBBBBBBBBBBBBBBBBB';

describe('OpenID Connect sign-in confirmed by the backend', () => {
  let op;
  before(async () => {
    op = await startOp({ redirectUris: [REDIRECT] });
  });
  after(() => op.close());

  const client = () => ({ ...op.clientOptions, cookieSecret: COOKIE_SECRET });
  /** A merchant with both handlers; `onConfirmed` answers `{ userId, email }` unless overridden. */
  const merchant = (t, { session = {}, confirm = {} } = {}) =>
    serveFlow(
      t,
      { ...client(), scope: 'openid email', allowedRedirectOrigins: ['https://shop.example'], ...session },
      {
        ...client(),
        onConfirmed: ({ claims }) => ({ userId: claims.sub, email: claims.email }),
        ...confirm,
      },
    );
  /** The element's session request from a browser (its jar), and the answer. */
  const start = (urls, jar, state = STATE_A) =>
    send(urls.sessionUrl, { redirectUrl: REDIRECT, cancelUrl: CANCEL, state }, { jar });
  const confirm = (urls, jar, url, state = STATE_A) => send(urls.confirmUrl, { url, state }, { jar });
  /** A flow started in a fresh browser and signed in at the provider: its jar (and a copy) and return URL. */
  const signedIn = async (urls, login = 'ada') => {
    const jar = cookieJar();
    const started = await start(urls, jar);
    const captured = new Map(jar.cookies);
    return { jar, captured, returnUrl: await signIn(started.json.url, { login }) };
  };
  /** Asserts a 400 with `error`, and that the token endpoint was not called since `tokenRequests`. */
  const assertRefusedEarly = (answer, error, tokenRequests) => {
    assert.equal(answer.status, 400, answer.text);
    assert.equal(answer.json.error, error);
    assert.equal(op.tokenRequests(), tokenRequests, 'the token endpoint was not called');
  };

  describe('a user who signs in', () => {
    it('is confirmed: 200 with what onConfirmed returns, sub = the login typed, no tokens, no-store', async (t) => {
      const urls = await merchant(t);
      const jar = cookieJar();
      const started = await start(urls, jar);
      assert.equal(started.status, 200, started.text);
      const returnUrl = await signIn(started.json.url, { login: 'ada' });
      const confirmed = await confirm(urls, jar, returnUrl);
      assert.equal(confirmed.status, 200, confirmed.text);
      assert.deepEqual(confirmed.json, { userId: 'ada', email: 'ada@example.com' });
      assert.equal(confirmed.headers.get('cache-control'), 'no-store');
      assert.doesNotMatch(confirmed.text, /token/);
      assert.equal(jar.cookies.size, 0, 'the flow cookie is cleared');
      assert.equal(op.tokenRequests() > 0, true);
    });

    it('gets { url, expiresAt }: an authorization URL with PKCE S256, a nonce, the element state and the exact redirect_uri', async (t) => {
      const urls = await merchant(t, { session: { authorizationParams: { prompt: 'login' } } });
      const before = Date.now();
      const started = await start(urls, cookieJar());
      assert.deepEqual(Object.keys(started.json).sort(), ['expiresAt', 'url']);
      assert.ok(started.json.expiresAt >= before + 600_000 && started.json.expiresAt <= Date.now() + 600_000);
      const url = new URL(started.json.url);
      assert.equal(url.origin, op.origin);
      const params = Object.fromEntries(url.searchParams);
      assert.equal(params.response_type, 'code');
      assert.equal(params.client_id, op.clientId);
      assert.equal(params.redirect_uri, REDIRECT);
      assert.equal(params.state, STATE_A);
      assert.equal(params.scope, 'openid email');
      assert.equal(params.prompt, 'login');
      assert.equal(params.code_challenge_method, 'S256');
      assert.match(params.code_challenge, /^[A-Za-z0-9_-]{43}$/);
      assert.match(params.nonce, /^[A-Za-z0-9_-]{43}$/);
      assert.equal(started.headers.get('cache-control'), 'no-store');
    });

    it('sets one HttpOnly, SameSite=Lax flow cookie named after the state, for the flow lifetime (no Secure on loopback http)', async (t) => {
      const urls = await merchant(t, { session: { flowTtlSeconds: 300 }, confirm: {} });
      const started = await start(urls, cookieJar());
      const [cookie, ...more] = started.headers.getSetCookie();
      assert.deepEqual(more, []);
      assert.match(cookie, new RegExp(`^${FLOW_COOKIE_PREFIX}[0-9a-f]{16}=[\\w-]+\\.\\.[\\w-]+\\.[\\w-]+\\.[\\w-]+;`));
      assert.match(cookie, /; Max-Age=300; Path=\/; HttpOnly; SameSite=Lax$/);
      assert.doesNotMatch(cookie, /Secure/);
      assert.equal(cookie.includes(STATE_A), false, 'the state is not readable in the cookie');
    });

    it('on an https merchant the cookie is Secure, and cookiePath narrows it', async () => {
      const { createSessionHandler } = await import('../../dist/server.js');
      const handler = createSessionHandler({
        ...client(),
        allowedRedirectOrigins: ['https://shop.example'],
        cookiePath: '/api',
      });
      const response = await handler(
        new Request('https://shop.example/api/session', {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify({ redirectUrl: REDIRECT, state: STATE_A }),
        }),
      );
      assert.equal(response.status, 200, 'cancelUrl is optional for oidc');
      assert.match(response.headers.get('set-cookie'), /; Path=\/api; HttpOnly; Secure; SameSite=Lax$/);
    });

    it('works for a public client (clientAuth none, PKCE only)', async (t) => {
      const publicOp = await startOp({ redirectUris: [REDIRECT], clientAuth: 'none', clientId: 'spa' });
      t.after(() => publicOp.close());
      const own = publicOp.clientOptions;
      const urls = await merchant(t, { session: own, confirm: own });
      const jar = cookieJar();
      const started = await start(urls, jar);
      const confirmed = await confirm(urls, jar, await signIn(started.json.url, { login: 'grace' }));
      assert.equal(confirmed.status, 200, confirmed.text);
      assert.equal(confirmed.json.userId, 'grace');
    });

    it('onConfirmed gets the request, state, url, claims and tokens, and may return the tokens itself', async (t) => {
      let flow;
      const urls = await merchant(t, {
        confirm: {
          onConfirmed: (given) => {
            flow = given;
            return { idToken: given.tokens.id_token };
          },
        },
      });
      const jar = cookieJar();
      const started = await start(urls, jar);
      const returnUrl = await signIn(started.json.url, { login: 'ada' });
      const confirmed = await confirm(urls, jar, returnUrl);
      assert.equal(confirmed.status, 200);
      assert.equal(flow.provider, 'oidc');
      assert.equal(flow.state, STATE_A);
      assert.equal(flow.url, returnUrl);
      assert.equal(flow.sessionId, undefined);
      assert.equal(flow.claims.iss, op.issuer);
      assert.equal(flow.claims.aud, op.clientId);
      assert.ok(flow.request instanceof Request);
      assert.equal(typeof flow.tokens.access_token, 'string');
      assert.equal(confirmed.json.idToken, flow.tokens.id_token);
    });
  });

  describe('a user who cancels at the provider', () => {
    it('comes back with error=access_denied, which confirm answers 400 provider_refused without a code exchange', async (t) => {
      const urls = await merchant(t);
      const jar = cookieJar();
      const started = await start(urls, jar);
      const returnUrl = await signIn(started.json.url, { cancel: true });
      assert.equal(new URL(returnUrl).searchParams.get('error'), 'access_denied');
      const tokenRequests = op.tokenRequests();
      const answer = await confirm(urls, jar, returnUrl);
      assert.equal(answer.status, 400);
      assert.equal(answer.json.error, 'provider_refused');
      assert.equal(answer.json.providerCode, 'access_denied');
      assert.equal(op.tokenRequests(), tokenRequests);
      assert.equal(jar.cookies.size, 0, 'the flow is over');
    });
  });

  describe('forged and replayed returns', () => {
    it('a return URL with a made-up code is 400 provider_refused invalid_grant, with no token detail', async (t) => {
      const urls = await merchant(t);
      const jar = cookieJar();
      await start(urls, jar);
      const forged = `${REDIRECT}?code=made-up-code&state=${STATE_A}&iss=${encodeURIComponent(op.issuer)}`;
      const answer = await confirm(urls, jar, forged);
      assert.equal(answer.status, 400, answer.text);
      assert.equal(answer.json.error, 'provider_refused');
      assert.equal(answer.json.providerCode, 'invalid_grant');
      assert.deepEqual(Object.keys(answer.json).sort(), ['error', 'message', 'providerCode']);
    });

    it('a second confirmation from the same browser is 400 flow_not_found, and the provider is not asked again', async (t) => {
      const urls = await merchant(t);
      const { jar, returnUrl } = await signedIn(urls);
      assert.equal((await confirm(urls, jar, returnUrl)).status, 200);
      const tokenRequests = op.tokenRequests();
      assertRefusedEarly(await confirm(urls, jar, returnUrl), 'flow_not_found', tokenRequests);
    });

    it('a captured cookie replayed after the confirmation is refused by the provider: the code was spent', async (t) => {
      const urls = await merchant(t);
      const { jar, captured, returnUrl } = await signedIn(urls);
      assert.equal((await confirm(urls, jar, returnUrl)).status, 200);
      const replay = await confirm(urls, jarWith(captured), returnUrl);
      assert.equal(replay.status, 400);
      assert.equal(replay.json.error, 'provider_refused');
      assert.equal(replay.json.providerCode, 'invalid_grant');
    });

    it('with once(state), a replayed cookie is 400 replayed before the provider is called', async (t) => {
      const seenStates = new Set();
      const once = (state) => !seenStates.has(state) && Boolean(seenStates.add(state));
      const urls = await merchant(t, { confirm: { once } });
      const { jar, captured, returnUrl } = await signedIn(urls);
      assert.equal((await confirm(urls, jar, returnUrl)).status, 200);
      const tokenRequests = op.tokenRequests();
      assertRefusedEarly(await confirm(urls, jarWith(captured), returnUrl), 'replayed', tokenRequests);
    });

    it('a return URL naming another issuer (a mix-up) is 400 invalid_provider_response, before the token endpoint', async (t) => {
      const urls = await merchant(t);
      const { jar, returnUrl } = await signedIn(urls);
      const mixedUp = new URL(returnUrl);
      mixedUp.searchParams.set('iss', 'https://evil.example');
      const tokenRequests = op.tokenRequests();
      assertRefusedEarly(await confirm(urls, jar, mixedUp.href), 'invalid_provider_response', tokenRequests);
    });
  });

  describe('only the browser that started the flow, with its state', () => {
    it("an attacker's return URL opened in the victim's browser is 400 flow_not_found (no login CSRF)", async (t) => {
      const urls = await merchant(t);
      const attacker = cookieJar();
      const started = await start(urls, attacker, STATE_B);
      const attackerReturn = await signIn(started.json.url, { login: 'mallory' });
      const tokenRequests = op.tokenRequests();
      const victim = cookieJar();
      await start(urls, victim, STATE_A);
      const answer = await confirm(urls, victim, attackerReturn, STATE_B);
      assert.equal(answer.status, 400);
      assert.equal(answer.json.error, 'flow_not_found');
      const swapped = await confirm(urls, victim, attackerReturn, STATE_A);
      assert.equal(swapped.status, 400);
      assert.equal(swapped.json.error, 'state_mismatch', "the URL carries the other flow's state");
      assert.equal(op.tokenRequests(), tokenRequests);
    });

    it("another browser's cookie put under this state's name is 400 state_mismatch, before the provider is called", async (t) => {
      const urls = await merchant(t);
      const a = cookieJar();
      const b = cookieJar();
      const startedA = await start(urls, a, STATE_A);
      await start(urls, b, STATE_B);
      const returnA = await signIn(startedA.json.url);
      const [nameA] = a.cookies.keys();
      const [valueB] = b.cookies.values();
      const tokenRequests = op.tokenRequests();
      const answer = await confirm(urls, jarWith(new Map([[nameA, valueB]])), returnA);
      assert.equal(answer.status, 400);
      assert.equal(answer.json.error, 'state_mismatch');
      assert.equal(op.tokenRequests(), tokenRequests);
    });

    for (const [name, alter] of [
      ['a byte flipped in the ciphertext', (value) => flip(value, value.split('.').slice(0, 3).join('.').length + 5)],
      ['a byte flipped in the tag', (value) => flip(value, value.length - 3)],
      ['a byte flipped in the header', (value) => flip(value, 3)],
      ['not a JWE', () => 'hello'],
    ]) {
      it(`a tampered cookie (${name}) is 400 flow_invalid before the provider is called`, async (t) => {
        const urls = await merchant(t);
        const { jar, returnUrl } = await signedIn(urls);
        const [cookieName, value] = [...jar.cookies][0];
        jar.cookies.set(cookieName, alter(value));
        const tokenRequests = op.tokenRequests();
        assertRefusedEarly(await confirm(urls, jar, returnUrl), 'flow_invalid', tokenRequests);
      });
    }

    it('a cookie sealed with another cookieSecret is 400 flow_invalid', async (t) => {
      const urls = await merchant(t, { session: { cookieSecret: 'another-secret-of-at-least-32-bytes-long' } });
      const { jar, returnUrl } = await signedIn(urls);
      assertRefusedEarly(await confirm(urls, jar, returnUrl), 'flow_invalid', op.tokenRequests());
    });

    it('a return URL on another path than the redirect URL is 400 url_mismatch', async (t) => {
      const urls = await merchant(t);
      const { jar, returnUrl } = await signedIn(urls);
      const elsewhere = new URL(returnUrl);
      elsewhere.pathname = '/elsewhere';
      assertRefusedEarly(await confirm(urls, jar, elsewhere.href), 'url_mismatch', op.tokenRequests());
    });
  });

  describe('several flows and their lifetime', () => {
    it('two flows in parallel in one browser keep two cookies, and each confirms its own', async (t) => {
      const urls = await merchant(t);
      const jar = cookieJar();
      const first = await start(urls, jar, STATE_A);
      const second = await start(urls, jar, STATE_B);
      assert.equal(jar.cookies.size, 2);
      const returnB = await signIn(second.json.url, { login: 'grace' });
      const returnA = await signIn(first.json.url, { login: 'ada' });
      const confirmedB = await confirm(urls, jar, returnB, STATE_B);
      const confirmedA = await confirm(urls, jar, returnA, STATE_A);
      assert.equal(confirmedA.json.userId, 'ada');
      assert.equal(confirmedB.json.userId, 'grace');
      assert.equal(jar.cookies.size, 0);
    });

    it('keeps at most MAX_FLOW_COOKIES flow cookies per browser, expiring the oldest', async (t) => {
      const { MAX_FLOW_COOKIES } = await import('../../dist/server.js');
      const urls = await merchant(t);
      const jar = cookieJar();
      const states = Array.from({ length: MAX_FLOW_COOKIES + 2 }, (_, i) => `flowstate${String(i).padStart(8, '0')}x`);
      const names = [];
      for (const state of states) {
        await start(urls, jar, state);
        names.push([...jar.cookies.keys()].find((name) => !names.includes(name)));
        await delay(1100 / MAX_FLOW_COOKIES);
      }
      assert.equal(jar.cookies.size, MAX_FLOW_COOKIES);
      assert.ok(jar.cookies.has(names.at(-1)), 'the newest flow is kept');
    });

    it('an expired binding is 400 flow_expired', async (t) => {
      const urls = await merchant(t, { session: { flowTtlSeconds: 1 } });
      const { captured, returnUrl } = await signedIn(urls);
      await delay(2100);
      const tokenRequests = op.tokenRequests();
      // The browser has dropped the cookie by now (Max-Age=1); a captured copy is sent.
      assertRefusedEarly(await confirm(urls, jarWith(captured), returnUrl), 'flow_expired', tokenRequests);
    });

    it('onConfirmed may refuse with a Response, which is sent as it is, and the flow is over', async (t) => {
      const urls = await merchant(t, {
        confirm: {
          onConfirmed: () => {
            throw Response.json({ error: 'not_a_customer' }, { status: 403 });
          },
        },
      });
      const { jar, returnUrl } = await signedIn(urls);
      const answer = await confirm(urls, jar, returnUrl);
      assert.equal(answer.status, 403);
      assert.deepEqual(answer.json, { error: 'not_a_customer' });
      assert.equal(jar.cookies.size, 0);
    });
  });

  describe('a provider that is down or slow', () => {
    it('discovery that cannot reach the issuer is 502, tried again on the next request', async (t) => {
      const down = await closedOrigin();
      const urls = await merchant(t, { session: { issuer: down } });
      const answer = await start(urls, cookieJar());
      assert.equal(answer.status, 502);
      assert.equal(answer.json.error, 'provider_unreachable');
      assert.equal(answer.headers.get('set-cookie'), null);
      assert.equal((await start(urls, cookieJar())).status, 502, 'a failure is not cached as an answer');
    });

    it('an issuer that does not answer within timeoutMs is 504', async (t) => {
      const silent = createServer(() => {});
      await new Promise((resolve) => silent.listen(0, '127.0.0.1', resolve));
      t.after(() => {
        silent.closeAllConnections();
        silent.close();
      });
      const issuer = `http://127.0.0.1:${silent.address().port}`;
      const urls = await merchant(t, { session: { issuer, timeoutMs: 200 } });
      const answer = await start(urls, cookieJar());
      assert.equal(answer.status, 504);
      assert.equal(answer.json.error, 'provider_timeout');
    });

    it('a token endpoint that cannot be reached is 502 and the cookie stays for a retry', async (t) => {
      const urls = await merchant(t);
      const { jar, returnUrl } = await signedIn(urls);
      // A second OP that is closed before the confirmation: its discovery fails.
      const gone = await startOp({ redirectUris: [REDIRECT] });
      await gone.close();
      const confirmOnly = await serveFlow(
        t,
        { ...client(), allowedRedirectOrigins: ['https://shop.example'] },
        { ...client(), issuer: gone.issuer, onConfirmed: () => ({}) },
      );
      const answer = await send(confirmOnly.confirmUrl, { url: returnUrl, state: STATE_A }, { jar });
      assert.equal(answer.status, 502);
      assert.equal(jar.cookies.size, 1, 'not cleared');
      const retried = await confirm(urls, jar, returnUrl);
      assert.equal(retried.status, 200, retried.text);
    });
  });
});

/** Another browser holding these cookies (captured, or put there by hand). */
function jarWith(cookies) {
  const jar = cookieJar();
  for (const [name, value] of cookies) jar.cookies.set(name, value);
  return jar;
}

/** The text with the base64url character at `index` replaced by another. */
function flip(text, index) {
  const char = text[index] === 'A' ? 'B' : 'A';
  return `${text.slice(0, index)}${char}${text.slice(index + 1)}`;
}
