/**
 * zod/mini, as the browser code uses it to check what it reads: the session endpoint's answers,
 * the stored redirect flow and the callback page's message. Every schema module takes `z` from
 * here, so the setting below is made before any schema is built.
 */
import {
  boolean,
  config,
  enum as enumOf,
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

// No `new Function` fast path: under a strict Content-Security-Policy even zod's guarded probe
// for eval raises a `securitypolicyviolation`. zod keeps this setting on globalThis, so another
// zod on the page parses without its JIT too: same results, a little slower for large schemas.
config({ jitless: true });

export type { infer as Infer, ZodMiniType as Schema } from 'zod/mini';

// The builders by name: every bundler then keeps only these (a namespace import of zod/mini
// makes some, esbuild among them, keep all of it, locales included).
export const z = {
  boolean,
  enum: enumOf,
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
};
