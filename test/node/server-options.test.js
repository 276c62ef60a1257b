// createSessionHandler's option checks, and toNodeListener with node:http, Express-style parsed
// bodies and Connect-style `next`.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { FISKIL } from '../../demo/emulators/index.js';
import { createSessionHandler, toNodeListener } from '../../dist/server.js';
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
