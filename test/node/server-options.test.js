// createSessionHandler's option checks, and toNodeListener with node:http, Express-style parsed
// bodies and Connect-style `next`.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { describe, it } from 'node:test';
import { FISKIL } from '../../demo/emulators/index.js';
import { createConfirmHandler, createSessionHandler, toNodeListener } from '../../dist/server.js';
import { elementBody, send, serve, useEmulators } from './helpers.js';

const SECRET = 'opt-test-secret-8812';
const valid = {
  provider: 'fiskil',
  secret: SECRET,
  allowedRedirectOrigins: ['https://shop.example'],
  fields: { end_user_id: 'eu_1' },
};

describe('createSessionHandler options', () => {
  const refusals = [
    [
      'an unknown provider',
      { ...valid, provider: 'stripe' },
      /provider must be one of ultrapass, fiskil, complycube, ulm/,
    ],
    ['a missing secret', { ...valid, secret: undefined }, /secret is required for fiskil/],
    ['an empty secret', { ...valid, secret: '' }, /secret must be a non-empty string/],
    [
      'a baseUrl that is not a URL',
      { ...valid, baseUrl: 'api.fiskil.com' },
      /baseUrl must be an absolute http\(s\) URL/,
    ],
    ['ULM without baseUrl', { provider: 'ulm' }, /baseUrl is required for ulm/],
    [
      'Fiskil without allowedRedirectOrigins',
      { ...valid, allowedRedirectOrigins: undefined },
      /allowedRedirectOrigins is required/,
    ],
    ['an allowed origin that is not one', { ...valid, allowedRedirectOrigins: ['shop.example'] }, /expected origins/],
    ['fields of the wrong type', { ...valid, fields: { end_user_id: 5 } }, /fields: end_user_id/],
    [
      'a ComplyCube theme that does not exist',
      { ...valid, provider: 'complycube', fields: { clientId: 'c', workflowTemplateId: 'w', theme: 'blue' } },
      /theme/,
    ],
    ['a required field missing with no beforeCreate', { ...valid, fields: {} }, /fiskil needs end_user_id/],
    ['a negative timeout', { ...valid, timeoutMs: -1 }, /timeoutMs must be a positive number/],
  ];
  for (const [name, options, message] of refusals) {
    it(`throws a TypeError for ${name}, without the secret`, () => {
      assert.throws(
        () => createSessionHandler(options),
        (error) => error instanceof TypeError && message.test(error.message) && !error.message.includes(SECRET),
      );
    });
  }

  it('accepts the options of SPEC §11, with defaults for baseUrl and timeoutMs', () => {
    assert.equal(typeof createSessionHandler(valid), 'function');
    assert.equal(typeof createSessionHandler({ provider: 'ulm', baseUrl: 'https://ulm.example/api' }), 'function');
    assert.equal(
      typeof createSessionHandler({ ...valid, fields: {}, beforeCreate: () => ({ end_user_id: 'eu_2' }) }),
      'function',
    );
  });

  it('normalises allowed origins (a trailing slash or path is just the origin)', async () => {
    const handler = createSessionHandler({
      ...valid,
      baseUrl: 'http://127.0.0.1:9',
      allowedRedirectOrigins: ['https://shop.example/some/path'],
      timeoutMs: 50,
    });
    const request = new Request('https://shop.example/api', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(elementBody()),
    });
    const response = await handler(request);
    assert.notEqual(response.status, 400, 'the return URLs were accepted');
  });
});

const COOKIE_SECRET = 'cookie-secret-of-at-least-32-bytes!!';
const CLIENT_SECRET = 'oidc-client-secret-4410';
const oidc = {
  provider: 'oidc',
  issuer: 'https://login.example.com',
  clientId: 'shop',
  secret: CLIENT_SECRET,
  allowedRedirectOrigins: ['https://shop.example'],
  cookieSecret: COOKIE_SECRET,
};
const confirmOptions = { ...oidc, onConfirmed: () => ({}) };

/** Asserts that `make()` throws a TypeError matching `message` and holding neither secret. */
function assertRefused(make, message) {
  assert.throws(make, (error) => {
    assert.ok(error instanceof TypeError);
    assert.match(error.message, message);
    for (const secret of [SECRET, COOKIE_SECRET, CLIENT_SECRET]) assert.equal(error.message.includes(secret), false);
    return true;
  });
}

describe('cookieSecret and the oidc preset options', () => {
  const refusals = [
    [
      'a cookieSecret shorter than 32 bytes',
      { ...valid, cookieSecret: 'x'.repeat(31) },
      /cookieSecret must be at least 32/,
    ],
    ['a cookieSecret that is a number', { ...valid, cookieSecret: 12345 }, /cookieSecret must be at least 32/],
    [
      'a cookiePath that is not a path',
      { ...valid, cookieSecret: COOKIE_SECRET, cookiePath: 'api; Domain=x' },
      /cookiePath/,
    ],
    ['a flowTtlSeconds of 0', { ...valid, cookieSecret: COOKIE_SECRET, flowTtlSeconds: 0 }, /flowTtlSeconds/],
    ['oidc without cookieSecret', { ...oidc, cookieSecret: undefined }, /cookieSecret is required for oidc/],
    [
      'oidc without allowedRedirectOrigins',
      { ...oidc, allowedRedirectOrigins: [] },
      /allowedRedirectOrigins is required/,
    ],
    ['oidc without issuer', { ...oidc, issuer: undefined }, /issuer is required/],
    [
      'an http issuer without allowInsecureRequests',
      { ...oidc, issuer: 'http://127.0.0.1:4000' },
      /issuer must be an https: URL/,
    ],
    [
      'an http issuer off loopback, even with allowInsecureRequests',
      { ...oidc, issuer: 'http://login.example.com', allowInsecureRequests: true },
      /issuer must be an https: URL/,
    ],
    [
      'oidc without a secret for client_secret_basic',
      { ...oidc, secret: undefined },
      /secret is required with clientAuth/,
    ],
    [
      "a secret with clientAuth 'none'",
      { ...oidc, clientAuth: 'none' },
      /secret must not be set with clientAuth: 'none'/,
    ],
    ['an unknown clientAuth', { ...oidc, clientAuth: 'private_key_jwt' }, /clientAuth/],
    ['a scope without openid', { ...oidc, scope: 'email profile' }, /scope must include openid/],
    ['authorizationParams that set the state', { ...oidc, authorizationParams: { state: 'x' } }, /must not set/],
  ];
  for (const [name, options, message] of refusals) {
    it(`createSessionHandler throws a TypeError for ${name}, naming no secret`, () => {
      assertRefused(() => createSessionHandler(options), message);
    });
  }

  it('accepts SPEC §11.2 options, a Uint8Array cookieSecret, and an http loopback issuer with allowInsecureRequests', () => {
    assert.equal(
      typeof createSessionHandler({ ...oidc, scope: 'openid email', authorizationParams: { prompt: 'login' } }),
      'function',
    );
    assert.equal(typeof createSessionHandler({ ...valid, cookieSecret: new Uint8Array(32) }), 'function');
    const local = { ...oidc, issuer: 'http://localhost:4000', allowInsecureRequests: true };
    assert.equal(typeof createSessionHandler(local), 'function');
    assert.equal(typeof createSessionHandler({ ...oidc, secret: undefined, clientAuth: 'none' }), 'function');
  });

  const confirmRefusals = [
    ['no cookieSecret', { ...confirmOptions, cookieSecret: undefined }, /cookieSecret is required/],
    ['no onConfirmed', { ...confirmOptions, onConfirmed: undefined }, /onConfirmed must be a function/],
    ['a once that is not a function', { ...confirmOptions, once: true }, /once must be a function/],
    ['an unknown provider', { ...confirmOptions, provider: 'stripe' }, /provider must be one of/],
    ['oidc with an http issuer', { ...confirmOptions, issuer: 'http://127.0.0.1:1' }, /issuer must be an https: URL/],
  ];
  for (const [name, options, message] of confirmRefusals) {
    it(`createConfirmHandler throws a TypeError for ${name}`, () => {
      assertRefused(() => createConfirmHandler(options), message);
    });
  }

  it('without openid-client installed, the oidc preset answers 500 naming the package to install', () => {
    // A child Node whose module resolution cannot find openid-client, as when it is not installed.
    const hook = `export async function resolve(specifier, context, next) {
      if (specifier === 'openid-client') throw Object.assign(new Error("Cannot find package 'openid-client'"), { code: 'ERR_MODULE_NOT_FOUND' });
      return next(specifier, context);
    }`;
    const register = `import { register } from 'node:module'; register(${JSON.stringify(`data:text/javascript,${encodeURIComponent(hook)}`)});`;
    const script = `
      const { createSessionHandler } = await import(${JSON.stringify(new URL('../../dist/server.js', import.meta.url).href)});
      const handler = createSessionHandler(${JSON.stringify(oidc)});
      const response = await handler(new Request('https://shop.example/api/session', {
        method: 'POST', headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ redirectUrl: 'https://shop.example/done', state: 'q1w2e3r4t5y6u7i8o9p0Aa' }),
      }));
      console.log(JSON.stringify({ status: response.status, body: await response.json() }));`;
    const child = spawnSync(
      process.execPath,
      ['--import', `data:text/javascript,${encodeURIComponent(register)}`, '--input-type=module', '-e', script],
      { encoding: 'utf8' },
    );
    assert.equal(child.status, 0, child.stderr);
    const { status, body } = JSON.parse(child.stdout);
    assert.equal(status, 500);
    assert.equal(body.error, 'server_misconfigured');
    assert.match(body.message, /needs the optional package openid-client \(npm install openid-client@\^6\.9\)/);
  });
});

describe('toNodeListener', () => {
  const emulators = useEmulators();
  const handler = () =>
    createSessionHandler({
      ...valid,
      secret: emulators.fiskil.secret,
      baseUrl: emulators.fiskil.origin,
      fields: { end_user_id: FISKIL.endUserId },
    });

  it('uses a body that an Express-style parser already read (req.body, stream consumed)', async (t) => {
    const server = await serve(handler(), {
      middleware: (req, _res, next) => {
        const chunks = [];
        req.on('data', (chunk) => chunks.push(chunk));
        req.on('end', () => {
          req.body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
          req._body = true;
          next();
        });
      },
    });
    t.after(server.close);
    const answer = await send(server.url, elementBody());
    assert.equal(answer.status, 200);
    assert.equal(emulators.fiskil.requests.at(-1).body.end_user_id, FISKIL.endUserId);
  });

  it('passes the full URL, headers and method to the handler', async (t) => {
    let seen;
    const server = await serve(async (request) => {
      seen = { url: request.url, method: request.method, cookie: request.headers.get('cookie') };
      return new Response(null, { status: 204 });
    });
    t.after(server.close);
    const answer = await send(`${server.url}?x=1`, { a: 1 }, { headers: { Cookie: 'sid=1' } });
    assert.equal(answer.status, 204);
    assert.match(seen.url, /^http:\/\/127\.0\.0\.1:\d+\/api\/session\?x=1$/);
    assert.equal(seen.method, 'POST');
    assert.equal(seen.cookie, 'sid=1');
  });

  it('hands a handler failure to next(), or answers 500 without one', async () => {
    const failing = toNodeListener(async () => {
      throw new Error('boom');
    });
    const fakeReq = () => ({ method: 'GET', url: '/', headers: { host: 'shop.example' }, on() {} });
    const fakeRes = () => ({
      statusCode: 200,
      headers: {},
      setHeader(name, value) {
        this.headers[name] = value;
      },
      end() {
        this.ended = true;
      },
      on() {},
    });

    let passed;
    await failing(fakeReq(), fakeRes(), (error) => {
      passed = error;
    });
    assert.equal(passed.message, 'boom');

    const res = fakeRes();
    await failing(fakeReq(), res);
    assert.equal(res.statusCode, 500);
    assert.equal(res.ended, true);
    assert.equal(res.headers['Cache-Control'], 'no-store');
  });
});
