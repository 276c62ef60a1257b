// When the provider is down, slow, redirects or fails, and when beforeCreate refuses or throws.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { FISKIL, startFiskil, startUlm, ULTRAPASS } from '../../demo/emulators/index.js';
import { closedOrigin, elementBody, fakeProvider, send, serveHandler, useEmulators } from './helpers.js';

const ulmBody = { authnIdentifier: 'ada@example.com', credential: 'correct-horse' };

const PROVIDERS = {
  ultrapass: { secret: ULTRAPASS.organizationKey, fields: { workflowKey: ULTRAPASS.workflowKey } },
  fiskil: { secret: FISKIL.token, fields: { end_user_id: FISKIL.endUserId } },
  complycube: { secret: 'test_key', fields: { clientId: 'c', workflowTemplateId: 'w' } },
  ulm: { fields: {} },
};
const optionsFor = (provider, baseUrl, extra = {}) => ({
  provider,
  baseUrl,
  allowedRedirectOrigins: ['https://shop.example'],
  ...PROVIDERS[provider],
  ...extra,
});
const bodyFor = (provider) => elementBody(provider === 'ulm' ? ulmBody : {});

describe('provider failures', () => {
  for (const provider of Object.keys(PROVIDERS)) {
    it(`${provider} unreachable → 502 provider_unreachable, retryable JSON`, async (t) => {
      const answer = await send(await serveHandler(t, optionsFor(provider, await closedOrigin())), bodyFor(provider));
      assert.equal(answer.status, 502);
      assert.equal(answer.headers.get('cache-control'), 'no-store');
      assert.deepEqual(answer.json, { error: 'provider_unreachable', message: `could not reach the ${provider} API` });
    });
  }

  for (const [name, start, provider] of [
    ['fiskil', startFiskil, 'fiskil'],
    ['ulm', startUlm, 'ulm'],
  ]) {
    it(`${name} slower than timeoutMs → 504 provider_timeout, promptly`, async (t) => {
      const slow = await start({ delayMs: 5000 });
      t.after(() => slow.close());
      const url = await serveHandler(t, optionsFor(provider, slow.origin, { secret: slow.secret, timeoutMs: 200 }));
      const started = Date.now();
      const answer = await send(url, bodyFor(provider));
      assert.equal(answer.status, 504);
      assert.equal(answer.json.error, 'provider_timeout');
      assert.match(answer.json.message, /within 200 ms/);
      assert.ok(Date.now() - started < 2000, 'answered at the deadline, not when the provider did');
      assert.equal(slow.requests.length, 1, 'the request did reach the provider');
    });
  }

  it('a provider that answers headers but stalls its body → 504', async (t) => {
    const provider = await fakeProvider(t, (_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.write('{"auth_url":');
    });
    const url = await serveHandler(t, optionsFor('fiskil', provider.origin, { timeoutMs: 200 }));
    const answer = await send(url, bodyFor('fiskil'));
    assert.equal(answer.status, 504);
  });

  it('a provider redirect is not followed (the credential stays put) → 502 bad_gateway', async (t) => {
    const elsewhere = await fakeProvider(t, (_req, res) => res.end('{}'));
    const provider = await fakeProvider(t, (_req, res) => {
      res.writeHead(307, { Location: `${elsewhere.origin}/steal` });
      res.end();
    });
    const answer = await send(await serveHandler(t, optionsFor('fiskil', provider.origin)), bodyFor('fiskil'));
    assert.equal(answer.status, 502);
    assert.equal(answer.json.error, 'bad_gateway');
    assert.equal(provider.received.length, 1);
    assert.equal(elsewhere.received.length, 0);
  });

  it("keeps a provider's own 5xx status and body", async (t) => {
    const body = JSON.stringify({
      fault: true,
      id: 'x1',
      message: 'down',
      name: 'internal',
      temporary: true,
      timeout: false,
    });
    const provider = await fakeProvider(t, (_req, res) => {
      res.writeHead(503, { 'Content-Type': 'application/json', 'Set-Cookie': 'provider=1', 'X-Provider': 'yes' });
      res.end(body);
    });
    const answer = await send(await serveHandler(t, optionsFor('fiskil', provider.origin)), bodyFor('fiskil'));
    assert.equal(answer.status, 503);
    assert.equal(answer.text, body);
    assert.equal(answer.headers.get('set-cookie'), null, "the provider's own headers are not passed on");
    assert.equal(answer.headers.get('x-provider'), null);
  });

  it('a base URL with a path keeps it', async (t) => {
    const provider = await fakeProvider(t, (_req, res) =>
      res.end('"{\\"getSessionUrl\\":\\"https://x.example/uauth\\"}"'),
    );
    await send(await serveHandler(t, optionsFor('ultrapass', `${provider.origin}/api/`)), bodyFor('ultrapass'));
    assert.equal(provider.received[0].url, '/api/uauth/session');
  });
});

describe('beforeCreate', () => {
  const emulators = useEmulators();
  const withHook = (t, beforeCreate) =>
    serveHandler(t, optionsFor('fiskil', emulators.fiskil.origin, { beforeCreate }));

  it('a thrown Response is sent as it is, and nothing is forwarded', async (t) => {
    const url = await withHook(t, () => {
      throw new Response('{"error":"csrf"}', {
        status: 403,
        headers: { 'Content-Type': 'application/json', 'X-Why': 'csrf' },
      });
    });
    const answer = await send(url, bodyFor('fiskil'));
    assert.equal(answer.status, 403);
    assert.equal(answer.text, '{"error":"csrf"}');
    assert.equal(answer.headers.get('x-why'), 'csrf');
    assert.deepEqual(emulators.fiskil.requests, []);
  });

  it('an async refusal works the same way', async (t) => {
    const url = await withHook(t, async () => {
      throw Response.json({ error: 'sign in first' }, { status: 401 });
    });
    assert.equal((await send(url, bodyFor('fiskil'))).status, 401);
    assert.deepEqual(emulators.fiskil.requests, []);
  });

  it('anything else thrown → 500 with no detail', async (t) => {
    const url = await withHook(t, () => {
      throw new Error('database password is hunter2');
    });
    const answer = await send(url, bodyFor('fiskil'));
    assert.equal(answer.status, 500);
    assert.deepEqual(answer.json, { error: 'internal_error', message: 'the session could not be created' });
    assert.doesNotMatch(answer.text, /hunter2|database/);
    assert.deepEqual(emulators.fiskil.requests, []);
  });

  it('fields of the wrong type → 500 server_misconfigured, nothing forwarded', async (t) => {
    const url = await withHook(t, () => ({ end_user_id: { nested: true } }));
    const answer = await send(url, bodyFor('fiskil'));
    assert.equal(answer.status, 500);
    assert.equal(answer.json.error, 'server_misconfigured');
    assert.deepEqual(emulators.fiskil.requests, []);
  });

  it('a required field that neither fields nor beforeCreate gives → 500 naming it', async (t) => {
    const url = await serveHandler(
      t,
      optionsFor('fiskil', emulators.fiskil.origin, { fields: {}, beforeCreate: () => undefined }),
    );
    const answer = await send(url, bodyFor('fiskil'));
    assert.equal(answer.status, 500);
    assert.match(answer.json.message, /end_user_id/);
    assert.deepEqual(emulators.fiskil.requests, []);
  });

  it('runs only after the browser request is valid', async (t) => {
    let calls = 0;
    const url = await withHook(t, () => {
      calls += 1;
    });
    await send(url, elementBody({ redirectUrl: 'https://evil.example/' }));
    assert.equal(calls, 0);
  });
});
