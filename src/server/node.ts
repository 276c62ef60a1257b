/**
 * Adapts a Web-standard handler to `node:http`, Express and Connect. Typed structurally, with
 * no `node:` import, so the module still loads on runtimes without Node's built-ins.
 */

import { MAX_BODY_BYTES } from './browser-request.js';

/** The parts of node:http's IncomingMessage (or Express's / Connect's request) used here. */
export interface NodeRequestLike {
  /** The HTTP method. */
  method?: string | undefined;
  /** The request target (path and query). */
  url?: string | undefined;
  /** Express: the URL before mounting stripped its prefix. */
  originalUrl?: string | undefined;
  /** The request headers, lower-cased names. */
  headers: Record<string, string | string[] | undefined>;
  /** Set by body parsers such as `express.json()`; used when they have read the stream. */
  body?: unknown;
  /** Whether the body stream was already read (by a body parser). */
  readableEnded?: boolean;
  /** The connection; `encrypted` means the request came over TLS. */
  socket?: { encrypted?: boolean } | null;
  /** Subscribes to the body stream's `data`, `end`, `error` and `close` events. */
  on(event: string, listener: (...args: never[]) => void): unknown;
}

/** The parts of node:http's ServerResponse used here. */
export interface NodeResponseLike {
  /** The status to send. */
  statusCode: number;
  /** Whether the answer has been written completely. */
  readonly writableEnded?: boolean;
  /** Sets one response header. */
  setHeader(name: string, value: string | readonly string[]): unknown;
  /** Writes the body (if any) and finishes the answer. */
  end(chunk?: Uint8Array): unknown;
  /** `close`: the connection ended, answered or not (an unanswered close aborts the handler). */
  on(event: 'close', listener: () => void): unknown;
}

/** A `node:http` / Express / Connect listener; it settles once the answer is written. */
export type NodeListener = (
  req: NodeRequestLike,
  res: NodeResponseLike,
  next?: (error?: unknown) => void,
) => Promise<void>;

/** Request headers that describe the connection, not the request, and are not copied. */
const SKIPPED_HEADERS = new Set([
  'host',
  'connection',
  'keep-alive',
  'content-length',
  'transfer-encoding',
  'upgrade',
  'expect',
]);

/**
 * Wraps a `(request: Request) => Promise<Response>` handler as a `(req, res, next?)` listener
 * for `http.createServer`, `app.post(path, …)` (Express) or `app.use(path, …)` (Connect). The
 * returned promise settles once the answer is written. A body that a parser such as
 * `express.json()` already read is taken from `req.body`.
 */
export function toNodeListener(handler: (request: Request) => Promise<Response>): NodeListener {
  return async (req, res, next) => {
    const controller = new AbortController();
    res.on('close', () => {
      if (!res.writableEnded) controller.abort();
    });
    try {
      const request = await toRequest(req, controller.signal);
      const response = await handler(request);
      await writeResponse(response, res);
    } catch (error) {
      if (next !== undefined) {
        next(error);
        return;
      }
      res.statusCode = 500;
      res.setHeader('Cache-Control', 'no-store');
      res.end();
    }
  };
}

async function toRequest(req: NodeRequestLike, signal: AbortSignal): Promise<Request> {
  const method = (req.method ?? 'GET').toUpperCase();
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (value === undefined || SKIPPED_HEADERS.has(name.toLowerCase())) continue;
    headers.set(name, Array.isArray(value) ? value.join(', ') : value);
  }
  const host = req.headers['host'];
  const safeHost = typeof host === 'string' && /^[A-Za-z0-9.:[\]-]+$/.test(host) ? host : 'localhost';
  const protocol = req.socket?.encrypted ? 'https' : 'http';
  const url = new URL(req.originalUrl ?? req.url ?? '/', `${protocol}://${safeHost}`);
  const body = method === 'GET' || method === 'HEAD' ? null : await bodyOf(req);
  return new Request(url, { method, headers, body, signal });
}

/** The raw body: from a body parser that already read it, else from the stream (bounded). */
async function bodyOf(req: NodeRequestLike): Promise<Uint8Array<ArrayBuffer>> {
  const parsed = req.readableEnded === true || (req as { _body?: unknown })._body === true;
  if (parsed) {
    const value = req.body;
    if (value === undefined) return new Uint8Array();
    if (value instanceof Uint8Array) return new Uint8Array(value);
    return new TextEncoder().encode(typeof value === 'string' ? value : JSON.stringify(value));
  }
  return readStream(req, MAX_BODY_BYTES);
}

/**
 * Reads the request stream until it ends or passes `limit` bytes; past the limit the rest is
 * left to drain, and the handler refuses the (truncated, oversized) body.
 */
function readStream(req: NodeRequestLike, limit: number): Promise<Uint8Array<ArrayBuffer>> {
  return new Promise((resolve, reject) => {
    const chunks: Uint8Array[] = [];
    let size = 0;
    let settled = false;
    const finish = () => {
      if (settled) return;
      settled = true;
      const bytes = new Uint8Array(size);
      let offset = 0;
      for (const chunk of chunks) {
        bytes.set(chunk, offset);
        offset += chunk.byteLength;
      }
      resolve(bytes);
    };
    req.on('data', (chunk: Uint8Array | string) => {
      if (settled) return;
      const bytes = typeof chunk === 'string' ? new TextEncoder().encode(chunk) : chunk;
      chunks.push(bytes);
      size += bytes.byteLength;
      if (size > limit) finish();
    });
    req.on('end', finish);
    req.on('close', finish);
    req.on('error', (error: unknown) => {
      if (!settled) {
        settled = true;
        reject(error);
      }
    });
  });
}

async function writeResponse(response: Response, res: NodeResponseLike): Promise<void> {
  res.statusCode = response.status;
  response.headers.forEach((value, name) => {
    if (name !== 'set-cookie') res.setHeader(name, value);
  });
  const cookies = typeof response.headers.getSetCookie === 'function' ? response.headers.getSetCookie() : [];
  if (cookies.length > 0) res.setHeader('set-cookie', cookies);
  const body = response.body === null ? undefined : new Uint8Array(await response.arrayBuffer());
  res.end(body);
}
