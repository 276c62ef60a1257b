import { defineConfig, type UserConfig } from 'vite';

/**
 * Three library builds (see scripts/build.js, which runs them in turn):
 * - `es`: ES modules for npm, Lit and zod left as imports, one file per entry;
 * - `element`: dist/hosted-auth-session.iife.js, everything inlined, defines the element;
 * - `callback`: dist/callback.iife.js, the callback-page script.
 */
type Target = 'es' | 'element' | 'callback';

const target = (process.env['HAS_BUILD_TARGET'] ?? 'es') as Target;

const shared: UserConfig = {
  publicDir: false,
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
      entry: { index: 'src/index.ts', callback: 'src/callback.ts', server: 'src/server/index.ts' },
      formats: ['es'],
      fileName: (_format, name) => `${name}.js`,
    },
    minify: false,
    rollupOptions: { external: [/^lit(\/|$)/, /^@lit\//, /^zod(\/|$)/] },
  },
  element: {
    lib: {
      entry: 'src/index.ts',
      formats: ['iife'],
      name: 'HostedAuthSessionBundle',
      fileName: () => 'hosted-auth-session.iife.js',
    },
    minify: 'oxc',
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

export default defineConfig({
  ...shared,
  build: { ...shared.build, ...builds[target] },
});
