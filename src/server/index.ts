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
 *
 * With `cookieSecret`, each flow is bound to the browser that started it, and
 * `createConfirmHandler` confirms its outcome; `provider: 'oidc'` runs any OpenID Provider's
 * code flow with openid-client (an optional peer dependency).
 */

export { createSessionHandler, type SessionHandler } from './handler.js';
export { createConfirmHandler, type ConfirmedFlow, type ConfirmHandlerOptions } from './confirm.js';
export { FLOW_COOKIE_PREFIX, MAX_FLOW_COOKIES } from './flow-cookie.js';
export { toNodeListener, type NodeListener, type NodeRequestLike, type NodeResponseLike } from './node.js';
export { getSession, ProviderRequestError, type GetSessionOptions, type UltrapassCachedSession } from './ultrapass.js';
export type {
  BrowserRequestBody,
  ComplyCubeFields,
  FieldValue,
  FiskilFields,
  FlowBindingOptions,
  OidcClientOptions,
  OidcSessionOptions,
  SessionHandlerOptions,
  UlmFields,
  UltrapassFields,
} from './options.js';
export type { HandlerErrorCode } from './http.js';
export type { SeedProvider, ServerProvider } from './providers.js';
export { MAX_BODY_BYTES } from './browser-request.js';
