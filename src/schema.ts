/**
 * The few zod/mini builders the element uses, imported by name so bundlers keep only these
 * (a namespace import drags every locale into the script-tag bundle).
 */
import { boolean, config, number, object, optional, string, unknown } from 'zod/mini';

// No `new Function` fast path: under a strict Content-Security-Policy even zod's guarded probe
// for eval raises a `securitypolicyviolation`. Set before any schema below is built. (zod keeps
// this setting on globalThis, so another zod on the page parses without its JIT too: same
// results, a little slower for large schemas.)
config({ jitless: true });

export type { infer as Infer, ZodMiniType as Schema } from 'zod/mini';

// Only these: every other builder (union, enum, literal, length checks…) costs the script-tag
// bundle 0.2–0.4 KB gzip each; the few values that need more are checked by hand after parsing.
export const z = { boolean, number, object, optional, string, unknown };
