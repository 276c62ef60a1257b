// demo/merchant.js: the demo backend on the emulators, with its whitelist of browser choices.
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { after, before, beforeEach, describe, it } from 'node:test';
import { createMerchant } from '../../demo/merchant.js';
import { COMPLYCUBE, FISKIL, startEmulators, ULM, ULTRAPASS } from '../../demo/emulators/index.js';
import { signIn, startOpenIdProvider } from '../../demo/emulators/openid-provider.js';
import { cookieJar, decodeTwice, send, STATE } from './helpers.js';

describe('demo merchant backend', () => {
  let emulators;
  let openid;
  let server;
  let origin;
  let merchant;
  before(async () => {
    server = createServer(async (req, res) => {
      if (!(await merchant(req, res))) {
        res.statusCode = 404;
        res.end();
      }
    });
    await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
    origin = `http://127.0.0.1:${server.address().port}`;
    emulators = await startEmulators({
      ultrapass: { redirectUrl: `${origin}/done`, cancelUrl: `${origin}/cancelled` },
    });
    openid = await startOpenIdProvider({ redirectUris: [`${origin}/done`], clientId: 'demo-shop' });
    merchant = createMerchant({ emulators, openid, origin });
  });
  after(async () => {
    await new Promise((resolve) => {
      server.close(resolve);
      server.closeAllConnections();
    });
    await Promise.all([emulators.close(), openid.close()]);
  });
  beforeEach(() => {
    for (const name of ['ultrapass', 'ulm', 'fiskil', 'complycube']) emulators[name].requests.length = 0;
  });

  const flow = (extra = {}) => ({
    redirectUrl: `${origin}/done`,
    cancelUrl: `${origin}/cancelled`,
    state: STATE,
    ...extra,
  });
  const post = (provider, extra) => send(`${origin}/api/${provider}/session`, flow(extra));

  it('creates a session with each provider', async () => {
    assert.equal((await post('ultrapass')).status, 201);
    assert.equal((await post('fiskil')).status, 200);
    assert.equal((await post('complycube')).status, 200);
    const ulm = await post('ulm', {
      authnIdentifier: ULM.accounts[0].authnIdentifier,
      credential: ULM.accounts[0].credential,
    });
    assert.equal(ulm.status, 200);
    assert.equal(ulm.json.lastStep, true);
  });

  it('lets the browser pick a whitelisted demo value, reaching the documented errors', async () => {
    const cases = [
      ['ultrapass', { workflowKey: ULTRAPASS.unknownWorkflowKey }, 409],
      ['ultrapass', { workflowKey: ULTRAPASS.failingWorkflowKey }, 424],
      ['ultrapass', { workflowKey: ULTRAPASS.invalidWorkflowKey }, 400],
      ['fiskil', { institution_id: FISKIL.unknownInstitutionId }, 400],
      ['fiskil', { end_user_id: FISKIL.unknownEndUserId }, 404],
      ['complycube', { clientId: COMPLYCUBE.unknownClientId }, 400],
      ['complycube', { workflowTemplateId: COMPLYCUBE.inactiveWorkflowTemplateId }, 400],
    ];
    for (const [provider, fields, status] of cases) {
      const answer = await post(provider, fields);
      assert.equal(answer.status, status, `${provider} ${JSON.stringify(fields)}`);
      assert.equal(emulators[provider].requests.length, 1, 'the provider answered it');
      emulators[provider].requests.length = 0;
    }
  });

  it('refuses a provider field value outside the whitelist, before the provider', async () => {
    for (const [provider, fields] of [
      ['fiskil', { end_user_id: 'eu_someone_else' }],
      ['fiskil', { institution_id: 10 }],
      ['complycube', { clientId: 'other' }],
      ['ultrapass', { workflowKey: '11111111-2222-4333-8444-555555555555' }],
    ]) {
      const answer = await post(provider, fields);
      assert.equal(answer.status, 400);
      assert.equal(answer.json.error, 'invalid_request');
      assert.deepEqual(emulators[provider].requests, []);
    }
  });

  it('refuses return URLs off the demo origin', async () => {
    const answer = await post('fiskil', { redirectUrl: 'https://evil.example/done' });
    assert.equal(answer.status, 400);
    assert.deepEqual(emulators.fiskil.requests, []);
  });

  it('confirms an UltrapassId session server-side with getSession', async () => {
    const created = await post('ultrapass');
    const sessionId = new URL(decodeTwice(created.text).getSessionUrl).searchParams.get('sessionId');
    const confirmed = await send(`${origin}/api/ultrapass/confirm?sessionId=${sessionId}`, undefined, {
      method: 'GET',
    });
    assert.equal(confirmed.status, 200);
    assert.deepEqual(confirmed.json, {
      confirmed: true,
      session: {
        workflowKey: ULTRAPASS.workflowKey,
        policyId: 'B2C_1A_UUID_REGISTRATION',
        clientRedirectUrl: `${origin}/done`,
      },
    });
    const unknown = await send(`${origin}/api/ultrapass/confirm?sessionId=nope`, undefined, { method: 'GET' });
    assert.equal(unknown.status, 400);
    assert.equal(unknown.json.confirmed, false);
  });

  it('signs in with the OpenID Provider and confirms the login once, for the browser that started it', async () => {
    const jar = cookieJar();
    const started = await send(`${origin}/api/oidc/session`, { redirectUrl: `${origin}/done`, state: STATE }, { jar });
    assert.equal(started.status, 200, started.text);
    assert.equal(new URL(started.json.url).searchParams.get('prompt'), 'login');
    const returned = await signIn(started.json.url, { login: 'ada' });
    const claim = { url: returned, state: STATE };
    assert.equal((await send(`${origin}/api/oidc/confirm`, claim)).status, 400, 'no cookie: refused');
    const confirmed = await send(`${origin}/api/oidc/confirm`, claim, { jar });
    assert.equal(confirmed.status, 200, confirmed.text);
    assert.deepEqual(confirmed.json, { signedInAs: 'ada', name: 'ada', email: 'ada@example.com' });
    assert.equal((await send(`${origin}/api/oidc/confirm`, claim, { jar })).status, 400, 'a second time: refused');
  });

  it('confirms a Fiskil flow for the browser that started it; POST /api/ultrapass/confirm is the binding check', async () => {
    const jar = cookieJar();
    const started = await send(`${origin}/api/fiskil/session`, flow(), { jar });
    assert.equal(started.status, 200, started.text);
    const url = `${origin}/done?state=${STATE}`;
    const confirmed = await send(`${origin}/api/fiskil/confirm`, { url, state: STATE }, { jar });
    assert.equal(confirmed.status, 200, confirmed.text);
    assert.equal(confirmed.json.boundToThisBrowser, true);
    assert.equal(confirmed.json.provider, 'fiskil');
    const unknown = await send(`${origin}/api/ultrapass/confirm`, { url, state: STATE }, { jar });
    assert.equal(unknown.status, 400);
  });

  it('answers only its own routes', async () => {
    assert.equal((await send(`${origin}/api/other`, {})).status, 404);
    assert.equal((await send(`${origin}/api/fiskil/session`, undefined, { method: 'GET' })).status, 405);
  });
});
