// Local emulators of the four provider APIs in /seeds, each on its own loopback origin, for the
// demo and the tests. Plain ESM for Node ≥ 20, node:http only.
//
//   const emulators = await startEmulators({ ultrapass: { redirectUrl, cancelUrl } });
//   emulators.fiskil.origin   // http://127.0.0.1:PORT — pass as baseUrl to createSessionHandler
//   emulators.fiskil.secret   // the bearer token it requires
//   emulators.fiskil.requests // every request it received: { method, path, headers, body }
//   await emulators.close();
//
// What each emulator chose where its seed is silent is at the top of its own file.

import { startComplycube } from './complycube.js';
import { startFiskil } from './fiskil.js';
import { startUlm } from './ulm.js';
import { startUltrapass } from './ultrapass.js';

export { COMPLYCUBE, FISKIL, ULM, ULTRAPASS } from './constants.js';
export { startComplycube, startFiskil, startUlm, startUltrapass };

const STARTERS = {
  ultrapass: startUltrapass,
  ulm: startUlm,
  fiskil: startFiskil,
  complycube: startComplycube,
};

/**
 * Starts all four emulators.
 *
 * @param {{
 *   host?: string,
 *   ports?: { ultrapass?: number, ulm?: number, fiskil?: number, complycube?: number },
 *   ultrapass?: { redirectUrl?: string, cancelUrl?: string,
 *     workflows?: Record<string, { redirectUrl?: string, cancelUrl?: string }>, secret?: string, delayMs?: number },
 *   ulm?: { secret?: string, delayMs?: number },
 *   fiskil?: { ttlSeconds?: number, secret?: string, delayMs?: number },
 *   complycube?: { secret?: string, delayMs?: number },
 * }} [options] ports default to 0 (the OS picks); `secret` replaces the demo key an emulator
 *   requires; `delayMs` delays each API answer (the hosted pages are never delayed).
 */
export async function startEmulators(options = {}) {
  const host = options.host ?? '127.0.0.1';
  const started = {};
  try {
    for (const [name, start] of Object.entries(STARTERS)) {
      started[name] = await start({ ...options[name], host, port: options.ports?.[name] ?? 0 });
    }
  } catch (error) {
    await Promise.all(Object.values(started).map((emulator) => emulator.close()));
    throw error;
  }
  return {
    ultrapass: started.ultrapass,
    ulm: started.ulm,
    fiskil: started.fiskil,
    complycube: started.complycube,
    async close() {
      await Promise.all(Object.values(started).map((emulator) => emulator.close()));
    },
  };
}
