// The HTTP plumbing every provider emulator shares: one node:http server on its own loopback
// origin, a small route table, a record of every request received, optional latency, JSON /
// HTML answers, the hosted pages' script, and a close() that leaves no socket or timer behind.

import { createServer } from 'node:http';
import { HOSTED_PAGE_SCRIPT, HOSTED_PAGE_SCRIPT_PATH } from './hosted-page.js';

const MAX_BODY_BYTES = 1024 * 1024;

/**
 * A route: `method` and `path` (a string for an exact match, or a RegExp whose groups become
 * `ctx.match`); `api: true` routes are the provider's API (they get the emulator's latency).
 * `handle(ctx)` answers with ctx.json / ctx.html / ctx.text.
 *
 * @typedef {{ method: string, path: string | RegExp, api?: boolean, handle: (ctx: Context) => unknown }} Route
 * @typedef {{
 *   req: import('node:http').IncomingMessage, url: URL, match: RegExpMatchArray | null,
 *   headers: import('node:http').IncomingHttpHeaders, text: string, origin: string,
 *   json(status: number, value: unknown, headers?: Record<string, string>): void,
 *   html(status: number, markup: string, headers?: Record<string, string>): void,
 * }} Context
 */

/** Headers for every hosted page: the script must come from this origin; framing is allowed. */
const PAGE_HEADERS = {
  'Content-Type': 'text/html; charset=utf-8',
  'Cache-Control': 'no-store',
  'Content-Security-Policy':
    "default-src 'none'; script-src 'self'; style-src 'unsafe-inline'; img-src 'self' data:; base-uri 'none'; form-action 'none'",
  'Referrer-Policy': 'strict-origin-when-cross-origin',
};

/**
 * Starts one emulator on `options.host` (default 127.0.0.1) and `options.port` (default 0: the
 * OS picks), delaying API answers by `options.delayMs`.
 * @param {{ name: string, secret: string | undefined, routes: Route[],
 *   options: { host?: string, port?: number, delayMs?: number } }} emulator
 * @returns {Promise<{ name: string, origin: string, secret: string | undefined,
 *   requests: Array<{ method: string, path: string, headers: Record<string, unknown>, body: unknown }>,
 *   close(): Promise<void> }>}
 */
export async function startEmulatorServer({ name, secret, routes, options }) {
  const { host = '127.0.0.1', port = 0, delayMs = 0 } = options;
  const requests = [];
  const closing = new AbortController();
  const allRoutes = [...routes, scriptRoute];
  let origin = '';

  const server = createServer(async (req, res) => {
    try {
      const text = await readText(req);
      requests.push({
        method: req.method ?? 'GET',
        path: req.url ?? '/',
        headers: { ...req.headers },
        body: parseLoosely(text),
      });
      const url = new URL(req.url ?? '/', origin);
      const found = findRoute(allRoutes, req.method ?? 'GET', url.pathname);
      const ctx = createContext(req, res, url, text, origin, found?.match ?? null);
      if (found === undefined) {
        ctx.json(404, { message: `${name} emulator: no route for ${req.method} ${url.pathname}` });
        return;
      }
      if (found.route.api && delayMs > 0) await sleep(delayMs, closing.signal);
      await found.route.handle(ctx);
    } catch (error) {
      if (closing.signal.aborted) {
        res.destroy();
        return;
      }
      if (!res.headersSent) {
        const tooLarge = error instanceof BodyTooLargeError;
        res.writeHead(tooLarge ? 413 : 500, { 'Content-Type': 'application/json' });
        res.end(JSON.stringify({ message: tooLarge ? 'request body too large' : 'emulator error' }));
      } else {
        res.destroy();
      }
    }
  });

  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve(undefined);
    });
  });
  const address = /** @type {import('node:net').AddressInfo} */ (server.address());
  origin = `http://${address.family === 'IPv6' ? `[${address.address}]` : address.address}:${address.port}`;

  return {
    name,
    origin,
    secret,
    requests,
    close() {
      closing.abort();
      return new Promise((resolve) => {
        server.close(() => resolve(undefined));
        server.closeAllConnections();
      });
    },
  };
}

/** Serves the hosted pages' script: an external file, so the pages work under a strict CSP. */
const scriptRoute = {
  method: 'GET',
  path: HOSTED_PAGE_SCRIPT_PATH,
  handle(ctx) {
    ctx.res.writeHead(200, {
      'Content-Type': 'text/javascript; charset=utf-8',
      'Cache-Control': 'no-cache',
      'Cross-Origin-Resource-Policy': 'same-origin',
    });
    ctx.res.end(HOSTED_PAGE_SCRIPT);
  },
};

function findRoute(routes, method, pathname) {
  let pathMatched = false;
  for (const route of routes) {
    const match =
      typeof route.path === 'string'
        ? route.path === pathname
          ? /** @type {RegExpMatchArray} */ ([pathname])
          : null
        : pathname.match(route.path);
    if (match === null) continue;
    pathMatched = true;
    if (route.method === method) return { route, match };
  }
  if (!pathMatched) return undefined;
  return { route: methodNotAllowed, match: null };
}

const methodNotAllowed = {
  method: '*',
  path: '',
  handle: (ctx) => ctx.json(405, { message: 'Method not allowed' }),
};

function createContext(req, res, url, text, origin, match) {
  const send = (status, type, body, headers = {}) => {
    res.writeHead(status, { 'Content-Type': type, ...headers });
    res.end(body);
  };
  return {
    req,
    res,
    url,
    match,
    headers: req.headers,
    text,
    origin,
    json: (status, value, headers) => send(status, 'application/json; charset=utf-8', JSON.stringify(value), headers),
    html: (status, markup, headers) =>
      send(status, PAGE_HEADERS['Content-Type'], markup, { ...PAGE_HEADERS, ...headers }),
  };
}

class BodyTooLargeError extends Error {}

async function readText(req) {
  const chunks = [];
  let size = 0;
  for await (const chunk of req) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) throw new BodyTooLargeError();
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** The body as recorded in `requests`: parsed JSON when it is JSON, else the text ('' for none). */
function parseLoosely(text) {
  if (text === '') return '';
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/**
 * Parses a JSON request body. Returns `{ ok: true, value }` or `{ ok: false }` for text that
 * is not JSON.
 */
export function parseJson(text) {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    return { ok: false };
  }
}

export function isRecord(value) {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Whether `value` is an absolute http(s) URL. */
export function isHttpUrl(value) {
  if (typeof value !== 'string') return false;
  try {
    const { protocol } = new URL(value);
    return protocol === 'https:' || protocol === 'http:';
  } catch {
    return false;
  }
}

/**
 * `base` with the provider's `params` set in its query. Every other parameter already on the
 * URL (such as the merchant's `state`) is kept.
 */
export function withParams(base, params) {
  const url = new URL(base);
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined) url.searchParams.set(key, String(value));
  }
  return url.href;
}

function sleep(ms, signal) {
  return new Promise((resolve, reject) => {
    if (signal.aborted) {
      reject(signal.reason);
      return;
    }
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve(undefined);
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal.reason);
    };
    signal.addEventListener('abort', onAbort, { once: true });
  });
}
