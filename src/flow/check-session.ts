import { HostedAuthError } from '../errors.js';
import type { HostedSession } from '../session/types.js';
import { checkSessionUrl } from '../session/url-safety.js';
import type { FlowConfig } from './config.js';

/**
 * Checks a session before anything shows it: the URL (https, and inside `allowed-origins`), its
 * expiry, and that a return URL tells when it ends. Throws HostedAuthError; returns the URL to load.
 */
export function checkSession(session: HostedSession, config: FlowConfig): string {
  const url = checkSessionUrl(session.url, config.allowedOrigins);
  if (session.expiresAt !== undefined && session.expiresAt <= Date.now()) {
    throw new HostedAuthError({
      code: 'expired',
      message: `the session expired at ${new Date(session.expiresAt).toISOString()} before it was opened`,
      retryable: true,
    });
  }
  if (!config.redirectUrl && !config.cancelUrl) {
    throw new HostedAuthError({
      code: 'config',
      message: 'redirect-url (or cancel-url) is needed to know when the hosted flow ends',
    });
  }
  return url;
}
