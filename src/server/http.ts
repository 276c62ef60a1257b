/** Web-standard response and body helpers shared by the handler and the provider calls. */

/** Headers on every answer the handler makes: never cached, never sniffed. */
const BASE_HEADERS: Readonly<Record<string, string>> = {
  'Cache-Control': 'no-store',
  'X-Content-Type-Options': 'nosniff',
};

/** The handler's own error codes, in the JSON body `{ error, message }`. */
export type HandlerErrorCode =
  | 'method_not_allowed'
  | 'unsupported_media_type'
  | 'body_too_large'
  | 'invalid_json'
  | 'invalid_request'
  | 'redirect_not_allowed'
  | 'server_misconfigured'
  | 'internal_error'
  | 'bad_gateway'
  | 'provider_unreachable'
  | 'provider_timeout'
  // The confirm handler's:
  | 'flow_not_found'
  | 'flow_invalid'
  | 'flow_expired'
  | 'state_mismatch'
  | 'url_mismatch'
  | 'replayed'
  | 'provider_refused'
  | 'invalid_provider_response';

/** A JSON error answer: `{ error, message, ...extra }`, no-store. */
export function errorResponse(
  status: number,
  error: HandlerErrorCode,
  message: string,
  headers: Record<string, string> = {},
  extra: Record<string, string> = {},
): Response {
  return jsonResponse(status, { error, message, ...extra }, headers);
}

/** A JSON answer with the handler's headers. */
export function jsonResponse(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { ...BASE_HEADERS, 'Content-Type': 'application/json; charset=utf-8', ...headers },
  });
}

/** The provider's answer as it came (status, body, content type), with the handler's headers. */
export function passThrough(status: number, contentType: string | null, body: string): Response {
  const hasBody = status !== 204 && status !== 205;
  return new Response(hasBody ? body : null, {
    status,
    headers: { ...BASE_HEADERS, 'Content-Type': contentType ?? 'application/json; charset=utf-8' },
  });
}

/** The response with `Set-Cookie` headers added (copied, so a response with immutable headers works too). */
export function withCookies(response: Response, cookies: readonly string[]): Response {
  if (cookies.length === 0) return response;
  const headers = new Headers(response.headers);
  for (const cookie of cookies) headers.append('Set-Cookie', cookie);
  return new Response(response.body, { status: response.status, statusText: response.statusText, headers });
}

/** Thrown by readText when a body is longer than its limit. */
export class BodyTooLargeError extends Error {
  override name = 'BodyTooLargeError';
}

/**
 * Reads a body stream as UTF-8 text, stopping (and cancelling the stream) as soon as it is
 * longer than `limit` bytes, so an oversized body is never held whole.
 */
export async function readText(body: ReadableStream<Uint8Array> | null, limit: number): Promise<string> {
  if (body === null) return '';
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let size = 0;
  let text = '';
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel().catch(() => undefined);
      throw new BodyTooLargeError(`body longer than ${limit} bytes`);
    }
    text += decoder.decode(value, { stream: true });
  }
  return text + decoder.decode();
}

/** `instanceof Response`, also for a Response from another realm (frameworks, test runners). */
export function isResponse(value: unknown): value is Response {
  if (value instanceof Response) return true;
  if (typeof value !== 'object' || value === null) return false;
  const candidate = value as Partial<Response>;
  return (
    typeof candidate.status === 'number' &&
    typeof candidate.headers === 'object' &&
    typeof candidate.arrayBuffer === 'function'
  );
}
