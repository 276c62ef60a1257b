// Every server example of docs/server.md ("Examples") and the README's five-minute quickstart,
// run as they are written against the provider emulators. The code is read from those files at
// test time, so a change that breaks an example fails here.
//
// What is changed before an example runs, all of it mechanical:
// - bare import specifiers ('hosted-auth-session/server', 'express') become the file URLs they
//   resolve to from this repository, since the files are written to a temporary folder;
// - `.listen(3000)` becomes `.listen(0, '127.0.0.1', …)`, whose callback hands the server over;
// - csrfTokenFor / complyCubeClientIdFor, which the example leaves to the reader, get stubs;
// - main.js (Deno / Bun) keeps the serve() line of the runtime under test, uncommented, and runs
//   with a stand-in `Deno` / `Bun` global whose serve() keeps the handler it is given.
// (The first three are in readme-examples/readme.js.) Secrets and API URLs are not substituted:
// the test sets the environment variables the examples read (process.env, a Worker's `env`,
// Deno.env), pointing at the emulators.
//
// The quickstart's server reads its pages from the folder it is started in: it runs in the
// temporary folder, next to the quickstart's two HTML files, with node_modules/hosted-auth-session
// linked to this repository (dist/ is built first).
//
// The node:http and Express examples get real HTTP requests on 127.0.0.1, as the element sends
// them. The fetch-style examples (Next.js route handlers, a Worker) are called with a Web
// `Request`, which is what those runtimes do.

import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { COMPLYCUBE, FISKIL, ULM, ULTRAPASS } from '../../demo/emulators/index.js';
import { decodeTwice, send, STATE, useEmulators } from './helpers.js';
import {
  attribute,
  quickstartExample,
  readmeExample,
  startServerExample,
  writeExample,
} from './readme-examples/readme.js';

const OUTSIDE = 'https://attacker.example/collect';
const HOOK_TIMEOUT = { timeout: 10_000 };

/** The element on an example's markup: where it POSTs and the body it sends (SPEC §4). */
function element(html) {
  const endpoint = attribute(html, 'endpoint');
  assert.ok(endpoint?.startsWith('/'), `the example's element has an endpoint path: ${html}`);
  const body = { state: STATE };
  const redirectUrl = attribute(html, 'redirect-url');
  const cancelUrl = attribute(html, 'cancel-url');
  if (redirectUrl !== undefined) body.redirectUrl = redirectUrl;
  if (cancelUrl !== undefined) body.cancelUrl = cancelUrl;
  return { endpoint, body };
}

/** The element's request as a Web `Request`, for the fetch-style examples. */
function elementRequest(url, body, headers = {}) {
  return new Request(url, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Accept: 'application/json', ...headers },
    body: JSON.stringify(body),
  });
}

/** Reads a Response like `send` reads an HTTP answer. */
async function read(response) {
  const text = await response.clone().text();
  return { status: response.status, text, json: await response.json().catch(() => undefined) };
}

/** The handler's 400 for a return URL off allowedRedirectOrigins, with nothing sent on. */
function assertRedirectRefused(answer, providerRequests) {
  assert.equal(answer.status, 400, answer.text);
  assert.equal(answer.json.error, 'redirect_not_allowed');
  assert.equal(providerRequests.length, 0);
}

/** The state-carrying return URL a provider should receive for the element's URL. */
function withState(url) {
  const target = new URL(url);
  target.searchParams.set('state', STATE);
  return target.href;
}

describe('documented server examples, against the emulators', () => {
  const emulators = useEmulators();
  const written = [];
  after(() => written.forEach((example) => example.remove()));

  /** Writes an example's code blocks to a temporary folder (removed when the suite ends). */
  const write = (files, options) => {
    const example = writeExample(files, options);
    written.push(example);
    return example;
  };

  describe("the README's five-minute quickstart (Fiskil, node:http)", () => {
    const example = quickstartExample();
    const [page, returnPage] = ['<hosted-auth-session', 'callback.iife.js'].map((marker) => {
      const found = example.html.filter((html) => html.includes(marker));
      assert.equal(found.length, 1, `the quickstart has one html block with ${marker}`);
      return found[0];
    });
    const request = element(page);
    const repository = fileURLToPath(new URL('../../', import.meta.url));
    const cwd = process.cwd();
    let server;

    before(async () => {
      Object.assign(process.env, {
        FISKIL_TOKEN: emulators.fiskil.secret,
        FISKIL_API_URL: emulators.fiskil.origin,
        FISKIL_END_USER_ID: FISKIL.endUserId,
      });
      assert.deepEqual(
        example.js.map((file) => file.name),
        ['server.js'],
      );
      const files = write(example.js);
      const dir = dirname(fileURLToPath(files.url('server.js')));
      writeFileSync(join(dir, 'index.html'), page);
      writeFileSync(join(dir, 'return.html'), returnPage);
      mkdirSync(join(dir, 'node_modules'));
      symlinkSync(repository, join(dir, 'node_modules', 'hosted-auth-session'), 'dir');
      process.chdir(dir);
      server = await startServerExample(files.url('server.js'));
    }, HOOK_TIMEOUT);
    after(async () => {
      process.chdir(cwd);
      await server?.close();
    });

    it("creates the session for the configured end user and passes Fiskil's answer on", async () => {
      const answer = await send(`${server.origin}${request.endpoint}`, request.body);
      assert.equal(answer.status, 200, answer.text);
      assert.deepEqual(Object.keys(answer.json).sort(), ['auth_url', 'expires_at', 'id', 'session_id']);
      const [forwarded] = emulators.fiskil.requests;
      assert.equal(emulators.fiskil.requests.length, 1);
      assert.equal(forwarded.headers.authorization, `Bearer ${FISKIL.token}`);
      assert.deepEqual(forwarded.body, {
        end_user_id: FISKIL.endUserId,
        redirect_uri: withState(request.body.redirectUrl),
        cancel_uri: withState(request.body.cancelUrl),
      });
    });

    it('refuses a redirectUrl off allowedRedirectOrigins with 400 and forwards nothing', async () => {
      const answer = await send(`${server.origin}${request.endpoint}`, { ...request.body, redirectUrl: OUTSIDE });
      assertRedirectRefused(answer, emulators.fiskil.requests);
    });

    it("serves the page, the return pages at the element's return URLs and the element's scripts", async () => {
      const get = async (path) => {
        const response = await fetch(`${server.origin}${path}`);
        return { status: response.status, type: response.headers.get('content-type'), text: await response.text() };
      };
      const index = await get('/');
      assert.equal(index.status, 200);
      assert.match(index.type, /^text\/html/);
      assert.equal(index.text, page);
      for (const url of [request.body.redirectUrl, request.body.cancelUrl]) {
        const back = await get(`${new URL(url).pathname}?state=${STATE}&session_id=s`);
        assert.equal(back.status, 200, url);
        assert.equal(back.text, returnPage, url);
      }
      const scripts = [...`${page}\n${returnPage}`.matchAll(/<script src="([^"]+)"/g)].map((match) => match[1]);
      assert.deepEqual(scripts, ['/hosted-auth-session.iife.js', '/callback.iife.js']);
      for (const script of scripts) {
        const served = await get(script);
        assert.equal(served.status, 200, script);
        assert.match(served.type, /^text\/javascript/);
        assert.equal(served.text, readFileSync(join(repository, 'dist', script.slice(1)), 'utf8'), script);
      }
      assert.equal((await get('/elsewhere')).status, 404);
    });
  });

  describe('Fiskil, with node:http', () => {
    const example = readmeExample('Fiskil');
    const page = element(example.html[0]);
    const signedIn = { Cookie: 'sid=s3ss10n' };
    let server;

    before(async () => {
      Object.assign(process.env, { FISKIL_TOKEN: emulators.fiskil.secret, FISKIL_API_URL: emulators.fiskil.origin });
      server = await startServerExample(write(example.js).url(example.js[0].name));
    }, HOOK_TIMEOUT);
    after(() => server?.close());

    it("creates the session for the signed-in user and passes Fiskil's answer on", async () => {
      const answer = await send(`${server.origin}${page.endpoint}`, page.body, { headers: signedIn });
      assert.equal(answer.status, 200, answer.text);
      assert.deepEqual(Object.keys(answer.json).sort(), ['auth_url', 'expires_at', 'id', 'session_id']);
      assert.equal(answer.json.id, FISKIL.clientId);
      assert.equal(new URL(answer.json.auth_url).origin, emulators.fiskil.origin);

      const [forwarded] = emulators.fiskil.requests;
      assert.equal(emulators.fiskil.requests.length, 1);
      assert.equal(forwarded.headers.authorization, `Bearer ${FISKIL.token}`);
      assert.deepEqual(forwarded.body, {
        institution_id: FISKIL.institutionId,
        end_user_id: FISKIL.endUserId,
        redirect_uri: withState(page.body.redirectUrl),
        cancel_uri: withState(page.body.cancelUrl),
      });
    });

    it('refuses a redirectUrl off allowedRedirectOrigins with 400 and forwards nothing', async () => {
      const outside = { ...page.body, redirectUrl: OUTSIDE };
      const answer = await send(`${server.origin}${page.endpoint}`, outside, { headers: signedIn });
      assertRedirectRefused(answer, emulators.fiskil.requests);
    });

    it("refuses a visitor without a session cookie with the example's 401", async () => {
      const answer = await send(`${server.origin}${page.endpoint}`, page.body);
      assert.equal(answer.status, 401);
      assert.deepEqual(answer.json, { error: 'sign in first' });
      assert.equal(emulators.fiskil.requests.length, 0);
    });
  });

  describe('ComplyCube, with Express', () => {
    const example = readmeExample('ComplyCube');
    const page = element(example.html[0]);
    const csrf = 'csrf-7f3a9c';
    let server;

    before(async () => {
      Object.assign(process.env, {
        COMPLYCUBE_API_KEY: emulators.complycube.secret,
        COMPLYCUBE_API_URL: emulators.complycube.origin,
        COMPLYCUBE_TEMPLATE_ID: COMPLYCUBE.workflowTemplateId,
      });
      // The README leaves the CSRF token and the ComplyCube client of the signed-in user to the reader.
      const stubs = {
        csrfTokenFor: `async function csrfTokenFor() { return '${csrf}'; }`,
        complyCubeClientIdFor: `async function complyCubeClientIdFor() { return '${COMPLYCUBE.clientId}'; }`,
      };
      server = await startServerExample(write(example.js, { stubs }).url(example.js[0].name));
    }, HOOK_TIMEOUT);
    after(() => server?.close());

    it("creates the session with the CSRF token the page sends and passes ComplyCube's answer on", async () => {
      const headers = { 'X-CSRF-Token': csrf };
      const answer = await send(`${server.origin}${page.endpoint}`, page.body, { headers });
      assert.equal(answer.status, 200, answer.text);
      assert.deepEqual(Object.keys(answer.json), ['redirectUrl']);
      assert.equal(new URL(answer.json.redirectUrl).origin, emulators.complycube.origin);

      const [forwarded] = emulators.complycube.requests;
      assert.equal(emulators.complycube.requests.length, 1);
      assert.equal(forwarded.headers.authorization, COMPLYCUBE.apiKey);
      assert.deepEqual(forwarded.body, {
        workflowTemplateId: COMPLYCUBE.workflowTemplateId,
        theme: 'light',
        clientId: COMPLYCUBE.clientId,
        successUrl: withState(page.body.redirectUrl),
        cancelUrl: withState(page.body.cancelUrl),
      });
    });

    it('refuses a cancelUrl off allowedRedirectOrigins with 400 and forwards nothing', async () => {
      const outside = { ...page.body, cancelUrl: OUTSIDE };
      const answer = await send(`${server.origin}${page.endpoint}`, outside, { headers: { 'X-CSRF-Token': csrf } });
      assertRedirectRefused(answer, emulators.complycube.requests);
    });

    it('refuses a wrong CSRF token with 403 and forwards nothing', async () => {
      const forged = { 'X-CSRF-Token': 'forged' };
      const answer = await send(`${server.origin}${page.endpoint}`, page.body, { headers: forged });
      assert.equal(answer.status, 403);
      assert.equal(emulators.complycube.requests.length, 0);
    });
  });

  describe('UltrapassId, as Next.js App Router route handlers', () => {
    const example = readmeExample('UltrapassId');
    const page = element(example.html[0]);
    const sessionRoute = `app${page.endpoint}/route.js`;
    const confirmRoute = 'app/api/ultrapass/confirm/route.js';
    let routes;

    before(async () => {
      Object.assign(process.env, {
        UPID_ORG_KEY: emulators.ultrapass.secret,
        UPID_API_URL: emulators.ultrapass.origin,
        UPID_WORKFLOW_KEY: ULTRAPASS.workflowKey,
      });
      const names = example.js.map((file) => file.name);
      assert.deepEqual(names, [sessionRoute, confirmRoute], "the element's endpoint is the route's path");
      const files = write(example.js);
      routes = { session: await import(files.url(sessionRoute)), confirm: await import(files.url(confirmRoute)) };
    }, HOOK_TIMEOUT);

    const startSession = (body) => routes.session.POST(elementRequest(`http://127.0.0.1${page.endpoint}`, body));
    const confirm = (sessionId) =>
      routes.confirm.GET(new Request(`http://127.0.0.1/api/ultrapass/confirm?sessionId=${sessionId}`));

    it("POST creates the session and passes UltrapassId's 201 JSON string on; GET confirms it", async () => {
      const answer = await read(await startSession(page.body));
      assert.equal(answer.status, 201, answer.text);
      assert.equal(typeof answer.json, 'string', 'a JSON string holding JSON, as UltrapassId sends it');
      const getSessionUrl = new URL(decodeTwice(answer.text).getSessionUrl);
      assert.equal(getSessionUrl.origin, emulators.ultrapass.origin);

      const [forwarded] = emulators.ultrapass.requests;
      assert.equal(forwarded.headers['x-upid-organization-key'], ULTRAPASS.organizationKey);
      assert.deepEqual(forwarded.body, { workflowKey: ULTRAPASS.workflowKey }, 'nothing but workflowKey is sent');

      const confirmed = await read(await confirm(getSessionUrl.searchParams.get('sessionId')));
      assert.equal(confirmed.status, 200, confirmed.text);
      assert.deepEqual(confirmed.json, { ok: true });
      const [, lookup] = emulators.ultrapass.requests;
      assert.equal(lookup.path, `/uauth/session/${getSessionUrl.searchParams.get('sessionId')}`);
      assert.equal(lookup.headers['x-upid-organization-key'], ULTRAPASS.organizationKey);
    });

    it('POST refuses a redirectUrl off allowedRedirectOrigins with 400 and forwards nothing', async () => {
      const answer = await read(await startSession({ ...page.body, redirectUrl: OUTSIDE }));
      assertRedirectRefused(answer, emulators.ultrapass.requests);
    });

    it("GET answers { ok: false } with UltrapassId's status for a session it does not know", async () => {
      const answer = await read(await confirm('0123456789abcdef0123456789abcdef'));
      assert.equal(answer.status, 400);
      assert.deepEqual(answer.json, { ok: false });
      const failing = await read(await confirm(ULTRAPASS.failingSessionId));
      assert.equal(failing.status, 424);
      assert.deepEqual(failing.json, { ok: false });
    });
  });

  describe('ULM Cloud, as a Cloudflare Worker (and its Deno / Bun entry)', () => {
    const example = readmeExample('ULM Cloud');
    const page = element(example.html[0]);
    const [ada] = ULM.accounts;
    const signIn = { ...page.body, authnIdentifier: ada.authnIdentifier, credential: ada.credential };
    let env;
    let worker;

    before(async () => {
      env = { ULM_API_URL: emulators.ulm.origin, ULM_CLIENT_TOKEN: emulators.ulm.secret };
      assert.deepEqual(
        example.js.map((file) => file.name),
        ['worker.js', 'main.js'],
      );
      worker = (await import(write(example.js.slice(0, 1)).url('worker.js'))).default;
    }, HOOK_TIMEOUT);

    /** Checks a sign-in answer and what ULM received. */
    const assertSignedIn = async (response) => {
      const answer = await read(response);
      assert.equal(answer.status, 200, answer.text);
      const keys = ['lastStep', 'processId', 'runtimeId', 'userAuthenticated', 'userId'];
      assert.deepEqual(Object.keys(answer.json).sort(), keys);
      assert.equal(answer.json.userAuthenticated && answer.json.lastStep, true);
      assert.equal(answer.json.userId, ada.userId);
      const [forwarded] = emulators.ulm.requests;
      assert.equal(emulators.ulm.requests.length, 1);
      assert.equal(forwarded.headers.authorization, `Bearer ${ULM.clientToken}`);
      assert.deepEqual(forwarded.body, { authnIdentifier: ada.authnIdentifier, credential: ada.credential });
    };

    it("fetch(request, env) signs the user in and passes ULM's answer on", async () => {
      await assertSignedIn(await worker.fetch(elementRequest(`http://127.0.0.1${page.endpoint}`, signIn), env));
    });

    it('refuses a request without a credential with 400 and forwards nothing; other paths are 404', async () => {
      const { credential, ...withoutCredential } = signIn;
      assert.ok(credential);
      const request = elementRequest(`http://127.0.0.1${page.endpoint}`, withoutCredential);
      const answer = await read(await worker.fetch(request, env));
      assert.equal(answer.status, 400);
      assert.equal(answer.json.error, 'invalid_request');
      const elsewhere = await worker.fetch(elementRequest('http://127.0.0.1/api/other', signIn), env);
      assert.equal(elsewhere.status, 404);
      assert.equal(emulators.ulm.requests.length, 0);
    });

    it("passes ULM's 401 and its code on for a locked profile", async () => {
      const locked = ULM.accounts.find((account) => account.outcome === 'user-profile-locked');
      const body = { ...signIn, authnIdentifier: locked.authnIdentifier, credential: locked.credential };
      const answer = await read(await worker.fetch(elementRequest(`http://127.0.0.1${page.endpoint}`, body), env));
      assert.equal(answer.status, 401);
      assert.equal(answer.json.code, 'user-profile-locked');
    });

    // main.js, run with stand-ins for Deno / Bun whose serve() keeps the handler it gets; each run
    // loads a fresh copy of worker.js, so the environment it is given really reaches it.
    const runtimes = {
      Deno: (served, environment) => {
        for (const name of Object.keys(environment)) delete process.env[name]; // Deno.env only
        return { serve: (handler) => served.push(handler), env: { toObject: () => ({ ...environment }) } };
      },
      Bun: (served, environment) => {
        Object.assign(process.env, environment);
        return { serve: ({ fetch }) => served.push(fetch) };
      },
    };
    for (const [runtime, standIn] of Object.entries(runtimes)) {
      it(`main.js serves the worker on ${runtime} with the process environment`, async () => {
        const [workerFile, main] = example.js;
        // main.js shows the Deno line, and the Bun line as a comment: keep this runtime's, uncommented.
        const code = main.code
          .split('\n')
          .flatMap((line) => {
            const serve = line.match(/^(?:\/\/ )?((\w+)\.serve\(.*)$/);
            return serve === null ? [line] : serve[2] === runtime ? [serve[1]] : [];
          })
          .join('\n');
        assert.match(code, new RegExp(`^${runtime}\\.serve\\(`, 'm'), `main.js shows ${runtime}.serve(…)`);
        const served = [];
        globalThis[runtime] = standIn(served, env);
        try {
          await import(write([workerFile, { name: main.name, code }]).url(main.name));
          assert.equal(served.length, 1);
          await assertSignedIn(await served[0](elementRequest(`http://127.0.0.1${page.endpoint}`, signIn)));
        } finally {
          delete globalThis[runtime];
        }
      });
    }
  });
});
