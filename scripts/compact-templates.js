// A Vite plugin for the library builds: removes the indentation inside the element's Lit `css`
// and `html` templates (minifiers leave template text alone). Only spaces and tabs inside a line
// go, never a line break, so every line keeps its number and the source maps stay right; what a
// template renders is unchanged (a run of white space in HTML renders as one space, and in CSS
// the removed spaces are the ones around `{ } ; : ,` that carry no meaning).

/** Index just past the template literal whose opening backtick is at `start`; calls `onText` per static part. */
function scanTemplate(code, start, onText) {
  let i = start + 1;
  let textStart = i;
  while (i < code.length) {
    const char = code[i];
    if (char === '\\') {
      i += 2;
    } else if (char === '`') {
      onText(textStart, i);
      return i + 1;
    } else if (char === '$' && code[i + 1] === '{') {
      onText(textStart, i);
      i = scanExpression(code, i + 2, onText);
      textStart = i;
    } else {
      i += 1;
    }
  }
  throw new Error('compact-templates: unterminated template literal');
}

/** Index just past the `}` that closes the `${` expression starting at `start`. */
function scanExpression(code, start, onText) {
  let depth = 0;
  let i = start;
  while (i < code.length) {
    const char = code[i];
    if (char === '`') {
      // A nested template: compact it too when it is tagged `html` or `css`.
      const tagged = /\b(?:html|css)\s*$/.test(code.slice(Math.max(0, i - 8), i));
      i = scanTemplate(code, i, tagged ? onText : () => {});
    } else if (char === '"' || char === "'") {
      i += 1;
      while (i < code.length && code[i] !== char) i += code[i] === '\\' ? 2 : 1;
      i += 1;
    } else if (char === '{') {
      depth += 1;
      i += 1;
    } else if (char === '}') {
      if (depth === 0) return i + 1;
      depth -= 1;
      i += 1;
    } else {
      i += 1;
    }
  }
  throw new Error('compact-templates: unterminated ${ } expression');
}

/** HTML text: indentation after a line break goes (the break itself renders as the one space). */
export function compactHtml(text) {
  return text.replace(/\n[ \t]+/g, '\n');
}

/** CSS text outside quotes: no comments, no indentation, no spaces around `{ } ; : ,`. */
export function compactCss(text) {
  return text
    .replace(/\/\*[^]*?\*\//g, (comment) => comment.replace(/[^\n]/g, ''))
    .split(/('[^'\n]*'|"[^"\n]*")/)
    .map((part, index) =>
      index % 2 === 1
        ? part
        : part
            .replace(/[ \t]+/g, ' ')
            .replace(/ ?([{};,]) ?/g, '$1')
            .replace(/: /g, ':')
            .replace(/^ | $/gm, '')
            .replace(/;(\n*)\}/g, '$1}'),
    )
    .join('');
}

/** Compacted CSS on one line: a break next to `{ } ; ,` goes, any other becomes a space. */
export function joinCssLines(text) {
  return text.replace(/\n+/g, (_breaks, offset) => {
    const before = text[offset - 1] ?? '';
    const after = text[offset + _breaks.length] ?? '';
    return /[{};,]/.test(before) || /[{};,]/.test(after) || before === '' || after === '' ? '' : ' ';
  });
}

/**
 * Rewrites every `css` and `html` tagged template in `code` (skipping comments and strings); returns
 * the code unchanged if there is none. Regular expression literals are not recognised: use it on
 * Lit element files, not on arbitrary code.
 */
export function compactTemplates(code, { keepLines = true } = {}) {
  const edits = [];
  let i = 0;
  while (i < code.length) {
    const char = code[i];
    if (char === '/' && code[i + 1] === '/') {
      i = code.indexOf('\n', i);
      if (i === -1) break;
    } else if (char === '/' && code[i + 1] === '*') {
      i = code.indexOf('*/', i + 2) + 2;
      if (i === 1) break;
    } else if (char === '"' || char === "'") {
      i += 1;
      while (i < code.length && code[i] !== char) i += code[i] === '\\' ? 2 : 1;
      i += 1;
    } else if (char === '`') {
      const tag = /\b(html|css)\s*$/.exec(code.slice(Math.max(0, i - 8), i))?.[1];
      i = scanTemplate(code, i, tag ? (from, to) => edits.push({ from, to, tag }) : () => {});
    } else {
      i += 1;
    }
  }
  if (edits.length === 0) return code;
  let out = '';
  let last = 0;
  for (const { from, to, tag } of edits.sort((a, b) => a.from - b.from)) {
    const text = code.slice(from, to);
    out +=
      code.slice(last, from) +
      (tag === 'css' ? (keepLines ? compactCss(text) : joinCssLines(compactCss(text))) : compactHtml(text));
    last = to;
  }
  const result = out + code.slice(last);
  if (keepLines && result.split('\n').length !== code.split('\n').length) {
    throw new Error('compact-templates: the line count changed; refusing to break the source map');
  }
  return result;
}

/** The Vite plugin: applies `compactTemplates` to the package's own sources. */
/**
 * `keepLines` (the npm build, which ships source maps) keeps every line break so line numbers
 * stay right; the script-tag bundles ship without maps and also put each stylesheet on one line.
 */
export function compactTemplatesPlugin({ keepLines = true } = {}) {
  return {
    name: 'hosted-auth-session:compact-templates',
    enforce: 'pre',
    transform(code, id) {
      if (!/\/src\/[^?]*\.ts$/.test(id) || !/from 'lit'/.test(code)) return null;
      const compacted = compactTemplates(code, { keepLines });
      // With keepLines: same lines, same line numbers, so the file's source map stays valid.
      return compacted === code ? null : { code: compacted, map: null };
    },
  };
}
