// Shared by the server-helper tests: a loopback merchant server around a handler, a POST
// helper that keeps the whole answer (for the secrets test), a provider stand-in, and demo values.

import { createServer } from 'node:http';
import { after, before, beforeEach } from 'node:test';
import { startEmulators } from '../../demo/emulators/index.js';
import { createConfirmHandler, createSessionHandler, toNodeListener } from '../../dist/server.js';

/** The merchant origin the tests allow return URLs on (nothing needs to be served there). */
export const MERCHANT_ORIGIN = 'https://shop.example';
export const REDIRECT_URL = `${MERCHANT_ORIGIN}/verify/done?from=test`;
export const CANCEL_URL = `${MERCHANT_ORIGIN}/verify/cancelled`;
/** A state like the element's: 128 random bits, base64url. */
export const STATE = 'q1w2e3r4t5y6u7i8o9p0Aa';

/** The body the element sends (SPEC §4). */
export function elementBody(extra = {}) {
  return { redirectUrl: REDIRECT_URL, cancelUrl: CANCEL_URL, state: STATE, ...extra };
}

/**
 * Starts the four emulators for the enclosing `describe` and empties their `requests` before
 * each test. The returned object fills in once they are up.
 */
export function useEmulators(options) {
  const emulators = {};
  before(async () => {
    Object.assign(emulators, await startEmulators(options));
  });
  after(() => emulators.close());
  beforeEach(() => {
    for (const name of ['ultrapass', 'ulm', 'fiskil', 'complycube']) emulators[name].requests.length = 0;
  });
  return emulators;
}

/** Serves `handler` through toNodeListener on 127.0.0.1 (port chosen by the OS). */
export async function serve(handler, { middleware } = {}) {
  const listener = toNodeListener(handler);
  const server = createServer((req, res) => {
    if (middleware) middleware(req, res, () => listener(req, res));
    else listener(req, res);
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  return {
    url: `http://127.0.0.1:${port}/api/session`,
    close: () =>
      new Promise((resolve) => {
        server.close(resolve);
        server.closeAllConnections();
      }),
  };
}

/** Serves createSessionHandler(options); closes it when the test `t` ends. */
export async function serveHandler(t, options) {
  const server = await serve(createSessionHandler(options));
  t.after(server.close);
  return server.url;
}

/**
 * Serves a session handler at /api/session and a confirm handler at /api/confirm on one
 * loopback origin, as a merchant would; closed when the test `t` ends.
 */
export async function serveFlow(t, sessionOptions, confirmOptions) {
  const session = createSessionHandler(sessionOptions);
  const confirm = createConfirmHandler(confirmOptions);
  const server = await serve((request) =>
    new URL(request.url).pathname === '/api/confirm' ? confirm(request) : session(request),
  );
  t.after(server.close);
  return { sessionUrl: server.url, confirmUrl: server.url.replace(/\/api\/session$/, '/api/confirm') };
}

/**
 * A browser's cookies for the merchant: `send(url, body, { jar })` sends them and keeps what the
 * answer sets (a cookie set with Max-Age=0 is removed).
 */
export function cookieJar() {
  const cookies = new Map();
  return {
    cookies,
    header: () => [...cookies].map(([name, value]) => `${name}=${value}`).join('; '),
    store(headers) {
      for (const line of headers.getSetCookie()) {
        const [pair] = line.split(';');
        const at = pair.indexOf('=');
        if (/;\s*max-age=0(;|$)/i.test(line)) cookies.delete(pair.slice(0, at));
        else cookies.set(pair.slice(0, at), pair.slice(at + 1));
      }
    },
  };
}

/** Every answer the tests have read, as text (status line, headers, body). */
export const seen = [];

/**
 * Sends a request and reads the whole answer. `body` is JSON-encoded unless it is a string.
 * With `jar` (cookieJar()), its cookies are sent and the answer's are kept.
 * @returns {Promise<{ status: number, headers: Headers, text: string, json: unknown }>}
 */
export async function send(url, body, { method = 'POST', headers = {}, jar } = {}) {
  const response = await fetch(url, {
    method,
    headers: {
      'Content-Type': 'application/json',
      Accept: 'application/json',
      ...(jar === undefined || jar.cookies.size === 0 ? {} : { Cookie: jar.header() }),
      ...headers,
    },
    ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
  });
  jar?.store(response.headers);
  const text = await response.text();
  seen.push(`${response.status} ${[...response.headers].map(([k, v]) => `${k}: ${v}`).join('\n')}\n\n${text}`);
  let json;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: response.status, headers: response.headers, text, json };
}

/** Reads a body that is JSON or a JSON string holding JSON (UltrapassId), like the element. */
export function decodeTwice(text) {
  const once = JSON.parse(text);
  return typeof once === 'string' ? JSON.parse(once) : once;
}

/**
 * A provider stand-in on 127.0.0.1 that records what reached it and answers with
 * `answer(req, res)`; closed when the test `t` ends.
 */
export async function fakeProvider(t, answer) {
  const received = [];
  const server = createServer((req, res) => {
    received.push({ method: req.method, url: req.url, headers: req.headers });
    answer(req, res);
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.after(
    () =>
      new Promise((resolve) => {
        server.close(resolve);
        server.closeAllConnections();
      }),
  );
  return { origin: `http://127.0.0.1:${server.address().port}`, received };
}

/** An origin on 127.0.0.1 that nothing listens on. */
export async function closedOrigin() {
  const server = createServer();
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  await new Promise((resolve) => server.close(resolve));
  return `http://127.0.0.1:${port}`;
}
