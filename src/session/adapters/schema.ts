import { HostedAuthError, type ProviderName } from '../../errors.js';
import { checkShape, type Parsed, type Shape } from '../shape.js';

/**
 * Parses `value` with `schema`, or throws `invalid_response` naming the provider and the fields.
 * `badField` names a field the schema let through but the adapter still refuses (checked by hand).
 */
export function parseWith<S extends Shape>(
  shape: S,
  value: unknown,
  provider: ProviderName,
  expected: string,
  badField?: (data: Parsed<S>) => string | undefined,
): Parsed<S> {
  const result = checkShape(shape, value);
  const fields = result.ok ? badField?.(result.data) : result.fields.join(', ');
  if (result.ok && fields === undefined) return result.data;
  throw new HostedAuthError({
    code: 'invalid_response',
    message: `expected ${expected} from ${provider}, but ${fields} did not match`,
    provider,
    raw: value,
  });
}

/** `fields` without the keys whose value is undefined: results and details leave unknowns out. */
export function defined<T extends object>(fields: T): T {
  for (const key in fields) if (fields[key] === undefined) delete fields[key];
  return fields;
}

/** Whether an HTTP status is worth retrying by itself: 5xx, 408 Request Timeout, 429 Too Many Requests. */
export function isRetryableStatus(status: number): boolean {
  return status >= 500 || status === 408 || status === 429;
}

export function hasKey(value: unknown, key: string): boolean {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && key in value;
}
