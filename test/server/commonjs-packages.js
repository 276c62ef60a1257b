// A @web/dev-server plugin that serves CommonJS-only packages (React ships no ES modules) to the
// component tests as ES modules. esbuild bundles all of them in one build with code splitting,
// so `react` and `react-dom/client` share one copy of React, as they do in an application.
// React's development build is used: StrictMode's double mount only happens there.
import { build } from 'esbuild';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

const PREFIX = '/__commonjs__/';

/**
 * @param {{ rootDir: string, specifiers: string[] }} options the bare specifiers to serve, e.g.
 *   `['react', 'react-dom/client']`.
 */
export function commonjsPackagesPlugin({ rootDir, specifiers }) {
  const outdir = join(rootDir, PREFIX);
  /** @type {Promise<Map<string, string>> | undefined} */
  let bundle;

  /** The export names of a CommonJS module, read in a child process (loading React in the test
   * runner's own process would run its development code against the runner's console). */
  function exportNames(specifier) {
    const script = `process.stdout.write(JSON.stringify(Object.keys(require(${JSON.stringify(specifier)}))))`;
    const result = spawnSync(process.execPath, ['-e', script], {
      cwd: rootDir,
      encoding: 'utf8',
      env: { ...process.env, NODE_ENV: 'development' },
    });
    if (result.status !== 0) throw new Error(`cannot load ${specifier}: ${result.stderr}`);
    return JSON.parse(result.stdout);
  }

  /** An ES module that re-exports the CommonJS module's own keys by name, plus `default`. */
  function entrySource(specifier) {
    const names = exportNames(specifier).filter((name) => name !== 'default' && /^[A-Za-z_$][\w$]*$/.test(name));
    return [
      `import * as namespace from ${JSON.stringify(specifier)};`,
      'const module = namespace.default ?? namespace;',
      'export default module;',
      `export const { ${names.join(', ')} } = module;`,
    ].join('\n');
  }

  function bundleAll() {
    bundle ??= build({
      absWorkingDir: rootDir,
      entryPoints: specifiers.map((specifier) => ({ in: `entry:${specifier}`, out: specifier })),
      bundle: true,
      splitting: true,
      format: 'esm',
      target: 'es2022',
      outdir,
      write: false,
      logLevel: 'silent',
      define: { 'process.env.NODE_ENV': '"development"' },
      plugins: [
        {
          name: 'commonjs-entries',
          setup(builder) {
            builder.onResolve({ filter: /^entry:/ }, (args) => ({ path: args.path.slice(6), namespace: 'entry' }));
            builder.onLoad({ filter: /.*/, namespace: 'entry' }, (args) => ({
              contents: entrySource(args.path),
              resolveDir: rootDir,
            }));
          },
        },
      ],
    }).then((result) => {
      const files = new Map();
      for (const file of result.outputFiles) {
        files.set(
          PREFIX +
            file.path
              .slice(outdir.length)
              .replace(/^[/\\]/, '')
              .replaceAll('\\', '/'),
          file.text,
        );
      }
      return files;
    });
    return bundle;
  }

  return {
    name: 'commonjs-packages',
    resolveImport({ source }) {
      return specifiers.includes(source) ? `${PREFIX}${source}.js` : undefined;
    },
    async serve(context) {
      if (!context.path.startsWith(PREFIX)) return undefined;
      const body = (await bundleAll()).get(context.path);
      return body === undefined ? undefined : { body, type: 'js' };
    },
  };
}
