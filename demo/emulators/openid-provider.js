// A real OpenID Provider on loopback, for the Node tests, the end-to-end tests and the demo:
// panva's oidc-provider (a certified implementation) with its development interactions — a
// login page that accepts any login and password (the ID token's `sub` is the login typed), a
// consent page, and a Cancel link that sends the browser back with `error=access_denied`. The ID
// token holds `sub`, and `email` / `name` (login@example.com, the login) when those scopes are asked.
//
//   import { signIn, startOpenIdProvider } from './openid-provider.js';
//   const op = await startOpenIdProvider({ redirectUris: ['http://127.0.0.1:8080/signin/done'] });
//   op.issuer, op.clientId, op.clientSecret   // for createSessionHandler / createConfirmHandler
//                                            //   ({ provider: 'oidc', allowInsecureRequests: true })
//   op.clientOptions                         // the same as { provider: 'oidc', issuer, clientId, secret,
//                                            //   clientAuth, allowInsecureRequests: true }
//   op.requests                              // every request it received: { method, path }
//   op.tokenRequests()                       // how many reached the token endpoint
//   const returnUrl = await signIn(authorizationUrl, { login: 'ada' }); // Node only: fetch + cookie jar
//   await op.close();
//
// In a browser (Playwright): open the authorization URL, fill `input[name=login]` and
// `input[name=password]`, press "Sign-in", then "Continue" on the consent page; "[ Cancel ]"
// denies. With `https: true` it serves a fresh self-signed certificate for 127.0.0.1 and
// localhost (`op.certificate`, PEM; Chromium needs `ignoreHTTPSErrors`, Node's fetch does not
// trust it); with `partitionedCookies: true` (https only) its cookies are
// `SameSite=None; Secure; Partitioned`, so its pages also work inside a third-party iframe.
//
// oidc-provider 9 prints "Unsupported runtime" on Node 20 and development-mode warnings; they are
// kept out of the output (the tests print nothing when they pass).

import { execFileSync } from 'node:child_process';
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer as createHttpServer } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Starts an OpenID Provider with one registered client.
 *
 * @param {{
 *   redirectUris: string[],
 *   host?: string,
 *   port?: number,
 *   https?: boolean,
 *   partitionedCookies?: boolean,
 *   clientId?: string,
 *   clientAuth?: 'client_secret_basic' | 'client_secret_post' | 'none',
 * }} options `host` defaults to 127.0.0.1 and `port` to 0 (the OS picks); `clientAuth` is the
 *   client's token endpoint authentication (default client_secret_basic; `none`: a public client).
 * @returns {Promise<{ issuer: string, origin: string, clientId: string, clientSecret: string | undefined,
 *   clientOptions: object, certificate: string | undefined, requests: { method: string, path: string }[],
 *   tokenRequests(): number, close(): Promise<void> }>}
 */
export async function startOpenIdProvider(options) {
  const {
    redirectUris,
    host = '127.0.0.1',
    port = 0,
    https = false,
    partitionedCookies = false,
    clientId = 'shop',
    clientAuth = 'client_secret_basic',
  } = options;
  if (!Array.isArray(redirectUris) || redirectUris.length === 0)
    throw new TypeError('startOp: redirectUris is required');
  if (partitionedCookies && !https) throw new TypeError('startOp: partitionedCookies needs https: true');

  const certificate = https ? selfSignedCertificate() : undefined;
  const requests = [];
  let callback;
  const listener = (req, res) => {
    requests.push({ method: req.method, path: new URL(req.url, 'http://op').pathname });
    callback(req, res);
  };
  const server = https
    ? createHttpsServer({ key: certificate.key, cert: certificate.cert }, listener)
    : createHttpServer(listener);
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, resolve);
  });
  const hostName = host.includes(':') ? `[${host}]` : host;
  const origin = `${https ? 'https' : 'http'}://${hostName}:${server.address().port}`;

  const clientSecret = clientAuth === 'none' ? undefined : randomBytes(24).toString('base64url');
  const Provider = await quietly(async () => (await import('oidc-provider')).default);
  const provider = await quietly(
    () =>
      new Provider(origin, {
        clients: [
          {
            client_id: clientId,
            ...(clientSecret === undefined ? {} : { client_secret: clientSecret }),
            redirect_uris: redirectUris,
            response_types: ['code'],
            grant_types: ['authorization_code'],
            token_endpoint_auth_method: clientAuth,
          },
        ],
        jwks: { keys: [signingKey()] },
        findAccount: (_ctx, id) => ({
          accountId: id,
          claims: () => ({ sub: id, name: id, email: `${id}@example.com`, email_verified: true }),
        }),
        claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name'] },
        // The claims of the scopes granted go into the ID token too, not only into userinfo.
        conformIdTokenClaims: false,
        cookies: {
          keys: [randomBytes(32).toString('base64url')],
          ...(partitionedCookies
            ? {
                long: { httpOnly: true, sameSite: 'none', secure: true, partitioned: true },
                short: { httpOnly: true, sameSite: 'none', secure: true, partitioned: true },
              }
            : {}),
        },
        features: { devInteractions: { enabled: true } },
        pkce: { required: () => true },
        // Fixed lifetimes (seconds): the default functions print a notice each time they run.
        ttl: { AuthorizationCode: 60, Interaction: 600, Session: 3600, Grant: 3600, AccessToken: 600, IdToken: 600 },
      }),
  );
  callback = provider.callback();

  return {
    issuer: origin,
    origin,
    clientId,
    clientSecret,
    clientOptions: {
      provider: 'oidc',
      issuer: origin,
      clientId,
      secret: clientSecret,
      clientAuth,
      allowInsecureRequests: !https,
    },
    certificate: certificate?.cert,
    requests,
    tokenRequests: () => requests.filter((request) => request.path === '/token').length,
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/**
 * Drives the provider's development pages with fetch and a cookie jar of its own, as a user
 * would: signs in as `login` and consents (or, with `cancel: true`, presses Cancel on the login
 * page). Returns the URL the provider sends the browser to once it leaves the provider (the
 * redirect_uri with `code`, `state` and `iss`, or with `error`). http issuers only.
 *
 * @param {string} authorizationUrl the URL the session handler answered
 * @param {{ login?: string, cancel?: boolean }} [options]
 * @returns {Promise<string>}
 */
export async function signIn(authorizationUrl, { login = 'ada', cancel = false } = {}) {
  const jar = new Map();
  const opOrigin = new URL(authorizationUrl).origin;
  let request = { url: authorizationUrl, init: { method: 'GET' } };
  for (let step = 0; step < 20; step += 1) {
    const response = await fetch(request.url, {
      ...request.init,
      redirect: 'manual',
      headers: { ...request.init.headers, cookie: [...jar].map(([name, value]) => `${name}=${value}`).join('; ') },
    });
    for (const cookie of response.headers.getSetCookie()) {
      const [pair] = cookie.split(';');
      const at = pair.indexOf('=');
      const name = pair.slice(0, at);
      if (/max-age=0|expires=thu, 01 jan 1970/i.test(cookie)) jar.delete(name);
      else jar.set(name, pair.slice(at + 1));
    }
    if (response.status >= 300 && response.status < 400) {
      await response.body?.cancel();
      const next = new URL(response.headers.get('location'), request.url);
      if (next.origin !== opOrigin) return next.href;
      request = { url: next.href, init: { method: 'GET' } };
      continue;
    }
    const html = await response.text();
    if (response.status !== 200)
      throw new Error(`signIn: the provider answered ${response.status}: ${html.slice(0, 300)}`);
    const form = /<form[^>]*action="([^"]+)"[^>]*>([\s\S]*?)<\/form>/.exec(html);
    if (form === null) throw new Error(`signIn: no form on the provider's page: ${html.slice(0, 300)}`);
    const isLogin = /name="login"/.test(form[2]);
    if (isLogin && cancel) {
      const abort = /href="([^"]*\/abort)"/.exec(html);
      request = { url: new URL(unescapeHtml(abort[1]), request.url).href, init: { method: 'GET' } };
      continue;
    }
    const fields = new URLSearchParams();
    for (const [, name, value] of form[2].matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)"/g)) {
      fields.set(name, unescapeHtml(value));
    }
    if (isLogin) {
      fields.set('login', login);
      fields.set('password', 'any password');
    }
    request = {
      url: new URL(unescapeHtml(form[1]), request.url).href,
      init: {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: fields.toString(),
      },
    };
  }
  throw new Error('signIn: the provider did not send the browser back within 20 steps');
}

function unescapeHtml(text) {
  return text
    .replaceAll('&#x2F;', '/')
    .replaceAll('&#39;', "'")
    .replaceAll('&quot;', '"')
    .replaceAll('&lt;', '<')
    .replaceAll('&gt;', '>')
    .replaceAll('&amp;', '&');
}

/** A fresh RS256 signing key as a private JWK. */
function signingKey() {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return { ...privateKey.export({ format: 'jwk' }), kid: randomBytes(8).toString('hex'), use: 'sig', alg: 'RS256' };
}

/** A self-signed certificate for 127.0.0.1, ::1 and localhost, made with openssl. */
function selfSignedCertificate() {
  const dir = mkdtempSync(join(tmpdir(), 'oidc-op-'));
  try {
    const key = join(dir, 'key.pem');
    const cert = join(dir, 'cert.pem');
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'ec',
        '-pkeyopt',
        'ec_paramgen_curve:prime256v1',
        '-nodes',
        '-days',
        '1',
        '-subj',
        '/CN=127.0.0.1',
        '-addext',
        'subjectAltName=IP:127.0.0.1,IP:::1,DNS:localhost',
        '-keyout',
        key,
        '-out',
        cert,
      ],
      { stdio: 'ignore' },
    );
    return { key: readFileSync(key, 'utf8'), cert: readFileSync(cert, 'utf8') };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Runs `make` with oidc-provider's own warnings and notices kept off the console. */
async function quietly(make) {
  const { warn, info } = console;
  const filter =
    (original) =>
    (...args) => {
      if (!String(args[0]).startsWith('oidc-provider ')) original.apply(console, args);
    };
  console.warn = filter(warn);
  console.info = filter(info);
  try {
    return await make();
  } finally {
    console.warn = warn;
    console.info = info;
  }
}
