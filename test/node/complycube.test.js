import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { COMPLYCUBE } from '../../demo/emulators/index.js';
import { CANCEL_URL, elementBody, send, serveHandler, STATE, useEmulators } from './helpers.js';

describe('ComplyCube through createSessionHandler', () => {
  const emulators = useEmulators();

  const known = { clientId: COMPLYCUBE.clientId, workflowTemplateId: COMPLYCUBE.workflowTemplateId };
  const handlerFor = (t, fields, overrides = {}) =>
    serveHandler(t, {
      provider: 'complycube',
      secret: emulators.complycube.secret,
      baseUrl: emulators.complycube.origin,
      allowedRedirectOrigins: ['https://shop.example'],
      fields,
      ...overrides,
    });

  it('creates a session: 200 { redirectUrl } passed through', async (t) => {
    const answer = await send(await handlerFor(t, known), elementBody());
    assert.equal(answer.status, 200);
    assert.equal(answer.headers.get('cache-control'), 'no-store');
    assert.deepEqual(Object.keys(answer.json), ['redirectUrl']);
    assert.match(
      answer.json.redirectUrl,
      new RegExp(`^${emulators.complycube.origin}/test_[A-Za-z0-9]+\\?theme=light$`),
    );
  });

  it('sends the API key as Authorization and successUrl / cancelUrl with the state', async (t) => {
    await send(await handlerFor(t, { ...known, theme: 'dark', supportEmail: 'help@shop.example' }), elementBody());
    const [forwarded] = emulators.complycube.requests;
    assert.equal(forwarded.path, '/v1/flow/sessions');
    assert.equal(forwarded.headers.authorization, emulators.complycube.secret);
    assert.equal(new URL(forwarded.body.successUrl).searchParams.get('state'), STATE);
    assert.equal(forwarded.body.cancelUrl, `${CANCEL_URL}?state=${STATE}`);
    assert.equal(forwarded.body.theme, 'dark');
    assert.equal(forwarded.body.supportEmail, 'help@shop.example');
  });

  const documentedErrors = [
    ['an unknown clientId', { ...known, clientId: COMPLYCUBE.unknownClientId }, 'clientId', "'clientId' is invalid"],
    [
      'an unknown workflowTemplateId',
      { ...known, workflowTemplateId: 'nope' },
      'workflowTemplateId',
      "'workflowTemplateId' is invalid",
    ],
    [
      'a template with no active version',
      { ...known, workflowTemplateId: COMPLYCUBE.inactiveWorkflowTemplateId },
      'workflowTemplateId',
      "'workflowTemplateId' has no active version",
    ],
    [
      'a malformed supportEmail',
      { ...known, supportEmail: 'not-an-email' },
      'supportEmail',
      "'supportEmail' is invalid",
    ],
  ];
  for (const [name, fields, param, message] of documentedErrors) {
    it(`keeps the provider's 400 for ${name}`, async (t) => {
      const answer = await send(await handlerFor(t, fields), elementBody());
      assert.equal(answer.status, 400);
      assert.deepEqual(answer.json, { type: 'invalid_request', message, param });
      assert.equal(emulators.complycube.requests.length, 1);
    });
  }

  it("keeps the provider's 401 for a wrong API key", async (t) => {
    const answer = await send(await handlerFor(t, known, { secret: 'test_wrong' }), elementBody());
    assert.equal(answer.status, 401);
    assert.equal(answer.json.type, 'unauthorized');
  });
});
