// The README's CDN snippet: pinned to package.json's version, with `crossorigin="anonymous"` and
// the Subresource Integrity of the files `npm run build` just wrote to dist/.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import { BUNDLES, bundleIntegrity, cdnSnippet, cdnUrl, snippetIn, sri } from '../../scripts/sri.js';

const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
const { version } = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8'));
const FIX = 'Run `npm run build && npm run sri` to write the current hashes into README.md.';

/** Every `<script src=… integrity=… crossorigin=…>` tag of the README that loads from a CDN. */
function cdnScripts() {
  return [...readme.matchAll(/<script\s+src="(https:\/\/[^"]+)"([^>]*)>/g)].map(([, src, rest]) => ({
    src,
    integrity: /integrity="([^"]*)"/.exec(rest)?.[1],
    crossorigin: /crossorigin="([^"]*)"/.exec(rest)?.[1],
  }));
}

describe("the README's CDN snippet", () => {
  test('loads both script-tag bundles pinned to this exact version, with crossorigin="anonymous"', () => {
    const scripts = cdnScripts();
    assert.deepEqual(
      scripts.map((script) => script.src),
      BUNDLES.map(({ file }) => cdnUrl(version, file)),
    );
    for (const script of scripts) assert.equal(script.crossorigin, 'anonymous', script.src);
  });

  test('each integrity is the sha384 of the freshly built file, not a placeholder', () => {
    const built = bundleIntegrity();
    for (const { file } of BUNDLES) {
      const script = cdnScripts().find((candidate) => candidate.src.endsWith(`/dist/${file}`));
      assert.match(script?.integrity ?? '', /^sha384-[A-Za-z0-9+/]{64}$/, `${file}: integrity="sha384-…". ${FIX}`);
      assert.equal(script.integrity, built[file], `dist/${file} changed since README.md was written. ${FIX}`);
    }
  });

  test('is exactly what `npm run sri` writes, so updating it is one command', () => {
    assert.equal(snippetIn(readme), cdnSnippet(version, bundleIntegrity()), FIX);
  });
});

describe('sri()', () => {
  test('is the base64 SHA-384 of the bytes, prefixed sha384- (the W3C example)', () => {
    // `echo -n "alert('Hello, world.');" | openssl dgst -sha384 -binary | openssl base64 -A`
    assert.equal(
      sri(Buffer.from("alert('Hello, world.');")),
      'sha384-H8BRh8j48O9oYatfu5AZzq6A9RINhZO5H16dQZngK7T62em8MUt1FLm52t+eX6xO',
    );
  });
});
