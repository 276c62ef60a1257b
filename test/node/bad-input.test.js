// Every kind of bad browser request is refused with a 4xx JSON answer, and nothing reaches the
// provider.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { FISKIL, ULTRAPASS } from '../../demo/emulators/index.js';
import { createSessionHandler, MAX_BODY_BYTES } from '../../dist/server.js';
import { elementBody, send, serveHandler, STATE, useEmulators } from './helpers.js';

describe('bad browser input', () => {
  const emulators = useEmulators();

  const handlers = {
    fiskil: () => ({
      provider: 'fiskil',
      secret: emulators.fiskil.secret,
      baseUrl: emulators.fiskil.origin,
      allowedRedirectOrigins: ['https://shop.example'],
      fields: { end_user_id: FISKIL.endUserId },
    }),
    ultrapass: () => ({
      provider: 'ultrapass',
      secret: emulators.ultrapass.secret,
      baseUrl: emulators.ultrapass.origin,
      allowedRedirectOrigins: ['https://shop.example'],
      fields: { workflowKey: ULTRAPASS.workflowKey },
    }),
    ulm: () => ({ provider: 'ulm', baseUrl: emulators.ulm.origin }),
  };

  /** Sends the request and checks the refusal; returns the answer's JSON. */
  async function refused(t, provider, body, { status = 400, error, init } = {}) {
    const answer = await send(await serveHandler(t, handlers[provider]()), body, init);
    assert.equal(answer.status, status, answer.text);
    assert.equal(answer.headers.get('cache-control'), 'no-store');
    assert.match(answer.headers.get('content-type'), /^application\/json/);
    assert.equal(typeof answer.json.message, 'string');
    if (error) assert.equal(answer.json.error, error);
    assert.deepEqual(emulators[provider].requests, [], 'nothing was sent to the provider');
    return answer.json;
  }

  for (const method of ['GET', 'PUT', 'DELETE', 'OPTIONS']) {
    it(`${method} → 405 with Allow: POST`, async (t) => {
      const answer = await send(await serveHandler(t, handlers.fiskil()), undefined, { method });
      assert.equal(answer.status, 405);
      assert.equal(answer.headers.get('allow'), 'POST');
      assert.equal(answer.json.error, 'method_not_allowed');
      assert.deepEqual(emulators.fiskil.requests, []);
    });
  }

  const notJson = [
    [
      'text/plain',
      JSON.stringify(elementBody()),
      { headers: { 'Content-Type': 'text/plain' } },
      'unsupported_media_type',
    ],
    [
      'a form post',
      'redirectUrl=https://shop.example/',
      { headers: { 'Content-Type': 'application/x-www-form-urlencoded' } },
      'unsupported_media_type',
    ],
    ['text that is not JSON', '{"redirectUrl": ', {}, 'invalid_json'],
    ['an empty body', '', {}, 'invalid_json'],
    ['a JSON array', '[1,2]', {}, 'invalid_request'],
    ['a JSON string', '"hello"', {}, 'invalid_request'],
    ['JSON null', 'null', {}, 'invalid_request'],
  ];
  for (const [name, body, init, error] of notJson) {
    it(`${name} → 400 ${error}`, (t) => refused(t, 'fiskil', body, { error, init }));
  }

  it('a body over the size limit → 400 body_too_large', async (t) => {
    const json = await refused(t, 'fiskil', elementBody({ padding: 'x'.repeat(MAX_BODY_BYTES) }), {
      error: 'body_too_large',
    });
    assert.match(json.message, /larger than/);
  });

  it('a streamed (chunked) body over the limit → 400 body_too_large', async (t) => {
    const url = await serveHandler(t, handlers.fiskil());
    const chunk = new TextEncoder().encode(`{"padding":"${'x'.repeat(4096)}`);
    let sent = 0;
    const stream = new ReadableStream({
      pull(controller) {
        sent += 1;
        if (sent > 8) controller.close();
        else controller.enqueue(chunk);
      },
    });
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: stream,
      duplex: 'half',
    });
    assert.equal(response.status, 400);
    assert.equal((await response.json()).error, 'body_too_large');
    assert.deepEqual(emulators.fiskil.requests, []);
  });

  const wrongTypes = [
    ['redirectUrl a number', { redirectUrl: 42 }, /redirectUrl expected a string/],
    ['cancelUrl null', { cancelUrl: null }, /cancelUrl expected a string/],
    ['state a number', { state: 12345 }, /state expected a string/],
    ['state too short', { state: 'abc' }, /state expected at least 16/],
    ['state with other characters', { state: 'a'.repeat(20) + '&x=1' }, /state expected/],
    ['redirectUrl too long', { redirectUrl: `https://shop.example/${'a'.repeat(2100)}` }, /longer than 2048/],
  ];
  for (const [name, fields, message] of wrongTypes) {
    it(`${name} → 400 naming the field`, async (t) => {
      const json = await refused(t, 'fiskil', elementBody(fields), { error: 'invalid_request' });
      assert.match(json.message, message);
    });
  }

  for (const provider of ['fiskil', 'ultrapass', 'ulm']) {
    it(`${provider}: a request without state → 400 naming it, and the provider is not called`, async (t) => {
      const signIn = provider === 'ulm' ? { authnIdentifier: 'ada@example.com', credential: 'correct-horse' } : {};
      const json = await refused(t, provider, elementBody({ ...signIn, state: undefined }), {
        error: 'invalid_request',
      });
      assert.match(json.message, /state is required/);
    });
  }

  // What a return URL means is what the URL parser makes of it: the provider gets that
  // serialisation (with the state), never the browser's spelling, which another parser could
  // read as another host or path.
  const spellings = [
    ['a backslash before @', 'https://shop.example\\@evil.example/verify/done'],
    ['backslashes for slashes', 'https:\\\\shop.example\\verify\\done'],
    ['a CR', 'https://shop.example/verify/\rdone'],
    ['a LF', 'https://shop.example/verify/\ndone'],
    ['a CR LF', 'https://shop.example/verify/done\r\n?x=1'],
    ['a tab in the host', 'https://shop.ex\tample/verify/done'],
    ['surrounding spaces and controls', ' \t\u0000https://shop.example/verify/done\n '],
  ];
  for (const [name, spelled] of spellings) {
    it(`a return URL with ${name} reaches beforeCreate and the provider only as the parsed URL`, async (t) => {
      const parsed = new URL(spelled);
      assert.equal(parsed.origin, 'https://shop.example');
      let seenBody;
      const url = await serveHandler(t, {
        ...handlers.fiskil(),
        beforeCreate: (_request, body) => void (seenBody = body),
      });
      const answer = await send(url, elementBody({ redirectUrl: spelled, cancelUrl: spelled }));
      assert.equal(answer.status, 200, answer.text);
      assert.equal(seenBody.redirectUrl, parsed.href);
      assert.equal(seenBody.cancelUrl, parsed.href);
      parsed.searchParams.set('state', STATE);
      const [forwarded] = emulators.fiskil.requests;
      for (const field of ['redirect_uri', 'cancel_uri']) {
        assert.equal(forwarded.body[field], parsed.href);
        assert.doesNotMatch(forwarded.body[field], /[\\\s]/);
        assert.equal(forwarded.body[field].includes('\u0000'), false);
      }
    });
  }

  const hiddenHosts = [
    ['a backslash hiding the host', 'https://evil.example\\@shop.example/verify/done', 'redirect_not_allowed'],
    ['a line break before @ (user-info)', 'https://shop.example\r\n@evil.example/verify/done', 'invalid_request'],
    ['a tab before @ (user-info)', 'https://shop.example\t@evil.example/verify/done', 'invalid_request'],
  ];
  for (const [name, spelled, error] of hiddenHosts) {
    it(`a return URL with ${name} → 400 ${error}, the provider is not called`, (t) =>
      refused(t, 'fiskil', elementBody({ redirectUrl: spelled }), { error }));
  }

  for (const name of ['redirectUrl', 'cancelUrl']) {
    it(`a missing ${name} (Fiskil needs both) → 400`, async (t) => {
      const json = await refused(t, 'fiskil', elementBody({ [name]: undefined }), { error: 'invalid_request' });
      assert.match(json.message, new RegExp(`${name} is required`));
    });
  }

  const badUrls = [
    ['another origin', 'https://evil.example/done', 'redirect_not_allowed'],
    ['a look-alike host', 'https://shop.example.evil.example/done', 'redirect_not_allowed'],
    ['the same host over http', 'http://shop.example/done', 'redirect_not_allowed'],
    ['another port', 'https://shop.example:8443/done', 'redirect_not_allowed'],
    ['javascript:', 'javascript:alert(1)', 'invalid_request'],
    ['data:', 'data:text/html,hi', 'invalid_request'],
    ['a relative URL', '/verify/done', 'invalid_request'],
    ['a scheme-less URL', 'shop.example/done', 'invalid_request'],
    ['user-info', 'https://user:pw@shop.example/done', 'invalid_request'],
  ];
  for (const [name, url, error] of badUrls) {
    for (const field of ['redirectUrl', 'cancelUrl']) {
      it(`${field} on ${name} → 400 ${error}`, (t) => refused(t, 'fiskil', elementBody({ [field]: url }), { error }));
    }
  }

  it('UltrapassId with allowedRedirectOrigins set also refuses a foreign redirectUrl', (t) =>
    refused(t, 'ultrapass', elementBody({ redirectUrl: 'https://evil.example/' }), { error: 'redirect_not_allowed' }));

  describe('messages stay short, whatever the input', () => {
    const MAX_MESSAGE = 300;
    const long = 'a'.repeat(MAX_BODY_BYTES / 2 - 200);
    const bodies = [
      ['a long unknown key beside a bad state', elementBody({ [long]: 1, state: 42 })],
      ['a long unknown key holding wrong types', elementBody({ [long]: { redirectUrl: 42 }, cancelUrl: 42 })],
      ['a long scheme', elementBody({ redirectUrl: `${'a'.repeat(2000)}:x` })],
      ['a long host', elementBody({ redirectUrl: `https://${'a'.repeat(2000)}.example/` })],
    ];
    for (const [name, body] of bodies) {
      it(`${name} → 400 with a short message`, async (t) => {
        const json = await refused(t, 'fiskil', body);
        assert.ok(json.message.length <= MAX_MESSAGE, json.message.slice(0, 400));
      });
    }

    it('a long method → 405 with a short message', async () => {
      const handler = createSessionHandler(handlers.fiskil());
      const response = await handler(new Request('http://127.0.0.1/api/session', { method: 'X'.repeat(100_000) }));
      assert.equal(response.status, 405);
      const { message } = await response.json();
      assert.ok(message.length <= MAX_MESSAGE, message.slice(0, 400));
    });

    it('long field names beforeCreate returns from the body → 500 with a short message', async (t) => {
      const url = await serveHandler(t, { ...handlers.fiskil(), beforeCreate: (_request, body) => body.extra });
      const extra = Object.fromEntries(Array.from({ length: 20 }, (_, i) => [`${i}${'k'.repeat(300)}`, { x: 1 }]));
      const answer = await send(url, elementBody({ extra }));
      assert.equal(answer.status, 500);
      assert.equal(answer.json.error, 'server_misconfigured');
      assert.ok(answer.json.message.length <= MAX_MESSAGE, answer.json.message.slice(0, 400));
      assert.deepEqual(emulators.fiskil.requests, []);
    });
  });

  const ulmBodies = [
    ['no credential', { authnIdentifier: 'ada@example.com' }, /credential is required/],
    ['no authnIdentifier', { credential: 'correct-horse' }, /authnIdentifier is required/],
    ['an empty authnIdentifier', { authnIdentifier: '', credential: 'x' }, /authnIdentifier must not be empty/],
    [
      'a credential that is a number',
      { authnIdentifier: 'ada@example.com', credential: 123 },
      /credential expected a string/,
    ],
    [
      'a credential that is an object',
      { authnIdentifier: 'ada@example.com', credential: { $ne: '' } },
      /credential expected/,
    ],
  ];
  for (const [name, body, message] of ulmBodies) {
    it(`ULM with ${name} → 400`, async (t) => {
      const json = await refused(t, 'ulm', body, { error: 'invalid_request' });
      assert.match(json.message, message);
    });
  }
});
