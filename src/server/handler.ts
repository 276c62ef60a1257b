import { clip } from '../errors.js';
import { decodeJsonBody } from '../session/decode.js';
import { readBrowserRequest } from './browser-request.js';
import { bindFlow } from './flow-cookie.js';
import { errorResponse, isResponse, jsonResponse, passThrough, withCookies } from './http.js';
import { oidcClient, oidcFailure, type OidcClient } from './oidc.js';
import {
  authorizationParamsSchema,
  badFields,
  resolveOptions,
  type AnyFields,
  type BrowserRequestBody,
  type BrowserRequestRules,
  type ResolvedOidcOptions,
  type ResolvedOptions,
  type SessionHandlerOptions,
} from './options.js';
import { callProvider } from './provider-call.js';
import { redact } from './redact.js';

/** A Web-standard request handler: `(request) => Promise<Response>`. */
export type SessionHandler = (request: Request) => Promise<Response>;

/**
 * Creates the merchant endpoint the element POSTs to. It validates the
 * browser's JSON, refuses return URLs off `allowedRedirectOrigins`, runs `beforeCreate`, calls
 * the provider with the secret the way the provider documents it, and answers with the
 * provider's own status and body — the shapes the element's adapters read. Its own
 * answers are `{ error, message }` JSON: 400 bad input, 405 not POST, 500 a server-side problem,
 * 502 provider unreachable, 504 provider too slow. Every answer is `Cache-Control: no-store`;
 * none contains the secret.
 *
 * With `cookieSecret`, a provider's 2xx answer also sets the flow's binding cookie, which
 * `createConfirmHandler` reads. With `provider: 'oidc'` it answers `{ url, expiresAt }`: an
 * authorization URL with PKCE and a nonce, the element's `state` as the OAuth state.
 *
 * Throws a TypeError at once when the options are wrong (missing secret, bad baseUrl, …).
 */
export function createSessionHandler(options: SessionHandlerOptions): SessionHandler {
  const resolved = resolveOptions(options);
  const handle =
    resolved.provider === 'oidc'
      ? oidcHandle(resolved, oidcClient(resolved.client))
      : (request: Request) => handleSeed(request, resolved);
  return async (request) => {
    try {
      return await handle(request);
    } catch {
      return internalError();
    }
  };
}

/** The checked browser request and what `beforeCreate` returned, or the answer that refuses it. */
type Begun = { ok: true; body: BrowserRequestBody; extra: unknown } | { ok: false; response: Response };

/** The steps every provider shares: POST only, the browser's request checked, `beforeCreate` run. */
async function begin(
  request: Request,
  rules: BrowserRequestRules,
  beforeCreate: ((request: Request, body: BrowserRequestBody) => unknown) | undefined,
): Promise<Begun> {
  if (request.method !== 'POST') {
    const message = `only POST is accepted, not ${clip(request.method)}`;
    return { ok: false, response: errorResponse(405, 'method_not_allowed', message, { Allow: 'POST' }) };
  }
  const read = await readBrowserRequest(request, rules);
  if (!read.ok) return { ok: false, response: errorResponse(400, read.error, read.message) };
  const tooLong = bindingLength(read.body) > MAX_BOUND_CHARACTERS;
  if (tooLong) {
    const message = `state, redirectUrl and cancelUrl are too long together to keep in the flow cookie (at most ${MAX_BOUND_CHARACTERS} characters)`;
    return { ok: false, response: errorResponse(400, 'invalid_request', message) };
  }
  try {
    return { ok: true, body: read.body, extra: (await beforeCreate?.(request, read.body)) ?? {} };
  } catch (thrown) {
    return { ok: false, response: isResponse(thrown) ? thrown : internalError() };
  }
}

/** What the flow cookie holds from the browser must fit in a cookie (4 KiB, encrypted and encoded). */
const MAX_BOUND_CHARACTERS = 2400;

function bindingLength(body: BrowserRequestBody): number {
  return body.state.length + (body.redirectUrl?.length ?? 0) + (body.cancelUrl?.length ?? 0);
}

async function handleSeed(request: Request, options: ResolvedOptions): Promise<Response> {
  const begun = await begin(request, options, options.beforeCreate);
  if (!begun.ok) return begun.response;
  const { body: browser, extra } = begun;
  const bad = badFields(options.provider, extra);
  if (bad !== undefined) {
    return errorResponse(
      500,
      'server_misconfigured',
      `beforeCreate returned ${clip(bad)} not valid for ${options.provider}`,
    );
  }
  const body = providerBody(options, browser, extra as AnyFields);
  const missing = options.spec.requiredFields.filter((name) => body[name] === undefined);
  if (missing.length > 0) {
    return errorResponse(
      500,
      'server_misconfigured',
      `${options.provider} needs ${missing.join(', ')}: set it in fields or return it from beforeCreate`,
    );
  }

  const headers: Record<string, string> = {
    'Content-Type': 'application/json',
    Accept: 'application/json',
  };
  if (options.secret !== undefined) {
    const [name, value] = options.spec.credentialHeader(options.secret);
    headers[name] = value;
  }
  const outcome = await callProvider({
    url: options.endpoint,
    method: 'POST',
    headers,
    body: JSON.stringify(body),
    timeoutMs: options.timeoutMs,
    signal: request.signal,
  });
  const api = `the ${options.provider} API`;
  switch (outcome.kind) {
    case 'answer': {
      const type = outcome.contentType === null ? null : redact(outcome.contentType, options.secret);
      const answer = passThrough(outcome.status, type, redact(outcome.text, options.secret));
      const created = outcome.status >= 200 && outcome.status <= 299;
      if (!created || options.binding === undefined) return answer;
      return withCookies(answer, await bindSeedFlow(request, options, browser, outcome.text));
    }
    case 'timeout':
      return errorResponse(504, 'provider_timeout', `${api} did not answer within ${options.timeoutMs} ms`);
    case 'unreachable':
      return errorResponse(502, 'provider_unreachable', `could not reach ${api}`);
    case 'bad_answer':
      return errorResponse(502, 'bad_gateway', `${api} ${outcome.reason}`);
  }
}

/**
 * The binding of a documented provider's flow: the element's state and return URLs, the
 * provider's session id, expiring with the provider's session (or after `flowTtlSeconds`).
 */
async function bindSeedFlow(
  request: Request,
  options: ResolvedOptions,
  browser: BrowserRequestBody,
  answer: string,
): Promise<string[]> {
  const binding = options.binding as NonNullable<ResolvedOptions['binding']>;
  const { sessionId, expiresAt: providerExpiry } = options.spec.sessionOf?.(decodeJsonBody(answer)?.value) ?? {};
  const now = Date.now();
  const expiresAt =
    providerExpiry !== undefined && providerExpiry > now
      ? Math.min(providerExpiry, now + MAX_BINDING_MS)
      : now + binding.ttlSeconds * 1000;
  const flow = {
    state: browser.state,
    provider: options.provider,
    sessionId,
    redirectUrl: browser.redirectUrl,
    cancelUrl: browser.cancelUrl,
  };
  return bindFlow(request, binding, flow, expiresAt);
}

/** A binding never outlives a day, whatever expiry the provider names. */
const MAX_BINDING_MS = 86_400_000;

/**
 * The `oidc` preset: `{ url, expiresAt }` with an authorization URL for the element's redirect
 * URL (the exact `redirect_uri`) and state, its PKCE verifier and nonce in the flow cookie.
 */
function oidcHandle(options: ResolvedOidcOptions, client: OidcClient): (request: Request) => Promise<Response> {
  return async (request) => {
    const begun = await begin(request, options, options.beforeCreate);
    if (!begun.ok) return begun.response;
    const { body, extra } = begun;
    const redirectUri = body.redirectUrl as string;
    const redirect = new URL(redirectUri);
    if (redirectUri !== `${redirect.origin}${redirect.pathname}`) {
      const message = 'redirectUrl must have no query or fragment for oidc: it is the exact redirect_uri';
      return errorResponse(400, 'invalid_request', message);
    }
    const params = authorizationParamsSchema.safeParse(extra);
    if (!params.success) {
      const message = 'beforeCreate must return string authorization parameters, none that the oidc preset sets';
      return errorResponse(500, 'server_misconfigured', message);
    }
    let authorization;
    try {
      authorization = await client.authorizationRequest({
        ...options.authorizationParams,
        ...params.data,
        scope: options.scope,
        redirect_uri: redirectUri,
        state: body.state,
      });
    } catch (error) {
      return oidcFailure(error, options.client.timeoutMs);
    }
    const expiresAt = Date.now() + options.binding.ttlSeconds * 1000;
    const flow = {
      state: body.state,
      provider: 'oidc' as const,
      redirectUrl: redirectUri,
      cancelUrl: body.cancelUrl,
      codeVerifier: authorization.codeVerifier,
      nonce: authorization.nonce,
    };
    const cookies = await bindFlow(request, options.binding, flow, expiresAt);
    return withCookies(jsonResponse(200, { url: authorization.url, expiresAt }), cookies);
  };
}

/**
 * The provider's request body: the merchant's fixed `fields`, the browser's own fields (ULM),
 * what `beforeCreate` returned, and — for providers that take them — the browser's checked
 * return URLs with the element's `state` appended, which always win.
 */
function providerBody(options: ResolvedOptions, browser: BrowserRequestBody, extra: AnyFields): AnyFields {
  const body: AnyFields = { ...options.fields };
  for (const name of options.spec.browserFields) body[name] = browser[name] as string;
  Object.assign(body, extra);
  const names = options.spec.returnUrls;
  if (names !== undefined && browser.redirectUrl !== undefined && browser.cancelUrl !== undefined) {
    body[names.redirect] = withState(browser.redirectUrl, browser.state);
    body[names.cancel] = withState(browser.cancelUrl, browser.state);
  }
  return body;
}

/** The URL with `state` set in its query, so the return page can be matched to its flow. */
function withState(url: string, state: string): string {
  const target = new URL(url);
  target.searchParams.set('state', state);
  return target.href;
}

function internalError(): Response {
  return errorResponse(500, 'internal_error', 'the session could not be created');
}
