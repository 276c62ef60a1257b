import { HostedAuthError } from '../errors.js';

/** Normalises the `allowed-origins` attribute: each entry to its origin; invalid entries throw `config`. */
export function parseAllowedOrigins(value: string | null | undefined): string[] {
  if (value == null) return [];
  return value
    .split(/\s+/)
    .filter((entry) => entry !== '')
    .map((entry) => {
      const origin = originOf(entry);
      if (origin === undefined) {
        throw new HostedAuthError({
          code: 'config',
          message: `allowed-origins: expected origins such as https://id.example, but got ${JSON.stringify(entry)}`,
        });
      }
      return origin;
    });
}

/** The origin of an absolute http(s) URL, or undefined. */
export function originOf(url: string): string | undefined {
  try {
    const parsed = new URL(url);
    if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') return undefined;
    return parsed.origin;
  } catch {
    return undefined;
  }
}
