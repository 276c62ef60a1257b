// Runs every kind of answer the handler gives — successes, provider errors, refusals, 500, 502,
// 504, a provider that echoes the credential — and greps all of them (status, headers, body),
// every error message and every console line for each secret.
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { after, before, describe, it } from 'node:test';
import { COMPLYCUBE, FISKIL, startEmulators, startFiskil, ULM, ULTRAPASS } from '../../demo/emulators/index.js';
import { createConfirmHandler, createSessionHandler, getSession, ProviderRequestError } from '../../dist/server.js';
import { signIn, startOpenIdProvider as startOp } from '../../demo/emulators/openid-provider.js';
import {
  closedOrigin,
  cookieJar,
  elementBody,
  fakeProvider,
  seen,
  send,
  serve,
  serveFlow,
  serveHandler,
} from './helpers.js';

const WRONG_SECRET = 'wrong-secret-value-5521';

describe('secrets never leave the server', () => {
  let emulators;
  let echo;
  const logged = [];
  const consoleMethods = ['log', 'info', 'warn', 'error', 'debug', 'trace'];
  const originals = {};

  before(async () => {
    emulators = await startEmulators();
    // A provider that puts the credential headers it received into its error body.
    echo = createServer((req, res) => {
      res.writeHead(400, { 'Content-Type': 'application/json' });
      res.end(
        JSON.stringify({
          type: 'invalid_request',
          message: `bad key ${req.headers.authorization}`,
          headers: req.headers,
        }),
      );
    });
    await new Promise((resolve) => echo.listen(0, '127.0.0.1', resolve));
    for (const method of consoleMethods) {
      originals[method] = console[method];
      console[method] = (...args) => logged.push(args.map(String).join(' '));
    }
  });
  after(async () => {
    for (const method of consoleMethods) console[method] = originals[method];
    await new Promise((resolve) => {
      echo.close(resolve);
      echo.closeAllConnections();
    });
    await emulators.close();
  });

  it('in no answer, error message or log line', async (t) => {
    const secrets = [
      emulators.ultrapass.secret,
      emulators.fiskil.secret,
      emulators.complycube.secret,
      emulators.ulm.secret,
      WRONG_SECRET,
    ];
    const slow = await startFiskil({ delayMs: 3000 });
    t.after(() => slow.close());
    const down = await closedOrigin();
    const echoOrigin = `http://127.0.0.1:${echo.address().port}`;
    const ulmSignIn = (credential) => ({ authnIdentifier: 'ada@example.com', credential });
    const fields = {
      ultrapass: { workflowKey: ULTRAPASS.workflowKey },
      fiskil: { end_user_id: FISKIL.endUserId, institution_id: FISKIL.institutionId },
      complycube: { clientId: COMPLYCUBE.clientId, workflowTemplateId: COMPLYCUBE.workflowTemplateId },
      ulm: {},
    };
    const bodyFor = (provider) => elementBody(provider === 'ulm' ? ulmSignIn(ULM.accounts[0].credential) : {});
    const cases = [];
    for (const provider of ['ultrapass', 'fiskil', 'complycube', 'ulm']) {
      const base = {
        provider,
        secret: emulators[provider].secret,
        baseUrl: emulators[provider].origin,
        allowedRedirectOrigins: ['https://shop.example'],
        fields: fields[provider],
      };
      const body = bodyFor(provider);
      cases.push(
        [base, body],
        [{ ...base, secret: WRONG_SECRET }, body],
        [base, elementBody({ redirectUrl: 'https://evil.example/', ...body })],
        [base, '{not json'],
        [base, undefined, { method: 'GET' }],
        [{ ...base, baseUrl: down }, body],
        [{ ...base, baseUrl: echoOrigin }, body],
        [
          {
            ...base,
            beforeCreate: () => {
              throw new Error(`oops ${base.secret}`);
            },
          },
          body,
        ],
      );
    }
    cases.push(
      [
        {
          provider: 'fiskil',
          secret: slow.secret,
          baseUrl: slow.origin,
          allowedRedirectOrigins: ['https://shop.example'],
          fields: fields.fiskil,
          timeoutMs: 100,
        },
        bodyFor('fiskil'),
      ],
      [
        {
          provider: 'fiskil',
          secret: FISKIL.token,
          baseUrl: emulators.fiskil.origin,
          allowedRedirectOrigins: ['https://shop.example'],
          fields: { end_user_id: FISKIL.unknownEndUserId },
        },
        bodyFor('fiskil'),
      ],
      [
        {
          provider: 'ultrapass',
          secret: ULTRAPASS.organizationKey,
          baseUrl: emulators.ultrapass.origin,
          fields: { workflowKey: ULTRAPASS.failingWorkflowKey },
        },
        bodyFor('ultrapass'),
      ],
      [{ provider: 'ulm', secret: ULM.clientToken, baseUrl: emulators.ulm.origin }, elementBody(ulmSignIn('wrong'))],
    );

    const statuses = new Set();
    for (const [options, body, init] of cases) {
      const server = await serve(createSessionHandler(options));
      try {
        statuses.add((await send(server.url, body, init)).status);
      } finally {
        await server.close();
      }
    }
    for (const status of [200, 201, 400, 401, 404, 405, 424, 500, 502, 504]) {
      assert.ok(statuses.has(status), `the cases produced a ${status}`);
    }

    const messages = [];
    const collect = async (promise) => {
      try {
        await promise;
      } catch (error) {
        messages.push(`${error.name}: ${error.message} ${JSON.stringify(error.body ?? '')}`);
      }
    };
    await collect(
      getSession(ULTRAPASS.failingSessionId, {
        secret: ULTRAPASS.organizationKey,
        baseUrl: emulators.ultrapass.origin,
      }),
    );
    await collect(getSession('x', { secret: WRONG_SECRET, baseUrl: emulators.ultrapass.origin }));
    await collect(getSession('x', { secret: ULTRAPASS.organizationKey, baseUrl: down }));
    await collect(getSession('x', { secret: ULTRAPASS.organizationKey, baseUrl: echoOrigin }));
    await collect(
      Promise.resolve().then(() => createSessionHandler({ provider: 'fiskil', secret: FISKIL.token, baseUrl: 'nope' })),
    );
    await collect(Promise.resolve().then(() => createSessionHandler({ provider: 'fiskil', secret: FISKIL.token })));
    assert.equal(messages.length, 6);

    const everything = [...seen, ...messages, ...logged].join('\n----\n');
    assert.ok(seen.length >= cases.length);
    assert.ok(everything.includes('[redacted]'), 'the echoing provider was redacted');
    for (const secret of secrets) {
      assert.equal(everything.includes(secret), false, `a secret (${secret.slice(0, 4)}…) leaked`);
    }
    assert.equal(everything.includes(ULM.accounts[0].credential), false, 'the ULM password is not echoed');
    assert.deepEqual(logged, [], 'the handler logs nothing');
  });
});

// A secret with the characters encoders treat specially: `/` (PHP's JSON escapes it as `\/`),
// `+`, `=`, a space (`+` in a query), a quote and a backslash.
const SECRET = 'sk_live_4eC39/HqLy+jW=Da rj"t\\T1zdp';
const percentEvery = (text) =>
  [...new TextEncoder().encode(text)].map((byte) => `%${byte.toString(16).padStart(2, '0')}`).join('');
const uEscapeEvery = (text, hex = (code) => code.toString(16).padStart(4, '0').toUpperCase()) =>
  [...text].map((char) => `\\u${hex(char.charCodeAt(0))}`).join('');

/** The ways a provider might echo the credential; each gives [content type, body]. */
const ECHOES = [
  ['verbatim in JSON', (key) => ['application/json', JSON.stringify({ message: `bad key ${key}` })]],
  ['as a JSON key', (key) => ['application/json', JSON.stringify({ [key]: 'unknown' })]],
  ['JSON-escaped with \\/', (key) => ['application/json', JSON.stringify({ message: key }).replaceAll('/', '\\/')]],
  ['as \\u escapes (upper-case hex)', (key) => ['application/json', `{"message":"${uEscapeEvery(key)}"}`]],
  [
    'as \\u escapes (lower-case hex)',
    (key) => ['application/json', `{"m":"x${uEscapeEvery(key, (code) => code.toString(16).padStart(4, '0'))}y"}`],
  ],
  [
    'in a JSON string holding JSON, with \\/',
    (key) => ['application/json', JSON.stringify(JSON.stringify({ key }).replaceAll('/', '\\/'))],
  ],
  [
    'URL-encoded in a JSON string',
    (key) => ['application/json', JSON.stringify({ next: `https://p.example/?key=${encodeURIComponent(key)}` })],
  ],
  [
    'form-encoded (+ for space) in a JSON string',
    (key) => ['application/json', JSON.stringify({ next: `?${new URLSearchParams({ key })}` })],
  ],
  ['every byte percent-encoded, lower-case hex', (key) => ['text/plain', `key=${percentEvery(key)}`]],
  ['verbatim in plain text', (key) => ['text/plain', `bad key: ${key}`]],
];

/** Every string a client could get out of `text` by JSON- and URL-decoding it, at any depth. */
function decodings(text, found = new Set()) {
  if (found.has(text)) return found;
  found.add(text);
  for (const decode of [(s) => decodeURIComponent(s), (s) => decodeURIComponent(s.replaceAll('+', ' '))]) {
    try {
      decodings(decode(text), found);
    } catch {
      // not URL-encoded
    }
  }
  let value;
  try {
    value = JSON.parse(text);
  } catch {
    return found;
  }
  const walk = (item) => {
    if (typeof item === 'string') decodings(item, found);
    else if (Array.isArray(item)) item.forEach(walk);
    else if (typeof item === 'object' && item !== null) {
      for (const [key, inner] of Object.entries(item)) {
        decodings(key, found);
        walk(inner);
      }
    }
  };
  walk(value);
  return found;
}

function assertNoSecret(text, where) {
  for (const decoded of decodings(text)) {
    assert.equal(decoded.includes(SECRET), false, `${where} decodes to the secret: ${text}`);
  }
}

/**
 * A provider stand-in that answers 400 with `answer(the organization key it received)`, which
 * gives [content type, body], and a handler on it that holds SECRET.
 */
async function echoing(t, answer) {
  const provider = await fakeProvider(t, (req, res) => {
    const [type, body] = answer(req.headers['x-upid-organization-key']);
    res.writeHead(400, { 'Content-Type': type });
    res.end(body);
  });
  const url = await serveHandler(t, {
    provider: 'ultrapass',
    secret: SECRET,
    baseUrl: provider.origin,
    fields: { workflowKey: ULTRAPASS.workflowKey },
  });
  return { provider, url };
}

describe('a provider that echoes the credential in any encoding', () => {
  for (const [name, echo] of ECHOES) {
    it(`${name}: redacted from the handler's answer and from ProviderRequestError`, async (t) => {
      assert.ok(
        [...decodings(echo(SECRET)[1])].some((decoded) => decoded.includes(SECRET)),
        'the echo decodes',
      );
      const { provider, url } = await echoing(t, echo);
      const answer = await send(url, elementBody());
      assert.equal(answer.status, 400);
      assert.match(answer.text, /\[redacted\]/);
      assertNoSecret(answer.text, "the handler's answer");

      await assert.rejects(getSession('abc', { secret: SECRET, baseUrl: provider.origin }), (error) => {
        assert.ok(error instanceof ProviderRequestError);
        assert.equal(error.status, 400);
        assertNoSecret(JSON.stringify(error.body), 'ProviderRequestError.body');
        if (typeof error.body === 'string') assertNoSecret(error.body, 'ProviderRequestError.body');
        assertNoSecret(error.message, 'the error message');
        return true;
      });
      assert.equal(provider.received.length, 2);
    });
  }

  it("keeps a provider's answer byte for byte when it holds no secret", async (t) => {
    const body = '{ "message" : "Request not valid", "path": "\\/uauth\\/session" }';
    const { url } = await echoing(t, () => ['application/json', body]);
    assert.equal((await send(url, elementBody())).text, body);
  });

  it('redacted from the content type the handler passes on', async (t) => {
    const { url } = await echoing(t, (key) => [`text/plain; key=${encodeURIComponent(key)}`, 'no']);
    const answer = await send(url, elementBody());
    assert.equal(answer.status, 400);
    assertNoSecret(answer.headers.get('content-type'), 'the content type');
  });
});

describe('the cookie secret and the OIDC client secret never leave the server', () => {
  const COOKIE_SECRET = 'cookie/secret+with "odd" chars\\ 0123456789';
  const REDIRECT = 'https://shop.example/signin/done';
  const STATE = 'q1w2e3r4t5y6u7i8o9p0Aa';

  it('in no answer, cookie, error message or log line, whatever the outcome', async (t) => {
    const op = await startOp({ redirectUris: [REDIRECT] });
    t.after(() => op.close());
    const down = await closedOrigin();
    const logged = [];
    const consoleMethods = ['log', 'info', 'warn', 'error', 'debug', 'trace'];
    const originals = Object.fromEntries(consoleMethods.map((method) => [method, console[method]]));
    for (const method of consoleMethods) console[method] = (...args) => logged.push(args.map(String).join(' '));
    t.after(() => Object.assign(console, originals));

    const client = { ...op.clientOptions, cookieSecret: COOKIE_SECRET };
    const session = { ...client, allowedRedirectOrigins: ['https://shop.example'] };
    const confirm = { ...client, onConfirmed: ({ claims }) => ({ sub: claims.sub }) };
    const urls = await serveFlow(t, session, confirm);
    const wrongClient = await serveFlow(t, session, { ...confirm, secret: 'wrong-client-secret' });
    const unreachable = await serveFlow(t, { ...session, issuer: down }, { ...confirm, issuer: down });
    const cookies = [];
    const flow = async (login) => {
      const jar = cookieJar();
      const started = await send(urls.sessionUrl, { redirectUrl: REDIRECT, state: STATE }, { jar });
      cookies.push(...started.headers.getSetCookie());
      return { jar, returnUrl: await signIn(started.json.url, { login }) };
    };
    const statuses = new Set();
    const confirmAt = async (url, jar, returnUrl) =>
      statuses.add((await send(url, { url: returnUrl, state: STATE }, { jar })).status);

    const signedIn = await flow('ada');
    await confirmAt(urls.confirmUrl, signedIn.jar, signedIn.returnUrl);
    const badClient = await flow('ada');
    await confirmAt(wrongClient.confirmUrl, badClient.jar, badClient.returnUrl);
    const forged = await flow('ada');
    await confirmAt(urls.confirmUrl, forged.jar, `${REDIRECT}?code=forged&state=${STATE}`);
    const tampered = await flow('ada');
    for (const name of tampered.jar.cookies.keys()) tampered.jar.cookies.set(name, 'x');
    await confirmAt(urls.confirmUrl, tampered.jar, tampered.returnUrl);
    statuses.add((await send(unreachable.sessionUrl, { redirectUrl: REDIRECT, state: STATE })).status);
    for (const status of [200, 400, 502]) {
      assert.ok(statuses.has(status), `the cases produced a ${status}`);
    }

    const messages = [];
    for (const make of [
      () => createSessionHandler({ ...session, cookieSecret: COOKIE_SECRET.slice(0, 20) }),
      () => createSessionHandler({ ...session, issuer: 'http://login.example.com' }),
      () => createConfirmHandler({ ...confirm, clientAuth: 'none' }),
    ]) {
      try {
        make();
      } catch (error) {
        messages.push(error.message);
      }
    }
    assert.equal(messages.length, 3);

    // The cookie's parts decoded too: it is encrypted, so neither secret nor the PKCE verifier shows.
    const cookieParts = cookies.flatMap((cookie) =>
      cookie
        .split(';')[0]
        .split('=')[1]
        .split('.')
        .map((part) => Buffer.from(part, 'base64url').toString('latin1')),
    );
    const everything = [...seen, ...messages, ...logged, ...cookies, ...cookieParts].join('\n----\n');
    for (const secret of [COOKIE_SECRET, op.clientSecret, 'wrong-client-secret']) {
      for (const decoded of decodings(everything)) {
        assert.equal(decoded.includes(secret), false, `a secret (${secret.slice(0, 4)}…) leaked`);
      }
    }
    assert.doesNotMatch(cookieParts.join(''), /codeVerifier|nonce|state/, 'the flow cookie is not readable');
    assert.deepEqual(logged, [], 'the handlers log nothing');
  });
});
