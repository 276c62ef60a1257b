/**
 * The few zod/mini builders the element uses, imported by name so bundlers keep only these
 * (a namespace import drags every locale into the script-tag bundle).
 */
import {
  boolean,
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
