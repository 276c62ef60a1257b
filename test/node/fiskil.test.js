import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { FISKIL } from '../../demo/emulators/index.js';
import { CANCEL_URL, elementBody, REDIRECT_URL, send, serveHandler, STATE, useEmulators } from './helpers.js';

const FAULT_KEYS = ['fault', 'id', 'message', 'name', 'temporary', 'timeout'];

describe('Fiskil through createSessionHandler', () => {
  const emulators = useEmulators();

  const handlerFor = (t, fields, overrides = {}) =>
    serveHandler(t, {
      provider: 'fiskil',
      secret: emulators.fiskil.secret,
      baseUrl: emulators.fiskil.origin,
      allowedRedirectOrigins: ['https://shop.example'],
      fields,
      ...overrides,
    });
  const known = { end_user_id: FISKIL.endUserId, institution_id: FISKIL.institutionId };

  it('creates a session: 200 { auth_url, expires_at, id, session_id } passed through', async (t) => {
    const before = Math.floor(Date.now() / 1000);
    const answer = await send(await handlerFor(t, known), elementBody());
    assert.equal(answer.status, 200);
    assert.equal(answer.headers.get('cache-control'), 'no-store');
    assert.deepEqual(Object.keys(answer.json).sort(), ['auth_url', 'expires_at', 'id', 'session_id']);
    assert.equal(new URL(answer.json.auth_url).origin, emulators.fiskil.origin);
    assert.ok(answer.json.expires_at >= before + 600 && answer.json.expires_at <= before + 601, 'unix seconds');
    assert.equal(answer.json.id, FISKIL.clientId);
  });

  it('sends the bearer token and the return URLs with the element state appended', async (t) => {
    await send(await handlerFor(t, known), elementBody());
    const [forwarded] = emulators.fiskil.requests;
    assert.equal(forwarded.path, '/auth/session');
    assert.equal(forwarded.headers.authorization, `Bearer ${emulators.fiskil.secret}`);
    assert.equal(forwarded.headers['content-type'], 'application/json');
    const redirect = new URL(forwarded.body.redirect_uri);
    assert.equal(redirect.searchParams.get('state'), STATE);
    assert.equal(redirect.searchParams.get('from'), 'test', 'the URL keeps its own query');
    assert.equal(`${redirect.origin}${redirect.pathname}`, REDIRECT_URL.split('?')[0]);
    assert.equal(forwarded.body.cancel_uri, `${CANCEL_URL}?state=${STATE}`);
    assert.equal(forwarded.body.end_user_id, FISKIL.endUserId);
    assert.equal(forwarded.body.institution_id, FISKIL.institutionId);
  });

  it('takes the end user from beforeCreate, which sees the request and the whole body', async (t) => {
    let seenBody;
    let seenCookie;
    const url = await handlerFor(
      t,
      { institution_id: '11' },
      {
        beforeCreate: (request, body) => {
          seenCookie = request.headers.get('cookie');
          seenBody = body;
          return { end_user_id: Object.keys(FISKIL.endUsers)[1] };
        },
      },
    );
    const answer = await send(url, elementBody({ csrf: 'token-1' }), { headers: { Cookie: 'sid=abc' } });
    assert.equal(answer.status, 200);
    assert.equal(seenCookie, 'sid=abc');
    assert.equal(seenBody.csrf, 'token-1');
    assert.equal(emulators.fiskil.requests[0].body.end_user_id, Object.keys(FISKIL.endUsers)[1]);
    assert.equal(emulators.fiskil.requests[0].body.csrf, undefined, 'merchant fields are not forwarded');
  });

  const documentedErrors = [
    [
      '400 invalid_institution_id',
      { ...known, institution_id: FISKIL.unknownInstitutionId },
      {},
      400,
      'invalid_institution_id',
    ],
    ['404 end_user_not_found', { ...known, end_user_id: FISKIL.unknownEndUserId }, {}, 404, 'end_user_not_found'],
    ['401 unauthorized', known, { secret: 'not-the-token' }, 401, 'unauthorized'],
  ];
  for (const [name, fields, overrides, status, errorName] of documentedErrors) {
    it(`keeps the provider's ${name} with its whole body`, async (t) => {
      const answer = await send(await handlerFor(t, fields, overrides), elementBody());
      assert.equal(answer.status, status);
      assert.deepEqual(Object.keys(answer.json).sort(), FAULT_KEYS);
      assert.equal(answer.json.name, errorName);
      assert.equal(answer.json.fault, false);
      assert.equal(emulators.fiskil.requests.length, 1);
    });
  }
});
