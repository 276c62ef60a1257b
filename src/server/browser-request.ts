import { z } from 'zod';
import { clip } from '../errors.js';
import { BodyTooLargeError, readText, type HandlerErrorCode } from './http.js';
import type { BrowserRequestBody, BrowserRequestRules } from './options.js';

/** The largest browser request body accepted, in bytes. The element's bodies are a few hundred. */
export const MAX_BODY_BYTES = 16 * 1024;

const MAX_URL_LENGTH = 2048;

/** A refusal of the browser's request: the 400's `error` and `message`. */
export interface Refusal {
  ok: false;
  error: HandlerErrorCode;
  message: string;
}

export type BrowserRequestResult = { ok: true; body: BrowserRequestBody } | Refusal;

export const stringField = (max: number) =>
  z
    .string({ error: (issue) => (issue.input === undefined ? 'is required' : 'expected a string') })
    .max(max, `is longer than ${max} characters`);

/** The element's per-flow state: 16 or more URL-safe characters. */
export const stateSchema = stringField(512).regex(
  /^[A-Za-z0-9_-]{16,}$/,
  'expected at least 16 URL-safe characters (A-Z a-z 0-9 _ -)',
);

const baseSchema = z.looseObject({
  redirectUrl: stringField(MAX_URL_LENGTH).optional(),
  cancelUrl: stringField(MAX_URL_LENGTH).optional(),
  state: stateSchema,
});

/** ULM's sign-in form: the browser sends the user's identifier and password. */
const ulmSchema = baseSchema.extend({
  authnIdentifier: stringField(320).min(1, 'must not be empty'),
  credential: stringField(1024).min(1, 'must not be empty'),
});

/**
 * Reads and validates the browser's request: a JSON object no larger than
 * MAX_BODY_BYTES, with well-typed fields, a `state`, and return URLs on an allowed origin. The
 * body it returns holds the return URLs as checked (re-serialised), never the raw strings.
 */
export async function readBrowserRequest(request: Request, rules: BrowserRequestRules): Promise<BrowserRequestResult> {
  const schema = rules.browserFields.length > 0 ? ulmSchema : baseSchema;
  const read = await readJsonBody(request, schema);
  if (!read.ok) return read;
  const body = read.value as BrowserRequestBody;
  const urlProblem = checkReturnUrls(body, rules);
  return urlProblem === undefined ? { ok: true, body } : { ok: false, ...urlProblem };
}

/**
 * Reads a JSON object body (Content-Type application/json, at most MAX_BODY_BYTES) and checks it
 * with `schema`; a refusal names each problem, clipped.
 */
export async function readJsonBody<T>(
  request: Request,
  schema: z.ZodType<T>,
): Promise<{ ok: true; value: T } | Refusal> {
  const refuse = (error: HandlerErrorCode, message: string): Refusal => ({ ok: false, error, message });
  const type = request.headers.get('content-type') ?? '';
  if (!/^application\/json\s*(;|$)/i.test(type)) {
    return refuse(
      'unsupported_media_type',
      `expected Content-Type: application/json, but got ${type === '' ? 'none' : JSON.stringify(type.slice(0, 80))}`,
    );
  }
  const tooLarge = refuse('body_too_large', `the request body is larger than ${MAX_BODY_BYTES} bytes`);
  if (Number(request.headers.get('content-length') ?? 0) > MAX_BODY_BYTES) return tooLarge;
  let text: string;
  try {
    text = await readText(request.body, MAX_BODY_BYTES);
  } catch (error) {
    if (error instanceof BodyTooLargeError) return tooLarge;
    return refuse('invalid_request', 'the request body could not be read');
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return refuse('invalid_json', 'the request body is not valid JSON');
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return refuse('invalid_request', 'expected a JSON object as the request body');
  }
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${clip(issue.path.join('.'), 80) || 'body'} ${issue.message}`);
    return refuse('invalid_request', `invalid request body: ${problems.join('; ')}`);
  }
  return { ok: true, value: parsed.data };
}

/**
 * Return URLs must be absolute http(s) URLs without user-info on one of the allowed origins —
 * otherwise anyone could have the provider send the user, and the flow's parameters, elsewhere.
 * Providers that take them per session need both. Each checked URL replaces the browser's
 * string in `body` by its serialisation, so what is forwarded is what was checked: a raw
 * `https://shop.example\@evil.example/` or one with tabs or line breaks could read differently
 * to the provider.
 */
function checkReturnUrls(
  body: BrowserRequestBody,
  options: BrowserRequestRules,
): { error: HandlerErrorCode; message: string } | undefined {
  if (options.requiredUrls.length === 0 && options.allowedRedirectOrigins.length === 0) return undefined;
  for (const name of ['redirectUrl', 'cancelUrl'] as const) {
    const value = body[name];
    if (value === undefined) {
      if (options.requiredUrls.includes(name)) {
        return { error: 'invalid_request', message: `${name} is required for ${options.provider}` };
      }
      continue;
    }
    let url: URL;
    try {
      url = new URL(value);
    } catch {
      return { error: 'invalid_request', message: `${name} must be an absolute URL` };
    }
    if (url.protocol !== 'https:' && url.protocol !== 'http:') {
      return { error: 'invalid_request', message: `${name} must be an http(s) URL, not ${clip(url.protocol)}` };
    }
    if (url.username !== '' || url.password !== '') {
      return { error: 'invalid_request', message: `${name} must not carry user-info` };
    }
    if (!options.allowedRedirectOrigins.includes(url.origin)) {
      return {
        error: 'redirect_not_allowed',
        message: `${name} is on ${clip(url.origin)}, which is not in allowedRedirectOrigins`,
      };
    }
    body[name] = url.href;
  }
  return undefined;
}
