/**
 * `hosted-auth-session/server`: the merchant backend half. Web-standard `Request` →
 * `Response` only (no DOM, no Lit, no `node:` imports), so it runs on Node ≥ 20, Deno, Bun,
 * Cloudflare Workers and in Next.js route handlers.
 *
 * ```ts
 * import { createSessionHandler, toNodeListener } from 'hosted-auth-session/server';
 * const handler = createSessionHandler({ provider: 'fiskil', secret, allowedRedirectOrigins, fields });
 * http.createServer(toNodeListener(handler));   // or: export const POST = handler;
 * ```
 */

export { createSessionHandler, type SessionHandler } from './handler.js';
export { toNodeListener, type NodeListener, type NodeRequestLike, type NodeResponseLike } from './node.js';
export { getSession, ProviderRequestError, type GetSessionOptions, type UltrapassCachedSession } from './ultrapass.js';
export type {
  BrowserRequestBody,
  ComplyCubeFields,
  FieldValue,
  FiskilFields,
  SessionHandlerOptions,
  UlmFields,
  UltrapassFields,
} from './options.js';
export type { HandlerErrorCode } from './http.js';
export type { ServerProvider } from './providers.js';
export { MAX_BODY_BYTES } from './browser-request.js';
