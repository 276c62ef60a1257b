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
  | 'provider_timeout';

/** A JSON error answer: `{ error, message }`, no-store. */
export function errorResponse(
  status: number,
  error: HandlerErrorCode,
  message: string,
  headers: Record<string, string> = {},
): Response {
  return new Response(JSON.stringify({ error, message }), {
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
