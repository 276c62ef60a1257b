import { COMPLETE_MESSAGE } from '../protocol.js';
import { isRecord } from '../session/is-record.js';

export { CHANNEL_NAME, COMPLETE_MESSAGE } from '../protocol.js';

/** URLs longer than this are not ones a callback page reports; the message is ignored. */
export const MAX_URL_LENGTH = 8192;

/**
 * The URL a completion message reports, or `undefined` for anything else. Never throws. (Two
 * fields checked by hand: the message is structured-cloned data, not a provider's answer, and
 * zod's literal and length checks would cost the script-tag bundle about 0.5 KB gzip.)
 */
export function readCompleteMessage(data: unknown): string | undefined {
  const { type, url } = isRecord(data) ? data : {};
  return type === COMPLETE_MESSAGE && typeof url === 'string' && url !== '' && url.length <= MAX_URL_LENGTH
    ? url
    : undefined;
}
