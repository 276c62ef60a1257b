// Builds dist/: ES modules + .d.ts for npm, then the two script-tag bundles (SPEC §10), then
// custom-elements.json.
import { rmSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const vite = fileURLToPath(new URL('../node_modules/vite/bin/vite.js', import.meta.url));
const tsc = fileURLToPath(new URL('../node_modules/typescript/bin/tsc', import.meta.url));
const cem = fileURLToPath(new URL('../node_modules/@custom-elements-manifest/analyzer/cem.js', import.meta.url));

function run(label, command, args, env = {}) {
  const result = spawnSync(process.execPath, [command, ...args], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, ...env },
    encoding: 'utf8',
  });
  if (result.status !== 0) {
    process.stderr.write(`build step "${label}" failed\n${result.stdout}${result.stderr}`);
    process.exit(result.status ?? 1);
  }
}

rmSync(new URL('../dist', import.meta.url), { recursive: true, force: true });
for (const target of ['es', 'element', 'callback']) {
  run(`vite ${target}`, vite, ['build', '--logLevel', 'warn'], { HAS_BUILD_TARGET: target });
}
run('types', tsc, ['-p', 'tsconfig.build.json']);
// custom-elements.json (custom-elements-manifest.config.js says what it covers).
run('manifest', cem, ['analyze', '--litelement']);
