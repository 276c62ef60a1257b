/**
 * Reads a JSON body that may itself be a JSON string holding JSON, as the UltrapassId documents
 * show (`"{\"getSessionUrl\":\"…\"}"`). Returns `undefined` when the text is not JSON at all.
 */
export function decodeJsonBody(text: string): { value: unknown } | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof value === 'string') {
    const inner = value.trim();
    if (inner.startsWith('{') || inner.startsWith('[')) {
      try {
        value = JSON.parse(inner);
      } catch {
        // A string that merely looks like JSON stays a string.
      }
    }
  }
  return { value };
}
