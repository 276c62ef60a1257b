const LOOPBACK_HOSTNAMES = new Set(['localhost', '127.0.0.1', '[::1]']);

/**
 * Whether `url` is plain `http:` on this machine (localhost, 127.0.0.1, [::1]): the one place
 * where tests and local providers may go without TLS, and where a browser drops `Secure` cookies.
 */
export function isLoopbackHttp(url: URL): boolean {
  return url.protocol === 'http:' && LOOPBACK_HOSTNAMES.has(url.hostname);
}
