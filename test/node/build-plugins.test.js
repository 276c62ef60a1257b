// The build's own source transforms: what they change, and what they must leave alone.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { compactTemplates, joinCssLines } from '../../scripts/compact-templates.js';
import { exportNames, staticImports } from '../../scripts/static-imports.js';

test('exportNames lists value exports, not types', () => {
  const source = [
    'export const a = 1;',
    'export async function b() {}',
    'export class C {}',
    'export interface D {}',
    'export type E = string;',
    "export { f, g as h, type I } from './x.js';",
  ].join('\n');
  assert.deepEqual(exportNames(source).sort(), ['C', 'a', 'b', 'f', 'h']);
});

test('staticImports: each import() becomes the used exports of a static import', () => {
  const sources = { './x.js': 'export const used = 1;\nexport function unused() {}\nexport const alsoUsed = 2;' };
  const code = "const { used } = await import('./x.js');\nimport('./x.js').then((m) => m.alsoUsed);";
  const out = staticImports(code, (specifier) => sources[specifier]);
  assert.match(out, /^import \{ used as __static0_used, alsoUsed as __static0_alsoUsed \} from '\.\/x\.js';/);
  assert.match(
    out,
    /const \{ used \} = await Promise\.resolve\(\{ used: __static0_used, alsoUsed: __static0_alsoUsed \}\);/,
  );
  assert.doesNotMatch(out, /unused/);
  assert.doesNotMatch(out, /\bimport\(/);
});

test('staticImports leaves type imports alone and refuses computed specifiers', () => {
  const code = "let a: typeof import('./x.js') | undefined;\nlet b: import('./x.js').T;";
  assert.equal(
    staticImports(code, () => ''),
    code,
  );
  assert.throws(() => staticImports('import(name);', () => ''), /literal relative path/);
});

test('every import() in the browser sources is one the script-tag build can make static', () => {
  for (const file of [
    'src/session/request.ts',
    'src/session/adapters/load.ts',
    'src/flow/run.ts',
    'src/hosted-auth-session.ts',
  ]) {
    const code = readFileSync(new URL(`../../${file}`, import.meta.url), 'utf8');
    const base = new URL(`../../${file}`, import.meta.url);
    const out = staticImports(code, (specifier) =>
      readFileSync(new URL(specifier.replace(/\.js$/, '.ts'), base), 'utf8'),
    );
    assert.notEqual(out, code, `${file} has a dynamic import`);
  }
});

test('joinCssLines puts compacted CSS on one line without joining two words', () => {
  assert.equal(
    joinCssLines('a{\ncolor:red;\nmargin:0\n}\n@media (x){\nb{\ncolor:blue\n}\n}'),
    'a{color:red;margin:0}@media (x){b{color:blue}}',
  );
  assert.equal(joinCssLines('a\nb{x:1}'), 'a b{x:1}');
  const element = "import { css } from 'lit';\nconst s = css`\n  a {\n    color: red;\n  }\n`;\n";
  assert.equal(
    compactTemplates(element, { keepLines: false }),
    "import { css } from 'lit';\nconst s = css`a{color:red}`;\n",
  );
});
