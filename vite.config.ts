import { defineConfig, type UserConfig } from 'vite';
import { compactTemplatesPlugin } from './scripts/compact-templates.js';
import { privateNameMap } from './scripts/private-names.js';
import { staticImportsPlugin } from './scripts/static-imports.js';

/**
 * Three library builds (see scripts/build.js, which runs them in turn):
 * - `es`: ES modules for npm, Lit, @lit/react, zod and React left as imports, one file per entry
 *   (`index`, `callback`, `server`, `react`);
 * - `element`: dist/hosted-auth-session.iife.js, everything inlined, defines the element;
 * - `callback`: dist/callback.iife.js, the callback-page script.
 */
type Target = 'es' | 'element' | 'callback';

const target = (process.env['HAS_BUILD_TARGET'] ?? 'es') as Target;

const shared: UserConfig = {
  publicDir: false,
  // The element's css`` and html`` templates without their indentation (minifiers keep it).
  // The script-tag bundles import statically what the npm build loads on demand.
  plugins:
    target === 'es'
      ? [compactTemplatesPlugin()]
      : [compactTemplatesPlugin({ keepLines: false }), staticImportsPlugin()],
  build: {
    outDir: 'dist',
    emptyOutDir: false,
    copyPublicDir: false,
    target: 'es2022',
    sourcemap: target === 'es',
    reportCompressedSize: false,
  },
};

const builds: Record<Target, UserConfig['build']> = {
  es: {
    lib: {
      entry: {
        index: 'src/index.ts',
        callback: 'src/callback.ts',
        server: 'src/server/index.ts',
        react: 'src/react.ts',
      },
      formats: ['es'],
      fileName: (_format, name) => `${name}.js`,
    },
    minify: false,
    rollupOptions: { external: [/^lit(\/|$)/, /^@lit\//, /^zod(\/|$)/, /^react(-dom)?(\/|$)/] },
  },
  element: {
    lib: {
      entry: 'src/index.ts',
      formats: ['iife'],
      name: 'HostedAuthSessionBundle',
      fileName: () => 'hosted-auth-session.iife.js',
    },
    minify: 'oxc',
    // The element's and the flow's private members get short `$` names in this bundle only:
    // scripts/private-names.js lists those used for nothing else (no DOM or Lit name starts with `$`).
    rolldownOptions: target === 'element' ? { output: { minify: privateMangling() } } : {},
  },
  callback: {
    lib: {
      entry: 'src/callback.ts',
      formats: ['iife'],
      name: 'HostedAuthSessionCallback',
      fileName: () => 'callback.iife.js',
    },
    minify: 'oxc',
  },
};

function privateMangling() {
  const names = privateNameMap();
  return {
    compress: true,
    mangle: true,
    mangleProps: { include: new RegExp(`^(?:${Object.keys(names).join('|')})$`), cache: names },
  };
}

export default defineConfig({
  ...shared,
  build: { ...shared.build, ...builds[target] },
});
