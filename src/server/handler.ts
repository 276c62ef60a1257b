import { clip } from '../errors.js';
import { readBrowserRequest } from './browser-request.js';
import { errorResponse, passThrough } from './http.js';
import {
  badFields,
  resolveOptions,
  type AnyFields,
  type BrowserRequestBody,
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
 * Throws a TypeError at once when the options are wrong (missing secret, bad baseUrl, …).
 */
export function createSessionHandler(options: SessionHandlerOptions): SessionHandler {
  const resolved = resolveOptions(options);
  return async (request) => {
    try {
      return await handle(request, resolved);
    } catch {
      return internalError();
    }
  };
}

async function handle(request: Request, options: ResolvedOptions): Promise<Response> {
  if (request.method !== 'POST') {
    return errorResponse(405, 'method_not_allowed', `only POST is accepted, not ${clip(request.method)}`, {
      Allow: 'POST',
    });
  }
  const read = await readBrowserRequest(request, options);
  if (!read.ok) return errorResponse(400, read.error, read.message);

  let extra: unknown;
  try {
    extra = (await options.beforeCreate?.(request, read.body)) ?? {};
  } catch (thrown) {
    return isResponse(thrown) ? thrown : internalError();
  }
  const bad = badFields(options.provider, extra);
  if (bad !== undefined) {
    return errorResponse(
      500,
      'server_misconfigured',
      `beforeCreate returned ${clip(bad)} not valid for ${options.provider}`,
    );
  }
  const body = providerBody(options, read.body, extra as AnyFields);
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
      return passThrough(outcome.status, type, redact(outcome.text, options.secret));
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

/** `instanceof Response`, also for a Response from another realm (frameworks, test runners). */
function isResponse(value: unknown): value is Response {
  if (value instanceof Response) return true;
  if (typeof value !== 'object' || value === null) return false;
  const candidate = value as Partial<Response>;
  return (
    typeof candidate.status === 'number' &&
    typeof candidate.headers === 'object' &&
    typeof candidate.arrayBuffer === 'function'
  );
}
