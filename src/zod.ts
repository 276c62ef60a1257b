/**
 * zod/mini, as the browser code uses it to check what it reads: the session endpoint's answers,
 * the stored redirect flow and the callback page's message. Every schema module takes its
 * builders from here (`import * as z from '…/zod.js'`), so the setting below is made before any
 * schema is built.
 */
import { config } from 'zod/mini';

// No `new Function` fast path: under a strict Content-Security-Policy even zod's guarded probe
// for eval raises a `securitypolicyviolation`. zod keeps this setting on globalThis, so another
// zod on the page parses without its JIT too: same results, a little slower for large schemas.
config({ jitless: true });

export type { infer as Infer, ZodMiniType as Schema } from 'zod/mini';

// The builders by name: every bundler then keeps only these (a namespace import of zod/mini
// makes some, esbuild among them, keep all of it, locales included).
export {
  boolean,
  enum,
  literal,
  maxLength,
  minLength,
  number,
  object,
  optional,
  pipe,
  refine,
  string,
  transform,
  union,
} from 'zod/mini';
