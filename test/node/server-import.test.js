// hosted-auth-session/server loads in plain Node and pulls in nothing from the browser side.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { test } from 'node:test';

const dist = new URL('../../dist/', import.meta.url);

test('importing dist/server.js in Node throws nothing', async () => {
  const module = await import('../../dist/server.js');
  for (const name of ['createSessionHandler', 'toNodeListener', 'getSession', 'ProviderRequestError']) {
    assert.equal(typeof module[name], 'function', name);
  }
});

test('the package export hosted-auth-session/server is that file, with its types', async () => {
  const byName = await import('hosted-auth-session/server');
  const byPath = await import('../../dist/server.js');
  assert.equal(byName.createSessionHandler, byPath.createSessionHandler);
  assert.ok(existsSync(new URL('server/index.d.ts', dist)));
});

test('dist/server.js and its chunks import only zod, jose and each other (no Lit, no DOM code); openid-client only on demand', () => {
  const pending = ['server.js'];
  const visited = new Set();
  while (pending.length > 0) {
    const file = pending.pop();
    if (visited.has(file)) continue;
    visited.add(file);
    const source = readFileSync(new URL(file, dist), 'utf8');
    for (const [, specifier] of source.matchAll(/^import\s[^'"]*["']([^'"]+)["']/gm)) {
      if (specifier.startsWith('./')) pending.push(specifier.slice(2));
      else assert.ok(['zod', 'jose'].includes(specifier), `${file} imports ${specifier}`);
    }
    for (const [, specifier] of source.matchAll(/\bimport\(\s*["']([^'"]+)["']\s*\)/g)) {
      if (!specifier.startsWith('./')) assert.equal(specifier, 'openid-client', `${file} loads ${specifier}`);
    }
    assert.doesNotMatch(source, /\b(document|window|customElements|HTMLElement)\b/, `${file} uses the DOM`);
  }
});
