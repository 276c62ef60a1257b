// Runs every kind of answer the handler gives — successes, provider errors, refusals, 500, 502,
// 504, a provider that echoes the credential — and greps all of them (status, headers, body),
// every error message and every console line for each secret.
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { after, before, describe, it } from 'node:test';
import { COMPLYCUBE, FISKIL, startEmulators, startFiskil, ULM, ULTRAPASS } from '../../demo/emulators/index.js';
import { createSessionHandler, getSession } from '../../dist/server.js';
import { closedOrigin, elementBody, seen, send, serve } from './helpers.js';

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
