// State binding and confirmation for the documented providers (Fiskil, ComplyCube, UltrapassId)
// against their emulators: the session handler's flow cookie, the confirm handler's checks of
// the return URL a hosted page sends the browser to, replays and foreign states. These
// providers document no outcome API, so the confirmation is the binding (and onConfirmed).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { COMPLYCUBE, FISKIL, ULTRAPASS } from '../../demo/emulators/index.js';
import { createConfirmHandler, createSessionHandler } from '../../dist/server.js';
import {
  CANCEL_URL,
  cookieJar,
  decodeTwice,
  elementBody,
  REDIRECT_URL,
  send,
  serveFlow,
  STATE,
  useEmulators,
} from './helpers.js';

const COOKIE_SECRET = new Uint8Array(32).fill(7);
const OTHER_STATE = 'zzzzzzzzzzzzzzzzzzzzzz';

const FIELDS = {
  fiskil: { end_user_id: FISKIL.endUserId, institution_id: FISKIL.institutionId },
  complycube: { clientId: COMPLYCUBE.clientId, workflowTemplateId: COMPLYCUBE.workflowTemplateId },
  ultrapass: { workflowKey: ULTRAPASS.workflowKey },
};

/** The URL of a button (`approve`, `deny`, `cancel`) on an emulator's hosted page. */
async function hostedAction(sessionUrl, action) {
  const html = await (await fetch(sessionUrl)).text();
  const match = new RegExp(`id="${action}"[^>]*data-href="([^"]+)"`).exec(html);
  assert.ok(match, `the hosted page has ${action}`);
  return match[1].replace(/&#(\d+);/g, (_, code) => String.fromCharCode(Number(code)));
}

/** The hosted URL in a session answer, whichever provider gave it. */
function sessionUrlOf(answer) {
  const body = decodeTwice(answer.text);
  return body.auth_url ?? body.redirectUrl ?? body.getSessionUrl;
}

describe('flow binding for the documented providers', () => {
  const emulators = useEmulators({ ultrapass: { redirectUrl: REDIRECT_URL, cancelUrl: CANCEL_URL } });

  const merchant = (t, provider, confirm = {}) =>
    serveFlow(
      t,
      {
        provider,
        secret: emulators[provider].secret,
        baseUrl: emulators[provider].origin,
        allowedRedirectOrigins: ['https://shop.example'],
        fields: FIELDS[provider],
        cookieSecret: COOKIE_SECRET,
      },
      {
        provider,
        cookieSecret: COOKIE_SECRET,
        onConfirmed: ({ provider: name, sessionId, claims, tokens }) => ({ provider: name, sessionId, claims, tokens }),
        ...confirm,
      },
    );
  /** Starts a flow in `jar`'s browser and returns the URL the hosted page's `action` leads to. */
  const completed = async (urls, jar, action = 'approve', state = STATE) => {
    const started = await send(urls.sessionUrl, elementBody({ state }), { jar });
    assert.ok(started.status >= 200 && started.status < 300, started.text);
    return { started, returnUrl: await hostedAction(sessionUrlOf(started), action) };
  };
  const confirm = (urls, jar, url, state = STATE) => send(urls.confirmUrl, { url, state }, { jar });

  for (const provider of ['fiskil', 'complycube', 'ultrapass']) {
    describe(provider, () => {
      it("confirms the browser's own flow once: 200 with onConfirmed's answer, then 400", async (t) => {
        const urls = await merchant(t, provider);
        const jar = cookieJar();
        const { started, returnUrl } = await completed(urls, jar);
        assert.equal(started.headers.getSetCookie().length, 1);
        assert.equal(jar.cookies.size, 1);
        const answer = await confirm(urls, jar, returnUrl);
        assert.equal(answer.status, 200, answer.text);
        assert.equal(answer.json.provider, provider);
        assert.equal(answer.json.claims, undefined);
        assert.equal(answer.json.tokens, undefined);
        assert.equal(answer.headers.get('cache-control'), 'no-store');
        assert.equal(jar.cookies.size, 0);
        const again = await confirm(urls, jar, returnUrl);
        assert.equal(again.status, 400);
        assert.equal(again.json.error, 'flow_not_found');
      });

      it('refuses a return URL confirmed for another state, or from a browser without the flow', async (t) => {
        const urls = await merchant(t, provider);
        const jar = cookieJar();
        const { returnUrl } = await completed(urls, jar);
        const foreign = await confirm(urls, jar, returnUrl, OTHER_STATE);
        assert.equal(foreign.status, 400);
        assert.equal(foreign.json.error, 'flow_not_found');
        const elsewhere = await confirm(urls, cookieJar(), returnUrl);
        assert.equal(elsewhere.status, 400);
        assert.equal(elsewhere.json.error, 'flow_not_found');
        assert.equal((await confirm(urls, jar, returnUrl)).status, 200, 'the flow is still there for its browser');
      });

      it('with once(state), a captured cookie replayed is 400 replayed', async (t) => {
        const seenStates = new Set();
        const urls = await merchant(t, provider, {
          once: (state) => !seenStates.has(state) && Boolean(seenStates.add(state)),
        });
        const jar = cookieJar();
        const { returnUrl } = await completed(urls, jar);
        const captured = jar.header();
        assert.equal((await confirm(urls, jar, returnUrl)).status, 200);
        const replay = await send(urls.confirmUrl, { url: returnUrl, state: STATE }, { headers: { Cookie: captured } });
        assert.equal(replay.status, 400);
        assert.equal(replay.json.error, 'replayed');
      });
    });
  }

  it('Fiskil: the cookie lives as long as the consent session, and onConfirmed gets its session_id', async (t) => {
    const urls = await merchant(t, 'fiskil');
    const jar = cookieJar();
    const { started, returnUrl } = await completed(urls, jar);
    const maxAge = Number(/Max-Age=(\d+)/.exec(started.headers.get('set-cookie'))[1]);
    const expected = started.json.expires_at - Date.now() / 1000;
    assert.ok(Math.abs(maxAge - expected) <= 2, `Max-Age ${maxAge} ≈ ${expected}`);
    const answer = await confirm(urls, jar, returnUrl);
    assert.equal(answer.json.sessionId, started.json.session_id);
  });

  it("Fiskil: a return URL with the state removed, or another session's session_id, is 400 state_mismatch", async (t) => {
    const urls = await merchant(t, 'fiskil');
    const alterations = [
      (url) => url.searchParams.delete('state'),
      (url) => url.searchParams.set('session_id', 'another-session'),
    ];
    for (const alter of alterations) {
      const jar = cookieJar();
      const returnUrl = new URL((await completed(urls, jar)).returnUrl);
      alter(returnUrl);
      const answer = await confirm(urls, jar, returnUrl.href);
      assert.equal(answer.status, 400);
      assert.equal(answer.json.error, 'state_mismatch');
      assert.equal(jar.cookies.size, 0, 'a refused confirmation ends the flow too');
    }
  });

  const notSuccesses = [
    ['Fiskil', 'fiskil', 'deny', 'a denial (error=access_denied on the redirect URL)', 'provider_refused'],
    ['ComplyCube', 'complycube', 'cancel', 'the cancel URL', 'url_mismatch'],
  ];
  for (const [label, provider, action, what, error] of notSuccesses) {
    it(`${label}: ${what} is not a success to confirm (400 ${error})`, async (t) => {
      const urls = await merchant(t, provider);
      const jar = cookieJar();
      const { returnUrl } = await completed(urls, jar, action);
      const answer = await confirm(urls, jar, returnUrl);
      assert.equal(answer.status, 400);
      assert.equal(answer.json.error, error);
      if (error === 'provider_refused') assert.equal(answer.json.providerCode, 'access_denied');
    });
  }

  it("UltrapassId: its portal-fixed return URL is matched by the session id, and another session's is 400", async (t) => {
    const urls = await merchant(t, 'ultrapass');
    const victim = cookieJar();
    const other = new URL((await completed(urls, victim)).returnUrl);
    other.searchParams.set('sessionId', '0'.repeat(32));
    const refused = await confirm(urls, victim, other.href);
    assert.equal(refused.status, 400);
    assert.equal(refused.json.error, 'state_mismatch');

    const jar = cookieJar();
    const { started, returnUrl } = await completed(urls, jar);
    const sessionId = new URL(decodeTwice(started.text).getSessionUrl).searchParams.get('sessionId');
    assert.equal(new URL(returnUrl).searchParams.get('state'), null, 'UltrapassId cannot carry the state');
    const answer = await confirm(urls, jar, returnUrl);
    assert.equal(answer.status, 200, answer.text);
    assert.equal(answer.json.sessionId, sessionId);
  });

  it("a provider's error answer sets no cookie", async (t) => {
    const urls = await serveFlow(
      t,
      {
        provider: 'fiskil',
        secret: 'not-the-token',
        baseUrl: emulators.fiskil.origin,
        allowedRedirectOrigins: ['https://shop.example'],
        fields: FIELDS.fiskil,
        cookieSecret: COOKIE_SECRET,
      },
      { provider: 'fiskil', cookieSecret: COOKIE_SECRET, onConfirmed: () => ({}) },
    );
    const answer = await send(urls.sessionUrl, elementBody());
    assert.equal(answer.status, 401);
    assert.equal(answer.headers.get('set-cookie'), null);
  });

  it('without cookieSecret nothing changes: no cookie', async (t) => {
    const urls = await merchant(t, 'fiskil');
    const plain = createSessionHandler({
      provider: 'fiskil',
      secret: emulators.fiskil.secret,
      baseUrl: emulators.fiskil.origin,
      allowedRedirectOrigins: ['https://shop.example'],
      fields: FIELDS.fiskil,
    });
    const response = await plain(
      new Request(urls.sessionUrl, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(elementBody()),
      }),
    );
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('set-cookie'), null);
  });

  it('ULM answers at once: cookieSecret and createConfirmHandler are refused for it', () => {
    assert.throws(
      () => createSessionHandler({ provider: 'ulm', baseUrl: 'https://ulm.example', cookieSecret: COOKIE_SECRET }),
      /cookieSecret does nothing for ulm/,
    );
    assert.throws(
      () => createConfirmHandler({ provider: 'ulm', cookieSecret: COOKIE_SECRET, onConfirmed: () => ({}) }),
      /ulm answers at once/,
    );
  });

  const confirmBodies = [
    ['a body without url', { state: STATE }, 'invalid_request'],
    ['a state that is too short', { url: REDIRECT_URL, state: 'short' }, 'invalid_request'],
    ['a url that is not absolute', { url: '/verify/done', state: STATE }, 'flow_not_found'],
  ];
  for (const [name, body, error] of confirmBodies) {
    it(`confirm answers 400 ${error} for ${name}`, async (t) => {
      const urls = await merchant(t, 'fiskil');
      const answer = await send(urls.confirmUrl, body);
      assert.equal(answer.status, 400);
      assert.equal(answer.json.error, error);
    });
  }

  it('confirm answers 405 to anything but POST', async (t) => {
    const urls = await merchant(t, 'fiskil');
    const answer = await send(urls.confirmUrl, undefined, { method: 'GET' });
    assert.equal(answer.status, 405);
    assert.equal(answer.headers.get('allow'), 'POST');
  });
});
