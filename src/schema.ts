/**
 * The few zod/mini builders the element uses, imported by name so bundlers keep only these
 * (a namespace import drags every locale into the script-tag bundle).
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
  string,
  union,
} from 'zod/mini';

// No `new Function` fast path: under a strict Content-Security-Policy even zod's guarded probe
// for eval raises a `securitypolicyviolation`. Set before any schema below is built. (zod keeps
// this setting on globalThis, so another zod on the page parses without its JIT too: same
// results, a little slower for large schemas.)
config({ jitless: true });

export type { infer as Infer, ZodMiniType as Schema } from 'zod/mini';

export const z = {
  boolean,
  enum: enumOf,
  literal,
  maxLength,
  minLength,
  number,
  object,
  optional,
  string,
  union,
};
