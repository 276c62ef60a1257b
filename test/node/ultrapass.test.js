import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ULTRAPASS } from '../../demo/emulators/index.js';
import { getSession, ProviderRequestError } from '../../dist/server.js';
import { decodeTwice, elementBody, fakeProvider, send, serveHandler, useEmulators } from './helpers.js';

const PORTAL_REDIRECT = 'https://shop.example/verify/done';

describe('UltrapassId through createSessionHandler', () => {
  const emulators = useEmulators({ ultrapass: { redirectUrl: PORTAL_REDIRECT } });

  const handlerFor = (t, workflowKey, overrides = {}) =>
    serveHandler(t, {
      provider: 'ultrapass',
      secret: emulators.ultrapass.secret,
      baseUrl: emulators.ultrapass.origin,
      allowedRedirectOrigins: ['https://shop.example'],
      fields: { workflowKey },
      ...overrides,
    });

  it('creates a session: 201 and the double-encoded { getSessionUrl } passed through', async (t) => {
    const url = await handlerFor(t, ULTRAPASS.workflowKey);
    const answer = await send(url, elementBody());
    assert.equal(answer.status, 201);
    assert.equal(answer.headers.get('cache-control'), 'no-store');
    assert.equal(typeof JSON.parse(answer.text), 'string', 'the body stays a JSON string holding JSON');
    const { getSessionUrl } = decodeTwice(answer.text);
    assert.match(getSessionUrl, new RegExp(`^${emulators.ultrapass.origin}/uauth\\?sessionId=[0-9a-f]{32}$`));

    const [forwarded] = emulators.ultrapass.requests;
    assert.equal(emulators.ultrapass.requests.length, 1);
    assert.equal(forwarded.method, 'POST');
    assert.equal(forwarded.path, '/uauth/session');
    assert.equal(forwarded.headers['x-upid-organization-key'], emulators.ultrapass.secret);
    assert.deepEqual(
      forwarded.body,
      { workflowKey: ULTRAPASS.workflowKey },
      'no return URLs: they are set in the portal',
    );
  });

  const documentedErrors = [
    ['400 for a workflowKey that is not valid', 'not-a-uuid', 400, 'Request not valid'],
    [
      '409 for a workflow this organization lacks',
      ULTRAPASS.unknownWorkflowKey,
      409,
      'Workflow not valid for this Organization',
    ],
    ['424 for a failing dependent workflow', ULTRAPASS.failingWorkflowKey, 424, 'Dependent Workflow exception'],
  ];
  for (const [name, workflowKey, status, message] of documentedErrors) {
    it(`keeps the provider's ${name}`, async (t) => {
      const answer = await send(await handlerFor(t, workflowKey), elementBody());
      assert.equal(answer.status, status);
      assert.equal(answer.json, message);
      assert.equal(emulators.ultrapass.requests.length, 1);
    });
  }

  it('keeps the 401 of a wrong organization key', async (t) => {
    const answer = await send(await handlerFor(t, ULTRAPASS.workflowKey, { secret: 'not-the-key' }), elementBody());
    assert.equal(answer.status, 401);
    assert.equal(typeof answer.json, 'string');
  });

  it('takes the workflowKey from beforeCreate', async (t) => {
    const signIn = Object.keys(ULTRAPASS.workflows)[1];
    const url = await handlerFor(t, undefined, { fields: {}, beforeCreate: () => ({ workflowKey: signIn }) });
    const answer = await send(url, elementBody());
    assert.equal(answer.status, 201);
    assert.deepEqual(emulators.ultrapass.requests[0].body, { workflowKey: signIn });
  });

  describe('getSession', () => {
    const options = () => ({ secret: emulators.ultrapass.secret, baseUrl: emulators.ultrapass.origin });

    it('reads a cached session, parsed from the JSON string holding JSON', async (t) => {
      const answer = await send(await handlerFor(t, ULTRAPASS.workflowKey), elementBody());
      const sessionId = new URL(decodeTwice(answer.text).getSessionUrl).searchParams.get('sessionId');
      const session = await getSession(sessionId, options());
      assert.deepEqual(session, {
        workflowKey: ULTRAPASS.workflowKey,
        policyId: 'B2C_1A_UUID_REGISTRATION',
        clientRedirectUrl: PORTAL_REDIRECT,
      });
      const lookup = emulators.ultrapass.requests.at(-1);
      assert.equal(lookup.path, `/uauth/session/${sessionId}`);
      assert.equal(lookup.headers['x-upid-organization-key'], emulators.ultrapass.secret);
    });

    const failures = [
      ['400 for an unknown session', 'ffffffffffffffffffffffffffffffff', options, 400, 'Request not valid'],
      ['424 for a failing dependency', ULTRAPASS.failingSessionId, options, 424, 'Dependent Workflow exception'],
      ['401 for a wrong key', ULTRAPASS.failingSessionId, () => ({ ...options(), secret: 'nope' }), 401, undefined],
    ];
    for (const [name, sessionId, makeOptions, status, body] of failures) {
      it(`throws ProviderRequestError with the ${name}`, async () => {
        await assert.rejects(getSession(sessionId, makeOptions()), (error) => {
          assert.ok(error instanceof ProviderRequestError);
          assert.equal(error.kind, 'http');
          assert.equal(error.status, status);
          if (body !== undefined) assert.equal(error.body, body);
          return true;
        });
      });
    }

    it('refuses ids that could leave the session path with a TypeError, before any request', async (t) => {
      const session = { workflowKey: ULTRAPASS.workflowKey, policyId: 'p', clientRedirectUrl: PORTAL_REDIRECT };
      const provider = await fakeProvider(t, (_req, res) => {
        res.writeHead(200, { 'Content-Type': 'application/json' });
        res.end(JSON.stringify(JSON.stringify(session)));
      });
      const lookup = (id) => getSession(id, { secret: 'org-key', baseUrl: `${provider.origin}/api` });
      const bad = ['', '.', '..', '../..', 'a/b', '..\\x', 'a\\b', 'x?y=1', 'x#y', '%2e%2e', '.%2E', 'a%2Fb'];
      bad.push('a\nb', 'a\rb', 'a\tb', '\u0000', 'a\u007f', 'a\u0085');
      for (const id of bad) {
        await assert.rejects(lookup(id), TypeError, JSON.stringify(id));
      }
      assert.equal(provider.received.length, 0, 'the provider was not called');

      assert.deepEqual(await lookup('3f2a9c0e-sess.ion_~1'), session);
      assert.deepEqual(
        provider.received.map((request) => request.url),
        ['/api/uauth/session/3f2a9c0e-sess.ion_~1'],
      );
    });

    it('refuses a missing sessionId or secret with a TypeError, before any request', async () => {
      await assert.rejects(getSession('', options()), TypeError);
      await assert.rejects(getSession('abc', { baseUrl: emulators.ultrapass.origin }), TypeError);
      assert.equal(emulators.ultrapass.requests.length, 0);
    });
  });
});
