// The provider emulators themselves: the seed documents' behaviour, the hosted pages and close().
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  COMPLYCUBE,
  FISKIL,
  startComplycube,
  startEmulators,
  startFiskil,
  ULTRAPASS,
} from '../../demo/emulators/index.js';
import { send } from './helpers.js';

const SUCCESS = 'https://shop.example/done?state=abcdefghijklmnop';
const CANCEL = 'https://shop.example/cancel?state=abcdefghijklmnop';

/** A request to an emulator, read whole (see send). */
const call = (origin, path, { method = 'POST', headers = {}, body } = {}) =>
  send(origin + path, body, { method, headers });

/** The page's action buttons: id → target URL. */
function buttonsOf(html) {
  const decode = (text) => text.replace(/&#(\d+);/g, (_, code) => String.fromCharCode(Number(code)));
  return Object.fromEntries(
    [...html.matchAll(/<button type="button" id="(\w+)"[^>]* data-href="([^"]*)"/g)].map(([, id, href]) => [
      id,
      decode(href),
    ]),
  );
}

/** Loads a hosted page and checks what every hosted page must be. */
async function hostedPage(url) {
  const page = await call(url, '', { method: 'GET' });
  assert.match(page.headers.get('content-type'), /^text\/html/);
  assert.equal(page.headers.get('x-frame-options'), null, 'pages can be framed');
  assert.doesNotMatch(page.headers.get('content-security-policy') ?? '', /frame-ancestors/);
  assert.match(page.headers.get('content-security-policy'), /script-src 'self'/);
  assert.match(page.text, /<script src="\/assets\/hosted-page\.js" defer><\/script>/);
  assert.doesNotMatch(page.text, /<script>|<script [^s]/, 'no inline script');
  assert.doesNotMatch(page.text, / style="/, 'no inline style attributes');
  return { ...page, buttons: buttonsOf(page.text) };
}

describe('emulators', () => {
  let emulators;
  before(async () => {
    emulators = await startEmulators({ ultrapass: { redirectUrl: SUCCESS, cancelUrl: CANCEL } });
  });
  after(() => emulators.close());

  it('start on distinct 127.0.0.1 origins and expose name, secret and requests', () => {
    const origins = new Set();
    for (const name of ['ultrapass', 'ulm', 'fiskil', 'complycube']) {
      const emulator = emulators[name];
      assert.equal(emulator.name, name);
      assert.match(emulator.origin, /^http:\/\/127\.0\.0\.1:\d+$/);
      assert.equal(typeof emulator.secret, 'string');
      assert.ok(Array.isArray(emulator.requests));
      origins.add(emulator.origin);
    }
    assert.equal(origins.size, 4);
  });

  it('serve the hosted-page script as JavaScript', async () => {
    const script = await call(emulators.fiskil.origin, '/assets/hosted-page.js', { method: 'GET' });
    assert.equal(script.status, 200);
    assert.match(script.headers.get('content-type'), /^text\/javascript/);
    assert.match(script.text, /data-href/);
  });

  it('answer 404 for an unknown path and 405 for a wrong method', async () => {
    assert.equal((await call(emulators.fiskil.origin, '/nope', { method: 'GET' })).status, 404);
    assert.equal((await call(emulators.fiskil.origin, '/auth/session', { method: 'GET' })).status, 405);
  });

  describe('UltrapassId', () => {
    const key = () => ({ 'x-upid-organization-key': emulators.ultrapass.secret });

    it('takes the body as a JSON object or as the docs show it, a JSON string holding JSON', async () => {
      for (const body of [
        { workflowKey: ULTRAPASS.workflowKey },
        JSON.stringify({ workflowKey: ULTRAPASS.workflowKey }),
      ]) {
        const answer = await call(emulators.ultrapass.origin, '/uauth/session', { headers: key(), body });
        assert.equal(answer.status, 201);
        assert.match(
          answer.text,
          /^"\{\\"getSessionUrl\\":\\"http:\/\/127\.0\.0\.1:\d+\/uauth\?sessionId=[0-9a-f]{32}\\"\}"$/,
        );
      }
    });

    it('answers 401 with a JSON string without the organization key, on both routes', async () => {
      for (const [path, method] of [
        ['/uauth/session', 'POST'],
        [`/uauth/session/${ULTRAPASS.failingSessionId}`, 'GET'],
      ]) {
        const answer = await call(emulators.ultrapass.origin, path, {
          method,
          body: method === 'POST' ? {} : undefined,
        });
        assert.equal(answer.status, 401);
        assert.equal(typeof answer.json, 'string');
      }
    });

    it('answers 400 for a body that is not JSON or lacks the workflowKey', async () => {
      for (const body of ['nope', {}, { workflowKey: 12 }]) {
        const answer = await call(emulators.ultrapass.origin, '/uauth/session', { headers: key(), body });
        assert.deepEqual([answer.status, answer.json], [400, 'Request not valid']);
      }
    });

    it('hosted page: COOP same-origin; approve, deny and cancel go where the portal says, each with the session id', async () => {
      const created = await call(emulators.ultrapass.origin, '/uauth/session', {
        headers: key(),
        body: { workflowKey: ULTRAPASS.workflowKey },
      });
      const url = JSON.parse(created.json).getSessionUrl;
      const sessionId = new URL(url).searchParams.get('sessionId');
      const page = await hostedPage(url);
      assert.equal(page.headers.get('cross-origin-opener-policy'), 'same-origin');
      const approve = new URL(page.buttons.approve);
      assert.equal(approve.searchParams.get('sessionId'), sessionId);
      assert.match(approve.searchParams.get('code'), /^[\w-]{20,}$/);
      assert.equal(approve.searchParams.get('state'), 'abcdefghijklmnop');
      const deny = new URL(page.buttons.deny);
      assert.equal(deny.searchParams.get('error'), 'access_denied');
      assert.equal(deny.searchParams.get('sessionId'), sessionId);
      const cancel = new URL(page.buttons.cancel);
      assert.equal(`${cancel.origin}${cancel.pathname}`, CANCEL.split('?')[0]);
      assert.equal(cancel.searchParams.get('state'), 'abcdefghijklmnop');
      assert.equal(cancel.searchParams.get('sessionId'), sessionId);
    });

    it('without a configured cancel URL, cancel is the redirect URL with B2C’s access_denied', async (t) => {
      const own = await startEmulators({ ultrapass: { redirectUrl: SUCCESS } });
      t.after(() => own.close());
      const created = await call(own.ultrapass.origin, '/uauth/session', {
        headers: { 'x-upid-organization-key': own.ultrapass.secret },
        body: { workflowKey: ULTRAPASS.workflowKey },
      });
      const page = await hostedPage(JSON.parse(created.json).getSessionUrl);
      const cancel = new URL(page.buttons.cancel);
      assert.equal(cancel.searchParams.get('error'), 'access_denied');
      assert.match(cancel.searchParams.get('error_description'), /^AADB2C90091/);
      assert.equal(
        cancel.searchParams.get('sessionId'),
        new URL(JSON.parse(created.json).getSessionUrl).searchParams.get('sessionId'),
      );
    });

    it('an unknown session page is a 404 with no actions', async () => {
      const page = await hostedPage(`${emulators.ultrapass.origin}/uauth?sessionId=nope`);
      assert.equal(page.status, 404);
      assert.deepEqual(page.buttons, {});
    });
  });

  describe('Fiskil', () => {
    const bearer = () => ({ authorization: `Bearer ${emulators.fiskil.secret}` });
    const session = { end_user_id: FISKIL.endUserId, institution_id: '10', redirect_uri: SUCCESS, cancel_uri: CANCEL };

    const invalid = [
      ['a body that is not JSON', 'nope', 'decode_payload'],
      ['no end_user_id', { ...session, end_user_id: undefined }, 'missing_field'],
      ['no redirect_uri', { ...session, redirect_uri: undefined }, 'missing_field'],
      ['an institution_id number', { ...session, institution_id: 10 }, 'invalid_field_type'],
      ['a scheme-less redirect_uri', { ...session, redirect_uri: 'acme.com/ok' }, 'invalid_format'],
    ];
    for (const [name, body, errorName] of invalid) {
      it(`400 ${errorName} for ${name}`, async () => {
        const answer = await call(emulators.fiskil.origin, '/auth/session', { headers: bearer(), body });
        assert.equal(answer.status, 400);
        assert.equal(answer.json.name, errorName);
        assert.deepEqual(Object.keys(answer.json).sort(), ['fault', 'id', 'message', 'name', 'temporary', 'timeout']);
      });
    }

    it('hosted page: approve / deny to redirect_uri, cancel to cancel_uri, state kept', async () => {
      const created = await call(emulators.fiskil.origin, '/auth/session', { headers: bearer(), body: session });
      const page = await hostedPage(created.json.auth_url);
      assert.equal(page.headers.get('cross-origin-opener-policy'), null);
      const approve = new URL(page.buttons.approve);
      assert.equal(approve.searchParams.get('session_id'), created.json.session_id);
      assert.equal(approve.searchParams.get('state'), 'abcdefghijklmnop');
      const deny = new URL(page.buttons.deny);
      assert.equal(deny.searchParams.get('error'), 'access_denied');
      assert.equal(deny.searchParams.get('state'), 'abcdefghijklmnop');
      assert.equal(page.buttons.cancel, CANCEL);
    });

    it('an expired session says so and offers only Cancel', async (t) => {
      const fiskil = await startFiskil({ ttlSeconds: 0 });
      t.after(() => fiskil.close());
      const created = await call(fiskil.origin, '/auth/session', {
        headers: { authorization: `Bearer ${fiskil.secret}` },
        body: session,
      });
      assert.ok(created.json.expires_at <= Math.floor(Date.now() / 1000));
      const page = await hostedPage(created.json.auth_url);
      assert.match(page.text, /expired/);
      assert.deepEqual(page.buttons, { cancel: CANCEL });
    });
  });

  describe('ComplyCube', () => {
    const auth = () => ({ authorization: emulators.complycube.secret });
    const session = {
      clientId: COMPLYCUBE.clientId,
      workflowTemplateId: COMPLYCUBE.workflowTemplateId,
      successUrl: SUCCESS,
      cancelUrl: CANCEL,
    };

    for (const field of ['clientId', 'workflowTemplateId', 'successUrl', 'cancelUrl']) {
      it(`400 "'${field}' is invalid" when ${field} is missing`, async () => {
        const answer = await call(emulators.complycube.origin, '/v1/flow/sessions', {
          headers: auth(),
          body: { ...session, [field]: undefined },
        });
        assert.equal(answer.status, 400);
        assert.deepEqual(answer.json, { type: 'invalid_request', message: `'${field}' is invalid`, param: field });
      });
    }

    it('400 for a theme or shortUrl of the wrong kind, and for a non-JSON content type', async () => {
      for (const [body, param] of [
        [{ ...session, theme: 'blue' }, 'theme'],
        [{ ...session, shortUrl: 'yes' }, 'shortUrl'],
      ]) {
        const answer = await call(emulators.complycube.origin, '/v1/flow/sessions', { headers: auth(), body });
        assert.equal(answer.json.param, param);
      }
      const plain = await call(emulators.complycube.origin, '/v1/flow/sessions', {
        headers: { ...auth(), 'Content-Type': 'text/plain' },
        body: session,
      });
      assert.equal(plain.status, 400);
      assert.equal(plain.json.type, 'invalid_request');
    });

    it('short URLs are short; a live key has no test_ prefix', async (t) => {
      const short = await call(emulators.complycube.origin, '/v1/flow/sessions', {
        headers: auth(),
        body: { ...session, shortUrl: true },
      });
      assert.match(short.json.redirectUrl, /\/test_[A-Za-z0-9]{16}\?theme=light$/);
      const live = await startComplycube({ secret: 'live_demo_key' });
      t.after(() => live.close());
      const answer = await call(live.origin, '/v1/flow/sessions', {
        headers: { authorization: 'live_demo_key' },
        body: session,
      });
      assert.match(answer.json.redirectUrl, new RegExp(`^${live.origin}/[A-Za-z0-9]{100,}\\?theme=light$`));
    });

    it('hosted page: dark theme, approve to successUrl, deny with access_denied, cancel to cancelUrl', async () => {
      const created = await call(emulators.complycube.origin, '/v1/flow/sessions', {
        headers: auth(),
        body: { ...session, theme: 'dark', supportEmail: 'help@shop.example' },
      });
      const page = await hostedPage(created.json.redirectUrl);
      assert.match(page.text, /data-theme="dark"/);
      assert.match(page.text, /help@shop\.example/);
      assert.equal(page.buttons.approve, SUCCESS);
      assert.equal(new URL(page.buttons.deny).searchParams.get('error'), 'access_denied');
      assert.equal(page.buttons.cancel, CANCEL);
    });
  });

  it('ULM answers 400 invalid-input for a body that is not an object', async () => {
    const answer = await call(emulators.ulm.origin, '/session/start', { body: '[1]' });
    assert.equal(answer.status, 400);
    assert.deepEqual([answer.json.code, answer.json.type], ['invalid-input', 'validation error']);
  });

  it('record each request with method, path, headers and parsed body', async () => {
    emulators.ulm.requests.length = 0;
    await call(emulators.ulm.origin, '/session/start?x=1', { body: { authnIdentifier: 'a', credential: 'b' } });
    const [request] = emulators.ulm.requests;
    assert.equal(request.method, 'POST');
    assert.equal(request.path, '/session/start?x=1');
    assert.equal(request.headers['content-type'], 'application/json');
    assert.deepEqual(request.body, { authnIdentifier: 'a', credential: 'b' });
  });

  it('close() ends at once, even with a delayed answer in flight', async () => {
    const slow = await startFiskil({ delayMs: 10_000 });
    const pending = fetch(`${slow.origin}/auth/session`, { method: 'POST', body: '{}' }).catch((error) => error);
    while (slow.requests.length === 0) await new Promise((resolve) => setTimeout(resolve, 5));
    const started = Date.now();
    await slow.close();
    assert.ok(Date.now() - started < 1000);
    assert.ok((await pending) instanceof Error, 'the in-flight request was cut');
  });
});
