// The README's "Sign in with OpenID Connect" backend, run as it is written against a real OpenID
// Provider on loopback (demo/emulators/openid-provider.js), its login driven with fetch.
//
// What is changed before it runs, mechanically (besides what readme-examples/readme.js changes:
// the import specifiers and `.listen(3000)`): `provider: 'oidc',` gains
// `allowInsecureRequests: true`, since the test's provider is http://127.0.0.1. Its settings
// come from the environment variables the example reads.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { signIn, startOpenIdProvider } from '../../demo/emulators/openid-provider.js';
import { cookieJar, send } from './helpers.js';
import { attribute, openIdExample, startServerExample, writeExample } from './readme-examples/readme.js';

describe("README: sign in with OpenID Connect, the page's element and the dozen-line backend", () => {
  const example = openIdExample();
  const html = example.html[0];
  const endpoint = attribute(html, 'endpoint');
  const confirmEndpoint = attribute(html, 'confirm-endpoint');
  const redirectUrl = attribute(html, 'redirect-url');
  let op;
  let server;
  let files;

  before(async () => {
    op = await startOpenIdProvider({ redirectUris: [redirectUrl] });
    Object.assign(process.env, {
      OIDC_ISSUER: op.issuer,
      OIDC_CLIENT_ID: op.clientId,
      OIDC_CLIENT_SECRET: op.clientSecret,
      FLOW_COOKIE_SECRET: randomBytes(32).toString('base64'),
    });
    const code = example.js[0].code.replace("provider: 'oidc',", "provider: 'oidc', allowInsecureRequests: true,");
    assert.notEqual(code, example.js[0].code, 'the example names the oidc provider');
    files = writeExample([{ name: 'signin.js', code }]);
    server = await startServerExample(files.url('signin.js'));
  });
  after(async () => {
    await server?.close();
    await op?.close();
    files?.remove();
  });

  it('signs ada in: the confirm endpoint answers what onConfirmed returned, once', async () => {
    const jar = cookieJar();
    const state = randomBytes(16).toString('base64url');
    const started = await send(`${server.origin}${endpoint}`, { redirectUrl, state }, { jar });
    assert.equal(started.status, 200, started.text);
    assert.equal(new URL(started.json.url).origin, op.origin);
    assert.equal(jar.cookies.size, 1, 'the flow is bound to this browser');

    const returned = await signIn(started.json.url, { login: 'ada' });
    assert.equal(new URL(returned).searchParams.get('state'), state);
    const claim = { url: returned, state };
    const confirmed = await send(`${server.origin}${confirmEndpoint}`, claim, { jar });
    assert.equal(confirmed.status, 200, confirmed.text);
    assert.deepEqual(confirmed.json, { userId: 'ada', email: 'ada@example.com' });
    assert.doesNotMatch(confirmed.text, /token/);

    const again = await send(`${server.origin}${confirmEndpoint}`, claim, { jar });
    assert.equal(again.status, 400);
  });

  it('refuses a confirmation from a browser that did not start the flow, before the provider is asked', async () => {
    const state = randomBytes(16).toString('base64url');
    const started = await send(`${server.origin}${endpoint}`, { redirectUrl, state }, { jar: cookieJar() });
    const returned = await signIn(started.json.url, { login: 'eve' });
    const tokens = op.tokenRequests();
    const foreign = await send(`${server.origin}${confirmEndpoint}`, { url: returned, state }, { jar: cookieJar() });
    assert.equal(foreign.status, 400);
    assert.equal(foreign.json.error, 'flow_not_found');
    assert.equal(op.tokenRequests(), tokens);
  });
});
