// The demo's merchant backend: one `hosted-auth-session/server` handler per provider, pointed
// at the local emulators.
//
//   POST /api/ultrapass/session    UltrapassId (its redirect URL is the emulator's configuration)
//   POST /api/fiskil/session       Fiskil
//   POST /api/complycube/session   ComplyCube
//   POST /api/ulm/session          ULM Cloud: authnIdentifier + credential from the page
//   POST /api/oidc/session         OpenID Connect: an authorization URL of the local OpenID Provider
//   POST /api/<provider>/confirm   the element's confirm-endpoint (createConfirmHandler), for
//                                  oidc, ultrapass, fiskil and complycube: the flow must come back
//                                  to the browser that started it, with its state, once; OIDC
//                                  also exchanges the code and checks the ID token
//   GET  /api/ultrapass/confirm?sessionId=…   what UltrapassId itself says about a session
//                                  (getSession): the server-side check a merchant makes
//                                  before trusting a finished flow
//
// Every session handler binds its flow to the browser in an encrypted cookie (cookieSecret: a
// fresh random one each time the demo starts, so a restart forgets every flow).
//
// Which provider fields the browser may choose. A real merchant takes these from its own
// records (the signed-in user's end_user_id, clientId, …) and never from the browser; this
// demo lets the playground pick the documented cases, so its beforeCreate accepts a provider
// field from the request body only when the value is one of the emulator's demo values below,
// and refuses anything else with 400 before the provider is called. Fields the body leaves
// out take the first value (the happy path).
//
//   ultrapass   workflowKey      registration, sign-in; unknownWorkflowKey (409),
//                                failingWorkflowKey (424), invalidWorkflowKey (400)
//   fiskil      end_user_id      the demo end users; unknownEndUserId (404)
//               institution_id   the demo banks; unknownInstitutionId (400)
//   complycube  clientId         the demo clients; unknownClientId (400 'clientId' is invalid)
//               workflowTemplateId  the demo template; inactiveWorkflowTemplateId (400)
//               theme            light, dark
//   ulm         authnIdentifier and credential always come from the browser (ULM.accounts)
//
// Return URLs must be on `origin`. UltrapassId's redirect URL is the emulator's configuration
// (its portal setting): startEmulators({ ultrapass: { redirectUrl, cancelUrl } }).

import { randomBytes } from 'node:crypto';
import { createConfirmHandler, createSessionHandler, getSession, toNodeListener } from '../dist/server.js';
import { COMPLYCUBE, FISKIL, ULTRAPASS } from './emulators/index.js';

/** Per provider: each field the browser may set, and the values it may set it to (first = default). */
const CHOICES = {
  ultrapass: {
    workflowKey: [
      ...Object.keys(ULTRAPASS.workflows),
      ULTRAPASS.unknownWorkflowKey,
      ULTRAPASS.failingWorkflowKey,
      ULTRAPASS.invalidWorkflowKey,
    ],
  },
  fiskil: {
    end_user_id: [...Object.keys(FISKIL.endUsers), FISKIL.unknownEndUserId],
    institution_id: [...Object.keys(FISKIL.institutions), FISKIL.unknownInstitutionId],
  },
  complycube: {
    clientId: [...Object.keys(COMPLYCUBE.clients), COMPLYCUBE.unknownClientId],
    workflowTemplateId: [...Object.keys(COMPLYCUBE.workflowTemplates), COMPLYCUBE.inactiveWorkflowTemplateId],
    theme: ['light', 'dark'],
  },
};

/** The default of every whitelisted field: its first value. */
function defaultsOf(choices) {
  return Object.fromEntries(Object.entries(choices).map(([name, values]) => [name, values[0]]));
}

/** beforeCreate: the whitelisted provider fields the browser chose, or a 400. */
function chosenFields(choices) {
  return (_request, body) => {
    const chosen = {};
    for (const [name, values] of Object.entries(choices)) {
      if (body[name] === undefined) continue;
      if (!values.includes(body[name])) {
        throw Response.json(
          { error: 'invalid_request', message: `${name} must be one of this demo's values` },
          { status: 400, headers: { 'Cache-Control': 'no-store' } },
        );
      }
      chosen[name] = body[name];
    }
    return chosen;
  };
}

/**
 * @param {{ emulators: Awaited<ReturnType<typeof import('./emulators/index.js').startEmulators>>,
 *   openid: { issuer: string, clientId: string, clientSecret?: string },
 *   origin: string }} options `origin`: the demo page's origin (return URLs must be on it);
 *   `openid`: the local OpenID Provider and the client registered there for this demo
 * @returns {(req: import('node:http').IncomingMessage, res: import('node:http').ServerResponse) => Promise<boolean>}
 *   resolves true when it answered the request
 */
export function createMerchant({ emulators, openid, origin }) {
  const cookieSecret = randomBytes(32).toString('base64url');
  const handlerFor = (provider, fields = {}) =>
    createSessionHandler({
      provider,
      secret: emulators[provider].secret,
      baseUrl: emulators[provider].origin,
      allowedRedirectOrigins: [origin],
      // ULM answers at once: there is no return to bind.
      ...(provider === 'ulm' ? {} : { cookieSecret }),
      timeoutMs: 5000,
      ...(CHOICES[provider]
        ? {
            fields: { ...defaultsOf(CHOICES[provider]), ...fields },
            beforeCreate: chosenFields(CHOICES[provider]),
          }
        : {}),
    });
  // The seed providers have no outcome API: the confirmation is the binding to this browser.
  const confirmFor = (provider) =>
    createConfirmHandler({
      provider,
      cookieSecret,
      onConfirmed: ({ sessionId }) => ({ provider, sessionId, boundToThisBrowser: true }),
    });
  const oidc = {
    provider: 'oidc',
    issuer: openid.issuer,
    clientId: openid.clientId,
    secret: openid.clientSecret,
    allowInsecureRequests: true, // the local provider is http://127.0.0.1; never at a real one
    cookieSecret,
  };
  const ultrapassConfirm = confirmFor('ultrapass');
  const routes = new Map([
    ['/api/ultrapass/session', handlerFor('ultrapass')],
    ['/api/fiskil/session', handlerFor('fiskil')],
    ['/api/complycube/session', handlerFor('complycube', { supportEmail: 'support@shop.example' })],
    ['/api/ulm/session', handlerFor('ulm')],
    [
      '/api/oidc/session',
      createSessionHandler({
        ...oidc,
        scope: 'openid email profile',
        allowedRedirectOrigins: [origin],
        authorizationParams: { prompt: 'login' }, // a person can sign in as someone else each time
      }),
    ],
    [
      '/api/oidc/confirm',
      createConfirmHandler({
        ...oidc,
        // Here a merchant starts its own login session; the demo shows who signed in.
        onConfirmed: ({ claims }) => ({ signedInAs: claims.sub, name: claims.name, email: claims.email }),
      }),
    ],
    ['/api/fiskil/confirm', confirmFor('fiskil')],
    ['/api/complycube/confirm', confirmFor('complycube')],
    [
      '/api/ultrapass/confirm',
      (request) =>
        request.method === 'GET' ? confirmUltrapass(request, emulators.ultrapass) : ultrapassConfirm(request),
    ],
  ]);
  const listeners = new Map([...routes].map(([path, handler]) => [path, toNodeListener(handler)]));

  return async (req, res) => {
    const listener = listeners.get(new URL(req.url ?? '/', 'http://localhost').pathname);
    if (listener === undefined) return false;
    await listener(req, res);
    return true;
  };
}

/** GET ?sessionId=…: UltrapassId's own record of the session, via getSession. */
async function confirmUltrapass(request, emulator) {
  const headers = { 'Cache-Control': 'no-store' };
  if (request.method !== 'GET') {
    return Response.json({ error: 'method_not_allowed' }, { status: 405, headers: { ...headers, Allow: 'GET' } });
  }
  const sessionId = new URL(request.url).searchParams.get('sessionId') ?? '';
  try {
    const session = await getSession(sessionId, { secret: emulator.secret, baseUrl: emulator.origin });
    return Response.json({ confirmed: true, session }, { headers });
  } catch (error) {
    const status = error?.kind === 'http' ? error.status : error instanceof TypeError ? 400 : 502;
    return Response.json({ confirmed: false, message: String(error?.message ?? error) }, { status, headers });
  }
}
