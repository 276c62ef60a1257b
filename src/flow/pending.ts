/** The sessionStorage key prefix of a pending `mode="redirect"` flow (one key per flow's state). */
export const PENDING_KEY_PREFIX = 'hosted-auth-session:pending:';

/** This tab's sessionStorage, or undefined where it is not available (sandboxed, disabled). */
export function sessionStore(): Storage | undefined {
  try {
    return window.sessionStorage;
  } catch {
    return undefined;
  }
}

/**
 * Whether this tab holds any pending redirect flow: checked on every page with the element, so
 * the redirect store itself (flow/redirect.ts) loads only on a return page.
 */
export function hasPendingFlow(): boolean {
  const store = sessionStore();
  if (!store) return false;
  for (let i = 0; i < store.length; i++) if (store.key(i)?.startsWith(PENDING_KEY_PREFIX)) return true;
  return false;
}
