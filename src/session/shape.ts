/**
 * A field checker for the flat JSON shapes the element reads (provider answers, its own stored
 * redirect record). Each field is `s` string, `n` finite number, `b` boolean or `u` anything,
 * with `?` when it may be missing, or a nested shape. It does what the element needs of a schema
 * library (types from the shape, the names of the fields that did not match, unknown keys left
 * out) in a few hundred bytes: the script-tag bundle's budget has no room for one (see README,
 * "Performance"). The server helper, which has no such budget, validates with zod.
 */
type Kinds = { s: string; n: number; b: boolean; u: unknown };
type Kind = keyof Kinds;

export interface Shape {
  readonly [key: string]: Kind | `${Kind}?` | Shape;
}

type Field<T> = T extends `${infer K extends Kind}?`
  ? Kinds[K]
  : T extends Kind
    ? Kinds[T]
    : T extends Shape
      ? Parsed<T>
      : never;
type Optional<S> = { [K in keyof S]: S[K] extends `${string}?` ? K : never }[keyof S];

/** The value a shape describes. */
export type Parsed<S extends Shape> = { -readonly [K in Exclude<keyof S, Optional<S>>]: Field<S[K]> } & {
  -readonly [K in Optional<S>]?: Field<S[K]>;
};

const TESTS: Record<Kind, (value: unknown) => boolean> = {
  s: (value) => typeof value === 'string',
  n: (value) => Number.isFinite(value),
  b: (value) => typeof value === 'boolean',
  u: () => true,
};

export type ShapeResult<S extends Shape> = { ok: true; data: Parsed<S> } | { ok: false; fields: string[] };

/**
 * Checks `value` against `shape`. On success, a copy holding only the shape's fields (missing
 * optional ones left out); otherwise the dotted names of the fields that did not match, or
 * `(body)` when `value` is not an object at all.
 */
export function checkShape<S extends Shape>(shape: S, value: unknown, path = ''): ShapeResult<S> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { ok: false, fields: [path || '(body)'] };
  }
  const data: Record<string, unknown> = {};
  const fields: string[] = [];
  for (const [key, rule] of Object.entries(shape)) {
    const field = (value as Record<string, unknown>)[key];
    const name = path + key;
    if (typeof rule === 'object') {
      const inner = checkShape(rule, field, `${name}.`);
      if (inner.ok) data[key] = inner.data;
      else fields.push(...inner.fields.map((inner) => (inner === `${name}.` ? name : inner)));
    } else if (field === undefined && rule.endsWith('?')) {
      // Missing and allowed to be.
    } else if (TESTS[rule[0] as Kind](field)) {
      data[key] = field;
    } else {
      fields.push(name);
    }
  }
  return fields.length ? { ok: false, fields } : { ok: true, data: data as Parsed<S> };
}
