/**
 * UltrapassId UAuth emulator (seeds/ultrapass-client-api.md, seeds/ultrapass-uauth-session.md).
 *
 * As documented:
 *   POST /uauth/session            header x-upid-organization-key; body {"workflowKey": uuid}
 *     201 "{\"getSessionUrl\":\"http://127.0.0.1:PORT/uauth?sessionId=…\"}" (a JSON string holding JSON)
 *     400 "Request not valid" · 409 "Workflow not valid for this Organization"
 *     424 "Dependent Workflow exception"                          (each body a JSON string)
 *   GET  /uauth/session/{sessionId} header x-upid-organization-key
 *     200 "{\"workflowKey\":…,\"policyId\":…,\"clientRedirectUrl\":…}" · 400 · 424
 *   The redirect URL is configured in the portal per UAuthFlow, so it is configuration here.
 *
 * Not in the seed document:
 * - The API is served at the emulator's root; the real base URL ends in `/api`.
 * - The hosted page is on the same origin as the API (real: auth.ultrapassid.com), at
 *   `GET /uauth?sessionId=…`, and sends `Cross-Origin-Opener-Policy: same-origin` because real
 *   UltrapassId pages run on Azure AD B2C, which does.
 * - The request body may be a JSON object or, as the docs show it, a JSON string holding JSON.
 * - A missing or wrong `x-upid-organization-key` → 401 with the JSON string
 *   "Organization key is missing or not valid" (the docs name the scheme, not its failure).
 * - 400 for a body that is not JSON, or whose workflowKey is missing or not a UUID; 409 for a
 *   UUID this organization has no workflow for; 424 for `ULTRAPASS.failingWorkflowKey`.
 * - GET: 400 for a session id that is not 32 hex digits or is unknown; 424 for
 *   `ULTRAPASS.failingSessionId`. Cached sessions do not expire in the emulator.
 * - Every return carries the session id (`sessionId`), so the merchant page can tell which flow
 *   came back. Success sends the browser to the configured redirect URL with `sessionId` and
 *   `code` (an authorization code, as B2C's code flow returns). Deny: the redirect URL with
 *   `error=access_denied`. Cancel: the configured cancel URL, or, with none, the redirect URL
 *   with `error=access_denied&error_description=AADB2C90091: …` (what B2C sends on cancel).
 * - With no redirect URL configured the emulator uses the docs' `https://dev-portal.ultrapassid.com`.
 */

import { randomBytes, randomUUID } from 'node:crypto';
import { ULTRAPASS } from './constants.js';
import { renderHostedPage } from './hosted-page.js';
import { isRecord, parseJson, startEmulatorServer, withParams } from './server.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const SESSION_ID = /^[0-9a-f]{32}$/;
const DEFAULT_REDIRECT = 'https://dev-portal.ultrapassid.com';

const ANSWERS = {
  unauthorized: 'Organization key is missing or not valid',
  400: 'Request not valid',
  409: 'Workflow not valid for this Organization',
  424: 'Dependent Workflow exception',
};

/**
 * @param {{ host?: string, port?: number, secret?: string, delayMs?: number,
 *   redirectUrl?: string, cancelUrl?: string,
 *   workflows?: Record<string, { redirectUrl?: string, cancelUrl?: string }> }} [options]
 */
export function startUltrapass(options = {}) {
  const secret = options.secret ?? ULTRAPASS.organizationKey;
  /** @type {Map<string, { workflowKey: string, policyId: string }>} */
  const sessions = new Map();

  const returnUrls = (workflowKey) => {
    const own = options.workflows?.[workflowKey] ?? {};
    return {
      redirectUrl: own.redirectUrl ?? options.redirectUrl ?? DEFAULT_REDIRECT,
      cancelUrl: own.cancelUrl ?? options.cancelUrl,
    };
  };
  // Answers are JSON strings, double-encoded where they hold JSON, as the docs show them.
  const answer = (ctx, status, value) => ctx.json(status, typeof value === 'string' ? value : JSON.stringify(value));
  const authorized = (ctx) => {
    if (ctx.headers['x-upid-organization-key'] === secret) return true;
    answer(ctx, 401, ANSWERS.unauthorized);
    return false;
  };

  return startEmulatorServer({
    name: 'ultrapass',
    secret,
    options,
    routes: [
      {
        method: 'POST',
        path: '/uauth/session',
        api: true,
        handle(ctx) {
          if (!authorized(ctx)) return;
          const workflowKey = readWorkflowKey(ctx.text);
          if (workflowKey === undefined) return answer(ctx, 400, ANSWERS[400]);
          if (workflowKey === ULTRAPASS.failingWorkflowKey) return answer(ctx, 424, ANSWERS[424]);
          const workflow = ULTRAPASS.workflows[workflowKey];
          if (workflow === undefined) return answer(ctx, 409, ANSWERS[409]);
          const sessionId = randomUUID().replace(/-/g, '');
          sessions.set(sessionId, { workflowKey, policyId: workflow.policyId });
          return answer(ctx, 201, { getSessionUrl: `${ctx.origin}/uauth?sessionId=${sessionId}` });
        },
      },
      {
        method: 'GET',
        path: /^\/uauth\/session\/([^/]*)$/,
        api: true,
        handle(ctx) {
          if (!authorized(ctx)) return;
          const sessionId = decodeURIComponent(ctx.match?.[1] ?? '');
          if (sessionId === ULTRAPASS.failingSessionId) return answer(ctx, 424, ANSWERS[424]);
          const session = SESSION_ID.test(sessionId) ? sessions.get(sessionId) : undefined;
          if (session === undefined) return answer(ctx, 400, ANSWERS[400]);
          return answer(ctx, 200, {
            workflowKey: session.workflowKey,
            policyId: session.policyId,
            clientRedirectUrl: returnUrls(session.workflowKey).redirectUrl,
          });
        },
      },
      {
        method: 'GET',
        path: '/uauth',
        handle(ctx) {
          const coop = { 'Cross-Origin-Opener-Policy': 'same-origin' };
          const sessionId = ctx.url.searchParams.get('sessionId') ?? '';
          const session = sessions.get(sessionId);
          if (session === undefined) {
            return ctx.html(404, notFoundPage(), coop);
          }
          const { redirectUrl, cancelUrl } = returnUrls(session.workflowKey);
          const workflow = ULTRAPASS.workflows[session.workflowKey];
          const html = renderHostedPage({
            brand: 'UltrapassId',
            accent: '#3b49df',
            title: `${workflow.heading} – UltrapassId`,
            heading: workflow.heading,
            intro:
              'Confirm it is you with the passkey on this device. UltrapassId shares your verified identity with the site that sent you here.',
            details: [
              ['Policy', session.policyId],
              ['Session', sessionId],
            ],
            footer: 'Protected by UltrapassId · Azure AD B2C',
            actions: {
              approve: withParams(redirectUrl, { sessionId, code: randomBytes(24).toString('base64url') }),
              deny: withParams(redirectUrl, {
                sessionId,
                error: 'access_denied',
                error_description: 'The user declined to share their identity.',
              }),
              cancel: cancelUrl
                ? withParams(cancelUrl, { sessionId })
                : withParams(redirectUrl, {
                    sessionId,
                    error: 'access_denied',
                    error_description: 'AADB2C90091: The user has cancelled entering self-asserted information.',
                  }),
            },
          });
          return ctx.html(200, html, coop);
        },
      },
    ],
  });
}

/** The workflowKey of a body that is JSON or a JSON string holding JSON; undefined if not valid. */
function readWorkflowKey(text) {
  let parsed = parseJson(text);
  if (parsed.ok && typeof parsed.value === 'string') parsed = parseJson(parsed.value);
  if (!parsed.ok || !isRecord(parsed.value)) return undefined;
  const { workflowKey } = parsed.value;
  return typeof workflowKey === 'string' && UUID.test(workflowKey) ? workflowKey.toLowerCase() : undefined;
}

function notFoundPage() {
  return renderHostedPage({
    brand: 'UltrapassId',
    accent: '#3b49df',
    title: 'Link not valid – UltrapassId',
    heading: 'This sign-in link is not valid',
    intro: 'The session was not found. Go back to the site that sent you here and start again.',
    actions: {},
  });
}
