// The Subresource Integrity of the two script-tag bundles, and the README's CDN snippet pinned to
// this version with them. `npm run build` prints the hashes and whether the README has them;
// `npm run sri` (after a build) writes the snippet into the README, between its two markers.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = new URL('..', import.meta.url);

/** The script-tag bundles, in the order the snippet lists them, with what each is for. */
export const BUNDLES = [
  { file: 'hosted-auth-session.iife.js', comment: 'The element, on the pages with the button:' },
  { file: 'callback.iife.js', comment: 'The callback script, first on the return pages:' },
];

export const SNIPPET_START = '<!-- cdn-snippet: written by `npm run sri` from dist/; do not edit by hand -->';
export const SNIPPET_END = '<!-- /cdn-snippet -->';

/** `sha384-…` of `bytes`, as the `integrity` attribute takes it. */
export function sri(bytes) {
  return `sha384-${createHash('sha384').update(bytes).digest('base64')}`;
}

/** The integrity of each built bundle: `{ file: 'sha384-…' }`. Throws when dist/ is not built. */
export function bundleIntegrity() {
  return Object.fromEntries(
    BUNDLES.map(({ file }) => {
      const path = fileURLToPath(new URL(`dist/${file}`, root));
      if (!existsSync(path)) throw new Error(`dist/${file} is missing: run \`npm run build\` first`);
      return [file, sri(readFileSync(path))];
    }),
  );
}

/** The CDN URL of a bundle of this exact version. */
export function cdnUrl(version, file) {
  return `https://cdn.jsdelivr.net/npm/hosted-auth-session@${version}/dist/${file}`;
}

/** The README's snippet, markers included, for `version` and `integrity` (from bundleIntegrity). */
export function cdnSnippet(version, integrity) {
  const tags = BUNDLES.map(({ file, comment }) =>
    [
      `<!-- ${comment} -->`,
      `<script src="${cdnUrl(version, file)}"`,
      `  integrity="${integrity[file]}"`,
      '  crossorigin="anonymous"></script>',
    ].join('\n'),
  );
  return [SNIPPET_START, '', '```html', tags.join('\n\n'), '```', '', SNIPPET_END].join('\n');
}

/** The snippet currently in `readme`, markers included, or undefined when a marker is missing. */
export function snippetIn(readme) {
  const start = readme.indexOf(SNIPPET_START);
  const end = readme.indexOf(SNIPPET_END, start);
  return start === -1 || end === -1 ? undefined : readme.slice(start, end + SNIPPET_END.length);
}

const readmePath = fileURLToPath(new URL('README.md', root));
const version = () => JSON.parse(readFileSync(new URL('package.json', root), 'utf8')).version;

/** Prints each bundle's integrity and whether the README's snippet carries it; used by the build. */
export function reportIntegrity(out = process.stdout) {
  const integrity = bundleIntegrity();
  const lines = BUNDLES.map(({ file }) => `  dist/${file.padEnd(28)} ${integrity[file]}`);
  const upToDate = snippetIn(readFileSync(readmePath, 'utf8')) === cdnSnippet(version(), integrity);
  out.write(
    `Subresource Integrity (sha384) of the script-tag bundles:\n${lines.join('\n')}\n` +
      (upToDate
        ? "README's CDN snippet carries them.\n"
        : "README's CDN snippet does not carry them yet: run `npm run sri` to write them into it.\n"),
  );
}

/** Writes the snippet for the built bundles into the README; returns whether it changed. */
export function writeReadmeSnippet() {
  const readme = readFileSync(readmePath, 'utf8');
  const current = snippetIn(readme);
  if (current === undefined) throw new Error(`README.md has no "${SNIPPET_START}" … "${SNIPPET_END}" block`);
  const next = cdnSnippet(version(), bundleIntegrity());
  if (current === next) return false;
  writeFileSync(readmePath, readme.replace(current, next));
  return true;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  if (process.argv.includes('--write')) {
    const changed = writeReadmeSnippet();
    process.stdout.write(changed ? "README's CDN snippet updated.\n" : "README's CDN snippet was up to date.\n");
  } else {
    reportIntegrity();
  }
}
