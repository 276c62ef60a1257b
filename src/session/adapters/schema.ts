import { z, type Schema } from '../../schema.js';
import { HostedAuthError, type ProviderName } from '../../errors.js';

/** Parses `value` with `schema`, or throws `invalid_response` naming the provider and the fields. */
export function parseWith<T>(
  schema: Schema<T>,
  value: unknown,
  provider: ProviderName,
  expected: string,
): T {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const fields = result.error.issues
    .map((issue) => issue.path.join('.') || '(body)')
    .filter((path, index, all) => all.indexOf(path) === index)
    .join(', ');
  throw new HostedAuthError({
    code: 'invalid_response',
    message: `expected ${expected} from the ${provider} session endpoint, but ${fields} did not match`,
    provider,
    raw: value,
    cause: result.error,
  });
}

export function hasKey(value: unknown, key: string): boolean {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && key in value;
}

export { z };
