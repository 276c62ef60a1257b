/**
 * Fiskil emulator: `POST /auth/session` (seeds/fiskil-auth-session.md) and its hosted consent page.
 *
 * As documented:
 *   header Authorization: Bearer <token>; body { redirect_uri, cancel_uri, end_user_id, institution_id }
 *   200 { auth_url, expires_at, id, session_id }
 *   400 invalid_institution_id · 401 unauthorized · 404 end_user_not_found,
 *   each { fault, id, message, name, temporary, timeout }
 *
 * Not in the seed document:
 * - `auth_url` is an absolute URL of the emulator's hosted page,
 *   `http://127.0.0.1:PORT/redirect-url?session_id=…` (the seed's example
 *   "auth-session.com/redirect-url" has no scheme; a browser cannot open that).
 * - `expires_at` is unix seconds, now + ttlSeconds (default 600). An expired session's page
 *   says so and offers only Cancel.
 * - `id` ("the client id") is the client the bearer token belongs to: FISKIL.clientId.
 * - Validation errors use the same body with Goa's names: a body that is not JSON → 400
 *   `decode_payload`; a missing end_user_id, redirect_uri or cancel_uri → 400 `missing_field`
 *   (the emulator only does redirect flows, for which the seed calls both URIs required); a
 *   field that is not a string → 400 `invalid_field_type`; a URI that is not absolute http(s)
 *   → 400 `invalid_format`. institution_id is optional: without it the page lets the user pick.
 * - Approve sends the browser to redirect_uri with `session_id` and `end_user_id`; Deny to
 *   redirect_uri with `error=access_denied`; Cancel to cancel_uri. Query parameters already on
 *   those URIs (such as `state`) are kept.
 */

import { randomBytes, randomUUID } from 'node:crypto';
import { FISKIL } from './constants.js';
import { renderHostedPage } from './hosted-page.js';
import { isHttpUrl, isRecord, parseJson, startEmulatorServer, withParams } from './server.js';

const FIELDS = ['redirect_uri', 'cancel_uri', 'end_user_id', 'institution_id'];
const REQUIRED = ['end_user_id', 'redirect_uri', 'cancel_uri'];

/** @param {{ host?: string, port?: number, secret?: string, delayMs?: number, ttlSeconds?: number }} [options] */
export function startFiskil(options = {}) {
  const secret = options.secret ?? FISKIL.token;
  const ttlSeconds = options.ttlSeconds ?? 600;
  /** @type {Map<string, { endUserId: string, institutionId?: string, redirectUri: string, cancelUri: string, expiresAt: number }>} */
  const sessions = new Map();

  return startEmulatorServer({
    name: 'fiskil',
    secret,
    options,
    routes: [
      {
        method: 'POST',
        path: '/auth/session',
        api: true,
        handle(ctx) {
          const fail = (status, name, message) => ctx.json(status, fault(name, message));
          if (ctx.headers.authorization !== `Bearer ${secret}`) {
            return fail(401, 'unauthorized', 'The bearer token is missing or not valid.');
          }
          const parsed = parseJson(ctx.text);
          if (!parsed.ok || !isRecord(parsed.value)) {
            return fail(400, 'decode_payload', 'The request body could not be decoded as a JSON object.');
          }
          const body = parsed.value;
          const missing = REQUIRED.find((name) => body[name] === undefined);
          if (missing !== undefined) return fail(400, 'missing_field', `"${missing}" is missing from body`);
          const wrongType = FIELDS.find((name) => body[name] !== undefined && typeof body[name] !== 'string');
          if (wrongType !== undefined) {
            return fail(400, 'invalid_field_type', `body.${wrongType} must be a string`);
          }
          const badUri = ['redirect_uri', 'cancel_uri'].find((name) => !isHttpUrl(body[name]));
          if (badUri !== undefined) return fail(400, 'invalid_format', `body.${badUri} must be an absolute URI`);
          if (body.institution_id !== undefined && !Object.hasOwn(FISKIL.institutions, body.institution_id)) {
            return fail(400, 'invalid_institution_id', `Institution "${body.institution_id}" does not exist.`);
          }
          if (!Object.hasOwn(FISKIL.endUsers, body.end_user_id)) {
            return fail(404, 'end_user_not_found', `End user "${body.end_user_id}" was not found.`);
          }
          const sessionId = randomUUID();
          const expiresAt = Math.floor(Date.now() / 1000) + ttlSeconds;
          sessions.set(sessionId, {
            endUserId: body.end_user_id,
            institutionId: body.institution_id,
            redirectUri: body.redirect_uri,
            cancelUri: body.cancel_uri,
            expiresAt,
          });
          return ctx.json(200, {
            auth_url: `${ctx.origin}/redirect-url?session_id=${sessionId}`,
            expires_at: expiresAt,
            id: FISKIL.clientId,
            session_id: sessionId,
          });
        },
      },
      {
        method: 'GET',
        path: '/redirect-url',
        handle(ctx) {
          const sessionId = ctx.url.searchParams.get('session_id') ?? '';
          const session = sessions.get(sessionId);
          if (session === undefined) return ctx.html(404, consentPage({ missing: true }));
          const expired = Date.now() / 1000 >= session.expiresAt;
          return ctx.html(expired ? 410 : 200, consentPage({ session, sessionId, expired }));
        },
      },
    ],
  });
}

function fault(name, message) {
  return {
    fault: false,
    id: randomBytes(6).toString('base64url'),
    message,
    name,
    temporary: false,
    timeout: false,
  };
}

function consentPage({ session, sessionId, expired = false, missing = false }) {
  const base = { brand: 'Fiskil', accent: '#0f7b6c', title: 'Connect your bank – Fiskil' };
  if (missing || session === undefined) {
    return renderHostedPage({
      ...base,
      heading: 'This link is not valid',
      intro: 'The consent session was not found. Go back to the app that sent you here and start again.',
      actions: {},
    });
  }
  if (expired) {
    return renderHostedPage({
      ...base,
      heading: 'This link has expired',
      intro: 'For your security, consent links only work for a short time.',
      notice: 'This consent session has expired. Go back and start again.',
      actions: { cancel: session.cancelUri },
    });
  }
  const institution = session.institutionId === undefined ? undefined : FISKIL.institutions[session.institutionId];
  const banks = Object.values(FISKIL.institutions);
  return renderHostedPage({
    ...base,
    heading: institution === undefined ? 'Choose your bank' : `Share your data from ${institution}`,
    intro:
      'Fiskil will collect your account details, balances and up to 12 months of transactions under the Consumer Data Right.',
    details: [
      ['Name', FISKIL.endUsers[session.endUserId]],
      ...(institution === undefined ? [] : [['Bank', institution]]),
      ['Expires', new Date(session.expiresAt * 1000).toISOString()],
    ],
    ...(institution === undefined ? { choice: { legend: 'Your bank', options: banks } } : {}),
    footer: 'Fiskil is an accredited data recipient. You can withdraw consent at any time.',
    actions: {
      approve: withParams(session.redirectUri, { session_id: sessionId, end_user_id: session.endUserId }),
      deny: withParams(session.redirectUri, {
        error: 'access_denied',
        error_description: 'The end user declined to share their data.',
      }),
      cancel: session.cancelUri,
    },
  });
}
