import { HostedAuthError } from '../errors.js';

// The origin helpers live apart so the element's own code can use them without this check, which
// loads with the answer reader (session/read.ts).
export { originOf, parseAllowedOrigins } from './origins.js';

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1']);

/**
 * Checks a hosted session URL before anything opens it: absolute `https:` (or `http:`
 * on localhost / 127.0.0.1), no user-info, and inside `allowedOrigins` when that is not empty.
 * Returns the URL as the browser would load it; throws `invalid_session_url` otherwise.
 */
export function checkSessionUrl(url: unknown, allowedOrigins: readonly string[] = []): string {
  const refuse = (reason: string): never => {
    throw new HostedAuthError({
      code: 'invalid_session_url',
      message: `refused to open the session URL: ${reason}`,
    });
  };
  if (typeof url !== 'string' || url === '') return refuse('it is empty');
  // The URL parser strips leading/trailing whitespace and control characters; a URL that needs
  // that cleaning is not one a provider sends.
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u0020\u007f]/.test(url)) return refuse('it contains whitespace or control characters');
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return refuse('it is not an absolute URL');
  }
  const { protocol, hostname } = parsed;
  if (protocol !== 'https:' && !(protocol === 'http:' && LOOPBACK_HOSTS.has(hostname))) {
    return refuse(`the scheme ${protocol} is not allowed (https: only; http: only for localhost)`);
  }
  if (parsed.username !== '' || parsed.password !== '') {
    return refuse('it carries user-info before the host');
  }
  if (allowedOrigins.length > 0 && !allowedOrigins.includes(parsed.origin)) {
    return refuse(`the origin ${parsed.origin} is not in allowed-origins`);
  }
  return parsed.href;
}
