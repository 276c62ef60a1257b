// `npm run bench -- --analyze` (or `node bench/analyze.js`): what each kilobyte of the script-tag
// bundle is. Bundles src/index.ts the way the IIFE is bundled (everything inlined), minified by
// esbuild, and attributes bytes to each source module: minified bytes from esbuild's metafile,
// and gzip bytes as "how much smaller the gzip gets without this module's code". The attribution
// is of an esbuild build, a close stand-in for dist/ (which Vite builds and oxc minifies).
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build, transform } from 'esbuild';

const root = fileURLToPath(new URL('..', import.meta.url));

/** Which group a bundled file belongs to: `lit`, `zod`, or the source file itself. */
function groupOf(path) {
  if (/node_modules\/(lit|lit-html|lit-element|@lit)\//.test(path)) return 'Lit';
  if (/node_modules\/zod\//.test(path)) return 'zod/mini';
  return path;
}

export async function analyzeBundle() {
  const common = {
    absWorkingDir: root,
    entryPoints: ['src/index.ts'],
    bundle: true,
    format: 'iife',
    target: 'es2022',
    write: false,
    legalComments: 'none',
    logLevel: 'silent',
  };
  // Minified: the real raw bytes per module.
  const minified = await build({ ...common, minify: true, metafile: true });
  const inputs = Object.values(minified.metafile.outputs)[0].inputs;
  // Minified but for white space, so esbuild keeps a `// path` line before each module's code:
  // cut one module out at a time, minify the white space too, and see how much the gzip shrinks.
  const readable = await build({ ...common, minifySyntax: true, minifyIdentifiers: true });
  const code = readable.outputFiles[0].text;
  // The IIFE's own opening and closing stay put; the modules in between are cut out one by one.
  const open = code.indexOf('(() => {') + '(() => {'.length;
  const close = code.lastIndexOf('})();');
  const [head, tail] = [code.slice(0, open), code.slice(close)];
  const parts = code.slice(open, close).split(/^(?=\s*\/\/ (?:\S*\/)?(?:src|node_modules)\/)/m);
  const gzip = (text) => gzipSync(text, { level: 9 }).length;
  const squeeze = async (text) => (await transform(text, { minifyWhitespace: true, logLevel: 'silent' })).code;
  const total = gzip(await squeeze(code));
  const groups = new Map();
  const add = (group, key, value) => {
    const entry = groups.get(group) ?? { group, minified: 0, gzip: 0 };
    entry[key] += value;
    groups.set(group, entry);
  };
  for (const [path, { bytesInOutput }] of Object.entries(inputs)) add(groupOf(path), 'minified', bytesInOutput);
  for (const [index, part] of parts.entries()) {
    const path = /\/\/ (\S*)/.exec(part)?.[1];
    if (!path) continue;
    const without = head + parts.slice(0, index).join('') + parts.slice(index + 1).join('') + tail;
    add(groupOf(path), 'gzip', total - gzip(await squeeze(without)));
  }
  const rows = [...groups.values()].filter((row) => row.minified > 0).sort((a, b) => b.gzip - a.gzip);
  const ours = rows.filter((row) => row.group.startsWith('src/'));
  return {
    bundleMinified: minified.outputFiles[0].contents.length,
    bundleGzip: gzip(minified.outputFiles[0].contents),
    rows,
    ours: {
      minified: ours.reduce((sum, row) => sum + row.minified, 0),
      gzip: ours.reduce((sum, row) => sum + row.gzip, 0),
    },
  };
}

export function formatAnalysis(analysis) {
  const lines = [
    `What the script-tag bundle is made of (esbuild build: ${analysis.bundleMinified} B minified, ${analysis.bundleGzip} B gzip):`,
    '',
    `${'module'.padEnd(38)}${'minified'.padStart(9)}${'gzip*'.padStart(8)}`,
  ];
  for (const row of analysis.rows) {
    lines.push(`${row.group.padEnd(38)}${String(row.minified).padStart(9)}${String(row.gzip).padStart(8)}`);
  }
  lines.push(
    `${'(all of src/)'.padEnd(38)}${String(analysis.ours.minified).padStart(9)}${String(analysis.ours.gzip).padStart(8)}`,
  );
  lines.push('');
  lines.push(
    '* gzip: how many bytes the gzip of the whole bundle loses without that module (they do not add up exactly).',
  );
  return lines.join('\n');
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  process.stdout.write(`${formatAnalysis(await analyzeBundle())}\n`);
}
