import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ULM } from '../../demo/emulators/index.js';
import { send, serveHandler, useEmulators } from './helpers.js';

describe('ULM Cloud through createSessionHandler', () => {
  const emulators = useEmulators();

  const handlerFor = (t, overrides = {}) =>
    serveHandler(t, {
      provider: 'ulm',
      secret: emulators.ulm.secret,
      baseUrl: emulators.ulm.origin,
      ...overrides,
    });
  const signIn = (authnIdentifier, credential) => ({ authnIdentifier, credential, state: 'q1w2e3r4t5y6u7i8o9p0Aa' });

  for (const account of ULM.accounts) {
    it(`${account.authnIdentifier}: ${account.produces}`, async (t) => {
      const answer = await send(await handlerFor(t), signIn(account.authnIdentifier, account.credential));
      assert.equal(answer.headers.get('cache-control'), 'no-store');
      if (account.outcome === 'success' || account.outcome === 'next-step') {
        assert.equal(answer.status, 200);
        assert.deepEqual(Object.keys(answer.json).sort(), [
          'lastStep',
          'processId',
          'runtimeId',
          'userAuthenticated',
          'userId',
        ]);
        assert.equal(answer.json.lastStep, account.outcome === 'success');
        assert.equal(answer.json.userAuthenticated, true);
        assert.equal(answer.json.userId, account.userId);
      } else {
        assert.equal(answer.status, 401);
        assert.equal(answer.json.code, account.outcome);
        assert.equal(answer.json.type, 'operation error');
        assert.equal(typeof answer.json.message, 'string');
      }
    });
  }

  it('a wrong password: 401 authentication-required', async (t) => {
    const answer = await send(await handlerFor(t), signIn('ada@example.com', 'wrong'));
    assert.equal(answer.status, 401);
    assert.equal(answer.json.code, 'authentication-required');
  });

  it('forwards exactly authnIdentifier and credential, with the optional token', async (t) => {
    await send(await handlerFor(t), {
      ...signIn('ada@example.com', 'correct-horse'),
      redirectUrl: 'https://x.example/',
    });
    const [forwarded] = emulators.ulm.requests;
    assert.equal(forwarded.path, '/session/start');
    assert.deepEqual(forwarded.body, { authnIdentifier: 'ada@example.com', credential: 'correct-horse' });
    assert.equal(forwarded.headers.authorization, `Bearer ${emulators.ulm.secret}`);
  });

  it('sends no Authorization header without a secret', async (t) => {
    const answer = await send(await handlerFor(t, { secret: undefined }), signIn('ada@example.com', 'correct-horse'));
    assert.equal(answer.status, 200);
    assert.equal(emulators.ulm.requests[0].headers.authorization, undefined);
  });

  it('keeps the 401 invalid-client of a wrong token', async (t) => {
    const answer = await send(await handlerFor(t, { secret: 'wrong' }), signIn('ada@example.com', 'correct-horse'));
    assert.equal(answer.status, 401);
    assert.equal(answer.json.code, 'invalid-client');
  });
});
