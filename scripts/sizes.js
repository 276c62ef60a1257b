// Measures what a user downloads: the two script-tag bundles as built, and the npm ES entry with
// Lit and zod left external, minified with esbuild first (so it compares with other packages'
// published min+gzip figures). Used by `npm run test:budgets` and `npm run bench`.
import { readFileSync } from 'node:fs';
import { basename, dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { build } from 'esbuild';

const dist = (name) => fileURLToPath(new URL(`../dist/${name}`, import.meta.url));

/**
 * The size budgets, in bytes of gzip -9: ceilings, not targets. They were 22,528 B (script tag)
 * and 6,656 B (npm entry) until features took room: server confirmation (`confirm-endpoint`,
 * ≈380 B), the dialog's visible title (≈90 B), the full-screen dialog on phones (≈100 B), the
 * mark that lets the callback page close only the flow's own popup (≈30 B), the dialog's
 * styles made ready on intent (≈50 B), and the flow's parts loaded once the button is seen on an
 * idle page (≈120 B, npm entry 6,912 → 7,168 B). Features, not looser code.
 */
export const BUDGETS = {
  'hosted-auth-session.iife.js': 23_552,
  'callback.iife.js': 1_024,
  'index.js (npm, min)': 7_168,
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

const EXTERNAL = ['lit', 'lit/*', '@lit/*', 'lit-html', 'lit-html/*', 'lit-element', 'lit-element/*', 'zod', 'zod/*'];

/**
 * dist/index.js minified with esbuild, Lit and zod left as imports, measured the way a bundler
 * splits it: `entry` is what a page loads with the element (dist/index.js and everything it
 * imports statically, in one file); `lazy` is each module loaded on demand by `import()` (an
 * answer reader, a provider's adapter, the redirect store, the prefetcher), with what it adds to
 * the entry; `all` is everything in one file, as if nothing were loaded on demand.
 */
export async function minifiedEsBuild() {
  const common = {
    bundle: true,
    minify: true,
    format: 'esm',
    target: 'es2022',
    write: false,
    logLevel: 'silent',
    legalComments: 'none',
    metafile: true,
  };
  const all = (await build({ ...common, entryPoints: [dist('index.js')], external: EXTERNAL })).outputFiles[0].contents;
  const lazyTargets = new Set();
  /** Leaves dynamic imports (noting their targets) and, optionally, some already loaded files out. */
  const leaveOut = (loaded = new Set()) => ({
    name: 'leave-out',
    setup(builder) {
      builder.onResolve({ filter: /^\./ }, ({ path, importer, kind }) => {
        const target = resolve(dirname(importer), path);
        if (kind === 'dynamic-import') {
          lazyTargets.add(target);
          return { path, external: true };
        }
        return loaded.has(target) ? { path, external: true } : undefined;
      });
    },
  });
  const entryBuild = await build({
    ...common,
    entryPoints: [dist('index.js')],
    external: EXTERNAL,
    plugins: [leaveOut()],
  });
  const loaded = new Set(Object.keys(entryBuild.metafile.inputs).map((path) => resolve(path)));
  const lazy = [];
  const measured = new Set();
  while (lazyTargets.size > measured.size) {
    for (const target of [...lazyTargets]) {
      if (measured.has(target)) continue;
      measured.add(target);
      const result = await build({ ...common, entryPoints: [target], external: EXTERNAL, plugins: [leaveOut(loaded)] });
      const name = basename(target)
        .replace(/-[A-Za-z0-9_-]{8}\.js$/, '')
        .replace(/\.js$/, '');
      lazy.push({ name, bytes: result.outputFiles[0].contents });
    }
  }
  return { entry: entryBuild.outputFiles[0].contents, lazy, all };
}

/**
 * Every measured file: `{ name, raw, gzip, brotli, budget }`, read from dist/ (build it first).
 * The npm figures: the entry (what a page with the element loads; budgeted), each chunk loaded
 * on demand, and all of it in one file (not budgeted: for comparison).
 */
export async function measureSizes() {
  const es = await minifiedEsBuild();
  const files = [
    ['hosted-auth-session.iife.js', compressedSizes(readFileSync(dist('hosted-auth-session.iife.js')))],
    ['callback.iife.js', compressedSizes(readFileSync(dist('callback.iife.js')))],
    ['index.js (npm, min)', compressedSizes(es.entry)],
    ...es.lazy
      .sort((a, b) => a.name.localeCompare(b.name))
      .map(({ name, bytes }) => [`  + on demand: ${name}`, compressedSizes(bytes)]),
    ['  npm, all in one file', compressedSizes(es.all)],
  ];
  return files.map(([name, sizes]) => ({ name, ...sizes, budget: BUDGETS[name] }));
}
