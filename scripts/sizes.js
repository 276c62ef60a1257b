// Measures what a user downloads: the two script-tag bundles as built, and the npm ES entry with
// Lit and zod left external, minified with esbuild first (so it compares with other packages'
// published min+gzip figures). Used by `npm run test:budgets` and `npm run bench`.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { build } from 'esbuild';

const dist = (name) => fileURLToPath(new URL(`../dist/${name}`, import.meta.url));

/** The size budgets of issue #7, in bytes of gzip -9. */
export const BUDGETS = {
  'hosted-auth-session.iife.js': 16_384,
  'callback.iife.js': 1_024,
  'index.js (npm, min)': 6_144,
};

/** gzip at level 9 and brotli at quality 11 (what CDNs serve), in bytes. */
export function compressedSizes(bytes) {
  return {
    raw: bytes.length,
    gzip: gzipSync(bytes, { level: 9 }).length,
    brotli: brotliCompressSync(bytes, {
      params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: bytes.length },
    }).length,
  };
}

/** dist/index.js and the chunks it imports, minified into one file; Lit and zod stay imports. */
export async function minifiedEsEntry() {
  const result = await build({
    entryPoints: [dist('index.js')],
    bundle: true,
    minify: true,
    format: 'esm',
    target: 'es2022',
    write: false,
    logLevel: 'silent',
    legalComments: 'none',
    external: ['lit', 'lit/*', '@lit/*', 'lit-html', 'lit-html/*', 'lit-element', 'lit-element/*', 'zod', 'zod/*'],
  });
  return result.outputFiles[0].contents;
}

/** Every measured file: `{ name, raw, gzip, brotli, budget }`, read from dist/ (build it first). */
export async function measureSizes() {
  const files = [
    ['hosted-auth-session.iife.js', readFileSync(dist('hosted-auth-session.iife.js'))],
    ['callback.iife.js', readFileSync(dist('callback.iife.js'))],
    ['index.js (npm, min)', await minifiedEsEntry()],
  ];
  return files.map(([name, bytes]) => ({ name, ...compressedSizes(bytes), budget: BUDGETS[name] }));
}
