/** Keeping the provider credential out of what the server helper passes on. */

const REDACTED = '[redacted]';

/**
 * Removes `secret` from `text` in every form a client would decode back to it. JSON is compared
 * on its decoded strings and keys (also JSON held in a string) and re-serialised when anything
 * holds the secret; any other text, and each decoded string, is searched for the secret with
 * each character as itself, percent-encoded, `+` for a space, or JSON-escaped.
 */
export function redact(text: string, secret: string | undefined): string {
  return secret === undefined || secret === '' ? text : redactText(text, encodedForms(secret));
}

function redactText(text: string, pattern: RegExp): string {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return text.replace(pattern, REDACTED);
  }
  if (typeof value !== 'object' && typeof value !== 'string') return text.replace(pattern, REDACTED);
  try {
    const before = JSON.stringify(value);
    const after = JSON.stringify(redactValue(value, pattern));
    // The provider's own bytes when neither the decoded value nor the text holds the secret.
    return after === before && text.search(pattern) === -1 ? text : after;
  } catch {
    // Nested too deeply to walk (RangeError): the text search still finds escaped forms.
    return text.replace(pattern, REDACTED);
  }
}

function redactValue(value: unknown, pattern: RegExp): unknown {
  if (typeof value === 'string') return redactText(value, pattern);
  if (Array.isArray(value)) return value.map((item) => redactValue(item, pattern));
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(
      Object.entries(value).map(([key, item]) => [redactText(key, pattern), redactValue(item, pattern)]),
    );
  }
  return String(value).search(pattern) === -1 ? value : REDACTED;
}

/**
 * A pattern for `secret` with each character as itself, percent-encoded (hex in either case),
 * `+` for a space, or as a JSON escape behind any number of backslashes (JSON in a JSON string).
 */
function encodedForms(secret: string): RegExp {
  const anyCase = (hex: string) => hex.replace(/[a-f]/g, (digit) => `[${digit}${digit.toUpperCase()}]`);
  const hex = (code: number, width: number) => anyCase(code.toString(16).padStart(width, '0'));
  let source = '';
  for (const char of secret) {
    const forms = [char.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')];
    forms.push([...new TextEncoder().encode(char)].map((byte) => `%${hex(byte, 2)}`).join(''));
    if (char === ' ') forms.push('\\+');
    const units = Array.from({ length: char.length }, (_, i) => `\\\\+u${hex(char.charCodeAt(i), 4)}`);
    forms.push(units.join(''));
    const short = JSON_SHORT_ESCAPES[char];
    if (short !== undefined) forms.push(`\\\\+${short}`);
    source += `(?:${forms.join('|')})`;
  }
  return new RegExp(source, 'g');
}

/** JSON's two-character escapes (`\/` is PHP's default for `/`), as regular-expression source. */
const JSON_SHORT_ESCAPES: Readonly<Record<string, string>> = {
  '"': '"',
  '\\': '\\\\',
  '/': '\\/',
  '\b': 'b',
  '\f': 'f',
  '\n': 'n',
  '\r': 'r',
  '\t': 't',
};
