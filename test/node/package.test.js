// What `npm publish` would ship (`npm pack --dry-run --json`): only the built files, the manifest
// and the documents, and every file package.json points at is among them. And `npm pack` from a
// clean copy of the tree (no dist/) builds first and ships the code.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../', import.meta.url));
const pkg = JSON.parse(readFileSync(`${root}package.json`, 'utf8'));

function packList() {
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const result = spawnSync(npm, ['pack', '--dry-run', '--json', '--ignore-scripts'], {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, npm_config_loglevel: 'error' },
  });
  assert.equal(result.status, 0, `npm pack --dry-run failed: ${result.stderr}`);
  const [packed] = JSON.parse(result.stdout);
  return new Set(packed.files.map((file) => file.path));
}

/** Every file path package.json points at: exports (all conditions), main, module, types, … */
function pointedAt() {
  const targets = [];
  const walk = (value) => {
    if (typeof value === 'string') targets.push(value);
    else if (value && typeof value === 'object') Object.values(value).forEach(walk);
  };
  walk(pkg.exports);
  for (const field of ['main', 'module', 'types', 'unpkg', 'jsdelivr', 'customElements']) {
    assert.equal(typeof pkg[field], 'string', `package.json has "${field}"`);
    targets.push(pkg[field]);
  }
  return [...new Set(targets.map((target) => target.replace(/^\.\//, '')))];
}

describe('the npm package', () => {
  const files = packList();

  test('ships only dist/, custom-elements.json, README.md, LICENSE, CHANGELOG.md, SECURITY.md and package.json', () => {
    const allowed = new Set([
      'package.json',
      'custom-elements.json',
      'README.md',
      'LICENSE',
      'CHANGELOG.md',
      'SECURITY.md',
    ]);
    const strays = [...files].filter((path) => !allowed.has(path) && !path.startsWith('dist/'));
    assert.deepEqual(strays, []);
    for (const path of allowed) assert.ok(files.has(path), `${path} is shipped`);
  });

  test('every exports target, main, module, types, unpkg, jsdelivr and customElements exists and ships', () => {
    for (const target of pointedAt()) {
      assert.ok(existsSync(`${root}${target}`), `${target} exists (after npm run build)`);
      assert.ok(files.has(target), `${target} is in the package`);
    }
  });

  test('exports: ".", "./callback", "./server", "./react", with types first', () => {
    for (const entry of ['.', './callback', './server', './react']) {
      const conditions = Object.keys(pkg.exports[entry]);
      assert.equal(conditions[0], 'types', `${entry}: "types" comes first`);
      assert.ok(conditions.includes('default'), `${entry} has a default`);
    }
  });

  test('every sideEffects pattern matches a shipped file (the files that define the element)', () => {
    for (const pattern of pkg.sideEffects) {
      const regex = new RegExp(`^${pattern.replace(/^\.\//, '').replaceAll('.', '\\.').replaceAll('*', '[^/]*')}$`);
      assert.ok(
        [...files].some((path) => regex.test(path)),
        `${pattern} matches a shipped file`,
      );
    }
  });

  test('React and @lit/react are optional peers, not dependencies (the tests get them as devDependencies)', () => {
    for (const name of ['react', '@lit/react']) {
      assert.ok(pkg.peerDependencies[name], `${name} is a peer`);
      assert.equal(pkg.peerDependenciesMeta[name]?.optional, true, `${name} is optional`);
      assert.ok(pkg.devDependencies[name], `${name} is a devDependency`);
    }
    // jose seals the server helper's flow cookie; no browser entry imports it.
    assert.deepEqual(Object.keys(pkg.dependencies).sort(), ['jose', 'lit', 'zod']);
  });

  test('every shipped source map carries the sources it names (src/ itself is not shipped)', () => {
    const maps = [...files].filter((path) => path.endsWith('.map'));
    assert.ok(maps.length > 0, 'the ES build ships source maps');
    for (const path of maps) {
      const map = JSON.parse(readFileSync(`${root}${path}`, 'utf8'));
      assert.equal(map.sourcesContent?.length, map.sources.length, `${path} has sourcesContent`);
      assert.ok(
        map.sourcesContent.every((content) => typeof content === 'string' && content.length > 0),
        `${path}: every source's content is inlined`,
      );
    }
  });

  test('openid-client is an optional peer (only the oidc preset loads it); jose, which seals the flow cookie, a dependency', () => {
    assert.ok(pkg.peerDependencies['openid-client']);
    assert.equal(pkg.peerDependenciesMeta['openid-client'].optional, true);
    assert.equal(pkg.dependencies['openid-client'], undefined);
    assert.ok(pkg.devDependencies['openid-client'], 'installed for the tests');
    assert.ok(pkg.dependencies.jose);
  });

  test('LICENSE is the MIT license of the hosted-auth-session contributors', () => {
    const license = readFileSync(`${root}LICENSE`, 'utf8');
    assert.equal(pkg.license, 'MIT');
    assert.match(license, /^MIT License\n\nCopyright \(c\) \d{4} hosted-auth-session contributors\n/);
    assert.match(license, /THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND/);
  });

  test("CHANGELOG.md has an entry for package.json's version", () => {
    const changelog = readFileSync(`${root}CHANGELOG.md`, 'utf8');
    assert.match(changelog, new RegExp(`^## \\[${pkg.version.replaceAll('.', '\\.')}\\]`, 'm'));
  });
});

describe('npm pack from a clean checkout', () => {
  test('builds first (prepack) and ships both script-tag bundles, the ES entries, the types and the manifest — nothing else', () => {
    const dir = mkdtempSync(join(tmpdir(), 'has-pack-'));
    try {
      // The tracked files as a fresh clone has them: no dist/, no custom-elements.json.
      const tracked = spawnSync('git', ['ls-files', '-z'], { cwd: root, encoding: 'utf8' });
      assert.equal(tracked.status, 0, tracked.stderr);
      for (const path of tracked.stdout.split('\0').filter(Boolean)) {
        if (existsSync(`${root}${path}`)) cpSync(`${root}${path}`, join(dir, path));
      }
      symlinkSync(`${root}node_modules`, join(dir, 'node_modules'), 'dir');
      assert.equal(existsSync(join(dir, 'dist')), false);
      const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
      const result = spawnSync(npm, ['pack', '--json', '--pack-destination', dir], {
        cwd: dir,
        encoding: 'utf8',
        env: { ...process.env, npm_config_loglevel: 'error' },
      });
      assert.equal(result.status, 0, `npm pack failed: ${result.stderr}`);
      const json = result.stdout.slice(result.stdout.indexOf('['));
      const files = JSON.parse(json)[0].files.map((file) => file.path);
      const expected = [
        'dist/hosted-auth-session.iife.js',
        'dist/callback.iife.js',
        'dist/index.js',
        'dist/callback.js',
        'dist/server.js',
        'dist/react.js',
        'dist/index.d.ts',
        'dist/callback.d.ts',
        'dist/server/index.d.ts',
        'dist/react.d.ts',
        'custom-elements.json',
      ];
      for (const path of expected) assert.ok(files.includes(path), `${path} is in the tarball`);
      const allowed =
        /^(dist\/.+\.(js|d\.ts|js\.map)|custom-elements\.json|package\.json|README\.md|LICENSE|CHANGELOG\.md|SECURITY\.md)$/;
      assert.deepEqual(
        files.filter((path) => !allowed.test(path)),
        [],
      );
      assert.equal(
        files.some((path) => path.endsWith('.d.ts.map')),
        false,
        'no declaration maps that point at sources the package does not ship',
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

/**
 * Imports each entry of the package in a project whose node_modules has the package (dist/
 * copied, so it resolves from there), its dependencies lit and zod, and `peers`. Returns
 * `{ entry: 'ok' | 'CODE: message' }`.
 */
function importEntriesWith(peers) {
  const dir = mkdtempSync(join(tmpdir(), 'has-peers-'));
  try {
    const installed = join(dir, 'node_modules', 'hosted-auth-session');
    mkdirSync(join(dir, 'node_modules', '@lit'), { recursive: true });
    mkdirSync(installed);
    cpSync(`${root}package.json`, join(installed, 'package.json'));
    cpSync(`${root}dist`, join(installed, 'dist'), { recursive: true });
    for (const name of [...Object.keys(pkg.dependencies), ...peers]) {
      symlinkSync(`${root}node_modules/${name}`, join(dir, 'node_modules', name), 'dir');
    }
    const script = `
      const results = {};
      for (const entry of ['.', './callback', './server', './react']) {
        try {
          await import(entry.replace('.', 'hosted-auth-session'));
          results[entry] = 'ok';
        } catch (error) {
          results[entry] = error.code + ': ' + error.message;
        }
      }
      process.stdout.write(JSON.stringify(results));`;
    const result = spawnSync(process.execPath, ['--input-type=module', '-e', script], { cwd: dir, encoding: 'utf8' });
    assert.equal(result.status, 0, result.stderr);
    return JSON.parse(result.stdout);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('installed without the optional React peers', () => {
  test('without react and @lit/react: the element, callback and server entries import; the React entry names react', () => {
    const { './react': react, ...others } = importEntriesWith([]);
    assert.deepEqual(others, { '.': 'ok', './callback': 'ok', './server': 'ok' });
    assert.match(react, /^ERR_MODULE_NOT_FOUND: Cannot find package 'react' imported from /);
  });

  test('with react but without @lit/react: the React entry names @lit/react', () => {
    assert.match(
      importEntriesWith(['react'])['./react'],
      /^ERR_MODULE_NOT_FOUND: Cannot find package '@lit\/react' imported from /,
    );
  });

  test('with react and @lit/react: the React entry imports', () => {
    assert.equal(importEntriesWith(['react', '@lit/react'])['./react'], 'ok');
  });
});
