// `npm run build`: dist/ and custom-elements.json.
// - ES modules for npm (index, callback, server, react), Lit, @lit/react, zod, React, jose and
//   openid-client left as imports; what src/ loads with `import()` stays a chunk of its own,
//   loaded on demand;
// - the two script-tag bundles, everything inlined and minified: dist/hosted-auth-session.iife.js
//   (defines the element) and dist/callback.iife.js (the callback-page script). An IIFE is one
//   file: there load-parts.eager.ts stands in for load-parts.ts, so the flow's parts are plain
//   modules of the bundle rather than an inlined `import()` (whose lazy wrappers cost ~1 KB gzip);
// - the .d.ts files (`tsc -p tsconfig.build.json`);
// - custom-elements.json (`cem analyze --litelement`, see custom-elements-manifest.config.js);
// - then prints the script-tag bundles' Subresource Integrity (`npm run sri` writes it into README).
import { rmSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { literalsHtmlCssMinifier } from '@literals/rollup-plugin-html-css-minifier';
import { build } from 'vite';
import { reportIntegrity } from './sri.js';

const root = fileURLToPath(new URL('..', import.meta.url));

/** A Vite library build of `lib` into dist/. */
const viteBuild = (lib, options = {}, resolve = {}) =>
  build({
    root,
    configFile: false,
    resolve,
    plugins: [literalsHtmlCssMinifier({ failOnError: true })],
    publicDir: false,
    logLevel: 'warn',
    build: {
      outDir: 'dist',
      emptyOutDir: false,
      copyPublicDir: false,
      target: 'es2022',
      reportCompressedSize: false,
      minify: 'oxc',
      lib,
      ...options,
    },
  });

rmSync(new URL('../dist', import.meta.url), { recursive: true, force: true });

await viteBuild(
  {
    entry: {
      index: 'src/index.ts',
      callback: 'src/callback.ts',
      server: 'src/server/index.ts',
      react: 'src/react.ts',
    },
    formats: ['es'],
    fileName: (_format, name) => `${name}.js`,
  },
  {
    minify: false,
    sourcemap: true,
    rolldownOptions: {
      external: [/^lit(\/|$)/, /^@lit\//, /^zod(\/|$)/, /^react(-dom)?(\/|$)/, /^jose(\/|$)/, /^openid-client(\/|$)/],
    },
  },
);
await viteBuild(
  {
    entry: 'src/index.ts',
    formats: ['iife'],
    name: 'HostedAuthSessionBundle',
    fileName: () => 'hosted-auth-session.iife.js',
  },
  {},
  { alias: [{ find: /^(\.\.?\/)+(flow\/)?load-parts\.js$/, replacement: `${root}src/flow/load-parts.eager.ts` }] },
);
await viteBuild({
  entry: 'src/callback.ts',
  formats: ['iife'],
  name: 'HostedAuthSessionCallback',
  fileName: () => 'callback.iife.js',
});

function run(label, script, args) {
  const result = spawnSync(process.execPath, [fileURLToPath(new URL(script, import.meta.url)), ...args], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe'],
    encoding: 'utf8',
  });
  if (result.status !== 0) {
    process.stderr.write(`build step "${label}" failed\n${result.stdout}${result.stderr}`);
    process.exit(result.status ?? 1);
  }
}

run('types', '../node_modules/typescript/bin/tsc', ['-p', 'tsconfig.build.json']);
run('manifest', '../node_modules/@custom-elements-manifest/analyzer/cem.js', ['analyze', '--litelement']);
// The bundles' sha384 for a pinned CDN script tag, and whether README.md's snippet has them.
reportIntegrity();
