/**
 * ComplyCube emulator: `POST /v1/flow/sessions` (seeds/complycube-flow-session.md) and its
 * hosted identity-verification page.
 *
 * As documented:
 *   headers Content-Type: application/json, Authorization: <API key>
 *   body clientId*, workflowTemplateId*, successUrl*, cancelUrl*, theme (light|dark),
 *        supportEmail, shortUrl (boolean)
 *   200 { redirectUrl: "http://127.0.0.1:PORT/test_<token>?theme=light" }
 *   400 { type: 'invalid_request', message: "'clientId' is invalid", param: 'clientId' }
 *   A workflow template with no active version fails.
 *
 * Not in the seed document:
 * - A missing or wrong Authorization → 401 `{ type: 'unauthorized', message }`.
 * - A Content-Type other than application/json, or a body that is not a JSON object → 400
 *   `{ type: 'invalid_request', message }` with no `param`.
 * - Every missing or invalid field (wrong type, unknown clientId or workflowTemplateId, a URL
 *   that is not absolute http(s), a theme other than light/dark, a malformed supportEmail, a
 *   non-boolean shortUrl) → 400 "'<field>' is invalid" with `param`, checked in the seed's
 *   order. A template with no active version → 400 on workflowTemplateId with its own message.
 * - The seed types successUrl / cancelUrl as "array", but every example sends a string: the
 *   emulator takes a string.
 * - The token is the base64 of random hex, like the docs' example; `test_` prefixes it for a
 *   sandbox key (`test_…`), nothing for a live key. shortUrl: true gives a 16-character token.
 * - Approve sends the browser to successUrl as it is (ComplyCube reports results by webhook
 *   and API, not in the URL); Deny to successUrl with `error=access_denied`; Cancel to
 *   cancelUrl. Query parameters already on those URLs (such as `state`) are kept.
 */

import { randomBytes } from 'node:crypto';
import { COMPLYCUBE } from './constants.js';
import { renderHostedPage } from './hosted-page.js';
import { isHttpUrl, isRecord, parseJson, startEmulatorServer, withParams } from './server.js';

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** Each field in the seed's order, with whether it is required and what makes it valid. */
const FIELDS = [
  ['clientId', true, (value) => typeof value === 'string' && Object.hasOwn(COMPLYCUBE.clients, value)],
  [
    'workflowTemplateId',
    true,
    (value) =>
      typeof value === 'string' &&
      (Object.hasOwn(COMPLYCUBE.workflowTemplates, value) || value === COMPLYCUBE.inactiveWorkflowTemplateId),
  ],
  ['successUrl', true, isHttpUrl],
  ['cancelUrl', true, isHttpUrl],
  ['theme', false, (value) => value === 'light' || value === 'dark'],
  ['supportEmail', false, (value) => typeof value === 'string' && EMAIL.test(value)],
  ['shortUrl', false, (value) => typeof value === 'boolean'],
];

/** @param {{ host?: string, port?: number, secret?: string, delayMs?: number }} [options] */
export function startComplycube(options = {}) {
  const secret = options.secret ?? COMPLYCUBE.apiKey;
  /** @type {Map<string, { clientId: string, successUrl: string, cancelUrl: string, theme: string, supportEmail?: string }>} */
  const sessions = new Map();

  return startEmulatorServer({
    name: 'complycube',
    secret,
    options,
    routes: [
      {
        method: 'POST',
        path: '/v1/flow/sessions',
        api: true,
        handle(ctx) {
          const invalid = (message, param) =>
            ctx.json(400, { type: 'invalid_request', message, ...(param ? { param } : {}) });
          if (ctx.headers.authorization !== secret) {
            return ctx.json(401, { type: 'unauthorized', message: 'The API key is missing or not valid.' });
          }
          if (!/^application\/json\b/i.test(ctx.headers['content-type'] ?? '')) {
            return invalid('The content-type must be application/json.');
          }
          const parsed = parseJson(ctx.text);
          if (!parsed.ok || !isRecord(parsed.value)) return invalid('The request body is not a valid JSON object.');
          const body = parsed.value;
          for (const [name, required, valid] of FIELDS) {
            if (body[name] === undefined ? required : !valid(body[name])) {
              return invalid(`'${name}' is invalid`, name);
            }
          }
          if (body.workflowTemplateId === COMPLYCUBE.inactiveWorkflowTemplateId) {
            return invalid("'workflowTemplateId' has no active version", 'workflowTemplateId');
          }
          const token = createToken(body.shortUrl === true);
          const theme = body.theme ?? 'light';
          sessions.set(token, {
            clientId: body.clientId,
            successUrl: body.successUrl,
            cancelUrl: body.cancelUrl,
            theme,
            supportEmail: body.supportEmail,
          });
          const prefix = secret.startsWith('live_') ? '' : 'test_';
          return ctx.json(200, { redirectUrl: `${ctx.origin}/${prefix}${token}?theme=${theme}` });
        },
      },
      {
        method: 'GET',
        path: /^\/(?:test_)?([A-Za-z0-9]+)$/,
        handle(ctx) {
          const session = sessions.get(ctx.match?.[1] ?? '');
          return ctx.html(session === undefined ? 404 : 200, verificationPage(session));
        },
      },
    ],
  });
}

function createToken(short) {
  if (short) return randomBytes(12).toString('base64url').replace(/[-_]/g, 'x');
  return Buffer.from(randomBytes(96).toString('hex')).toString('base64').replace(/=+$/, '');
}

function verificationPage(session) {
  const base = { brand: 'ComplyCube', accent: '#1f5fff', title: 'Verify your identity – ComplyCube' };
  if (session === undefined) {
    return renderHostedPage({
      ...base,
      heading: 'This verification link is not valid',
      intro: 'Ask the company that sent you here for a new link.',
      actions: {},
    });
  }
  return renderHostedPage({
    ...base,
    theme: session.theme,
    heading: 'Verify your identity',
    intro: 'We need a photo of an identity document and a quick selfie. It takes about two minutes.',
    details: [['Applicant', COMPLYCUBE.clients[session.clientId]]],
    choice: { legend: 'Document type', options: ['Passport', 'Driving licence', 'National identity card'] },
    ...(session.supportEmail ? { footer: `Need help? Contact ${session.supportEmail}` } : {}),
    actions: {
      approve: session.successUrl,
      deny: withParams(session.successUrl, {
        error: 'access_denied',
        error_description: 'The client declined the verification.',
      }),
      cancel: session.cancelUrl,
    },
  });
}
