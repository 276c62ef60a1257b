/**
 * ULM Cloud emulator: `POST /session/start` (seeds/ulm-session-start.md). No hosted page.
 *
 * As documented:
 *   body { authnIdentifier, credential }
 *   200 { processId, lastStep, runtimeId, userId, userAuthenticated }
 *   401 "operation error" with the ULM codes user-profile-locked, authentication-required,
 *       user-activating, invalid-code
 *
 * Not in the seed document:
 * - Error bodies are `{ code, type: 'operation error', message }` (the seed gives the three
 *   columns, not the JSON).
 * - Which account produces what: ULM.accounts in constants.js. The password is checked first,
 *   so a wrong one is always `authentication-required`, even for a locked profile.
 * - A body that is not a JSON object, or lacks a string authnIdentifier / credential →
 *   400 `{ code: 'invalid-input', type: 'validation error', message }`.
 * - The seed names no client credential. The emulator accepts requests without one; a request
 *   that sends `Authorization` must send `Bearer <ULM.clientToken>`, else 401
 *   `{ code: 'invalid-client', type: 'operation error', … }`.
 * - `runtimeId` is 229 (the seed's example) for every session; `processId` is a fresh UUID.
 */

import { randomUUID } from 'node:crypto';
import { ULM } from './constants.js';
import { isRecord, parseJson, startEmulatorServer } from './server.js';

const MESSAGES = {
  'user-profile-locked': "The user's profile is locked.",
  'authentication-required': 'Authentication identifier or credential is not valid.',
  'user-activating': 'The authentication identifier is in activating status and this process does not allow it.',
  'invalid-code': 'The 2FA code provided is not valid.',
};

/** @param {{ host?: string, port?: number, secret?: string, delayMs?: number }} [options] */
export function startUlm(options = {}) {
  const secret = options.secret ?? ULM.clientToken;
  return startEmulatorServer({
    name: 'ulm',
    secret,
    options,
    routes: [
      {
        method: 'POST',
        path: '/session/start',
        api: true,
        handle(ctx) {
          const fail = (status, code, type, message) => ctx.json(status, { code, type, message });
          const authorization = ctx.headers.authorization;
          if (authorization !== undefined && authorization !== `Bearer ${secret}`) {
            return fail(401, 'invalid-client', 'operation error', 'The client credential is not valid.');
          }
          const parsed = parseJson(ctx.text);
          if (!parsed.ok || !isRecord(parsed.value)) {
            return fail(400, 'invalid-input', 'validation error', 'The request body must be a JSON object.');
          }
          const { authnIdentifier, credential } = parsed.value;
          for (const [name, value] of Object.entries({ authnIdentifier, credential })) {
            if (typeof value !== 'string' || value === '') {
              return fail(400, 'invalid-input', 'validation error', `${name} is required.`);
            }
          }
          const found = ULM.accounts.find(
            (entry) => entry.authnIdentifier.toLowerCase() === authnIdentifier.toLowerCase(),
          );
          if (found === undefined || found.credential !== credential) {
            const code = 'authentication-required';
            return fail(401, code, 'operation error', MESSAGES[code]);
          }
          if (found.outcome in MESSAGES) {
            return fail(401, found.outcome, 'operation error', MESSAGES[found.outcome]);
          }
          return ctx.json(200, {
            processId: randomUUID(),
            lastStep: found.outcome === 'success',
            runtimeId: 229,
            userId: found.userId,
            userAuthenticated: true,
          });
        },
      },
    ],
  });
}
