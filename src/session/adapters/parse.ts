import { HostedAuthError } from '../../errors.js';
import type { ProviderName } from '../types.js';
import type * as z from '../../zod.js';

/**
 * Parses `value` with `schema` (unknown keys left out), or throws `invalid_response` naming the
 * provider and the fields that did not match (`(body)` when `value` is no object at all), with
 * zod's error as the cause.
 */
export function parseWith<T>(schema: z.Schema<T>, value: unknown, provider: ProviderName, expected: string): T {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  // Paths hold the schema's own keys only, so the message stays short whatever the input.
  const fields = [...new Set(result.error.issues.map((issue) => issue.path.join('.') || '(body)'))].join(', ');
  throw new HostedAuthError({
    code: 'invalid_response',
    message: `expected ${expected} from ${provider}, but ${fields} did not match`,
    provider,
    raw: value,
    cause: result.error,
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
