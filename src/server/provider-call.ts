import { BodyTooLargeError, readText } from './http.js';

/** The largest provider answer read, in bytes; anything longer is a bad gateway. */
const MAX_ANSWER_BYTES = 1024 * 1024;

export interface ProviderCall {
  url: string;
  method: 'GET' | 'POST';
  headers: Record<string, string>;
  body?: string;
  timeoutMs: number;
  /** Aborts the call when the browser has gone away. */
  signal?: AbortSignal;
}

export type ProviderOutcome =
  | { kind: 'answer'; status: number; contentType: string | null; text: string }
  /** Could not connect, the connection broke, or the caller went away. */
  | { kind: 'unreachable' }
  /** No complete answer within `timeoutMs`. */
  | { kind: 'timeout' }
  /** A redirect (never followed: it would carry the credential elsewhere) or an oversized answer. */
  | { kind: 'bad_answer'; reason: string };

/**
 * Calls a provider API with a deadline that covers the whole answer, body included. Never
 * throws; never puts the request's headers (which hold the secret) into what it returns.
 */
export async function callProvider(call: ProviderCall): Promise<ProviderOutcome> {
  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, call.timeoutMs);
  const stop = () => controller.abort();
  if (call.signal?.aborted) stop();
  call.signal?.addEventListener('abort', stop, { once: true });
  try {
    const response = await fetch(call.url, {
      method: call.method,
      headers: call.headers,
      ...(call.body === undefined ? {} : { body: call.body }),
      redirect: 'manual',
      signal: controller.signal,
    });
    if (response.type === 'opaqueredirect' || (response.status >= 300 && response.status < 400)) {
      await response.body?.cancel().catch(() => undefined);
      return { kind: 'bad_answer', reason: 'answered with a redirect' };
    }
    let text: string;
    try {
      text = await readText(response.body, MAX_ANSWER_BYTES);
    } catch (error) {
      if (!(error instanceof BodyTooLargeError)) throw error;
      return { kind: 'bad_answer', reason: `answered with more than ${MAX_ANSWER_BYTES} bytes` };
    }
    return { kind: 'answer', status: response.status, contentType: response.headers.get('content-type'), text };
  } catch {
    return timedOut ? { kind: 'timeout' } : { kind: 'unreachable' };
  } finally {
    clearTimeout(timer);
    call.signal?.removeEventListener('abort', stop);
  }
}
