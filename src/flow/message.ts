import { COMPLETE_MESSAGE } from '../protocol.js';
import * as z from '../zod.js';

/** URLs longer than this are not ones a callback page reports; the message is ignored. */
export const MAX_URL_LENGTH = 8192;

const messageSchema = z.object({
  type: z.literal(COMPLETE_MESSAGE),
  url: z.string().check(z.minLength(1), z.maxLength(MAX_URL_LENGTH)),
});

/** The URL a completion message reports, or `undefined` for anything else. Never throws. */
export function readCompleteMessage(data: unknown): string | undefined {
  const result = messageSchema.safeParse(data);
  return result.success ? result.data.url : undefined;
}
