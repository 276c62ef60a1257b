// Which property names the script-tag bundle may shorten: the element's and the flow's TypeScript
// `private` members, but only those whose name is used for nothing else anywhere in the bundle.
// A name qualifies when, in the browser sources (src/ without src/server/):
//   - it is declared only as `private` class members, none of them decorated (Lit's decorators
//     name their property in a string, which a minifier does not rename);
//   - every use is `this.name` (no other receiver, no destructuring, no object-literal key, no
//     interface member, no string literal with that text);
// and it does not occur at all in the dependencies' code that the bundle inlines (Lit, zod).
// Each qualifying name gets a fixed `$`-name: no DOM or Lit property starts with `$`, so a
// shortened name can never land on a property of HTMLElement or of Lit's own.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const root = fileURLToPath(new URL('..', import.meta.url));

function filesUnder(dir, keep) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return filesUnder(path, keep);
    return keep(path) ? [path] : [];
  });
}

/** The dependencies' sources the script-tag bundle inlines. */
const DEPENDENCY_DIRS = ['lit', 'lit-html', 'lit-element', '@lit/reactive-element', 'zod/v4/core', 'zod/v4/mini'];

function dependencyText() {
  return DEPENDENCY_DIRS.flatMap((dir) =>
    filesUnder(
      join(root, 'node_modules', dir),
      (path) => path.endsWith('.js') && !path.includes(`${join('', 'development')}`),
    ),
  )
    .map((path) => readFileSync(path, 'utf8'))
    .join('\n');
}

const isPrivate = (node) => node.modifiers?.some((m) => m.kind === ts.SyntaxKind.PrivateKeyword) ?? false;
const isDecorated = (node) => node.modifiers?.some((m) => m.kind === ts.SyntaxKind.Decorator) ?? false;
const nameText = (name) => (name && (ts.isIdentifier(name) || ts.isStringLiteral(name)) ? name.text : undefined);

/** `{ name: '$a', … }`: the private names that are safe to shorten, each with its short name. */
export function privateNameMap() {
  const privates = new Set();
  const unsafe = new Set();
  const files = filesUnder(join(root, 'src'), (path) => path.endsWith('.ts') && !path.includes(join('src', 'server')));
  for (const file of files) {
    const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.ES2022, true);
    const visit = (node) => {
      if (
        ts.isPropertyDeclaration(node) ||
        ts.isMethodDeclaration(node) ||
        ts.isGetAccessor(node) ||
        ts.isSetAccessor(node)
      ) {
        const name = nameText(node.name);
        if (name) (isPrivate(node) && !isDecorated(node) ? privates : unsafe).add(name);
      } else if (ts.isParameter(node) && ts.isIdentifier(node.name) && node.modifiers?.length) {
        (isPrivate(node) ? privates : unsafe).add(node.name.text);
      } else if (ts.isPropertyAccessExpression(node)) {
        if (node.expression.kind !== ts.SyntaxKind.ThisKeyword) unsafe.add(node.name.text);
      } else if (
        ts.isPropertyAssignment(node) ||
        ts.isShorthandPropertyAssignment(node) ||
        ts.isPropertySignature(node) ||
        ts.isMethodSignature(node) ||
        ts.isBindingElement(node)
      ) {
        const name = nameText(node.propertyName ?? node.name);
        if (name) unsafe.add(name);
      } else if (ts.isStringLiteralLike(node)) {
        unsafe.add(node.text);
      }
      ts.forEachChild(node, visit);
    };
    visit(source);
  }
  const dependencies = dependencyText();
  const names = [...privates]
    .filter((name) => !unsafe.has(name) && !new RegExp(`\\b${name}\\b`).test(dependencies))
    .sort();
  return Object.fromEntries(names.map((name, index) => [name, `$${shortName(index)}`]));
}

function shortName(index) {
  const letters = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ';
  let name = '';
  let n = index;
  do {
    name = letters[n % letters.length] + name;
    n = Math.floor(n / letters.length) - 1;
  } while (n >= 0);
  return name;
}
