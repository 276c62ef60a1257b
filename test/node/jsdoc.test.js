// Every public declaration of the package has JSDoc: whatever the entry points export (classes,
// functions, types, constants) and every public member of the exported classes and interfaces.
// Editors show it on hover, and the element's JSDoc also feeds custom-elements.json.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const root = fileURLToPath(new URL('../../', import.meta.url));
const ENTRIES = ['src/index.ts', 'src/callback.ts', 'src/react.ts', 'src/server/index.ts'];
/** Lit lifecycle overrides: documented by Lit itself. */
const LIFECYCLE = new Set(['connectedCallback', 'disconnectedCallback', 'updated', 'render', 'styles']);

function isHidden(member) {
  const modifiers = ts.canHaveModifiers(member) ? (ts.getModifiers(member) ?? []) : [];
  if (
    modifiers.some((modifier) => [ts.SyntaxKind.PrivateKeyword, ts.SyntaxKind.ProtectedKeyword].includes(modifier.kind))
  ) {
    return true;
  }
  return member.name !== undefined && ts.isPrivateIdentifier(member.name);
}

test('every export of the entry points, and every public member of their classes and interfaces, has JSDoc', () => {
  const program = ts.createProgram(
    ENTRIES.map((entry) => root + entry),
    {
      target: ts.ScriptTarget.ES2022,
      module: ts.ModuleKind.ESNext,
      moduleResolution: ts.ModuleResolutionKind.Bundler,
      experimentalDecorators: true,
      strict: true,
      skipLibCheck: true,
      noEmit: true,
      types: [],
    },
  );
  const checker = program.getTypeChecker();
  const documented = (symbol) =>
    symbol.getDocumentationComment(checker).length > 0 || symbol.getJsDocTags(checker).length > 0;
  const undocumented = new Set();
  for (const entry of ENTRIES) {
    const moduleSymbol = checker.getSymbolAtLocation(program.getSourceFile(root + entry));
    for (const exported of checker.getExportsOfModule(moduleSymbol)) {
      const symbol = exported.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(exported) : exported;
      const declaration = symbol.declarations?.[0];
      if (!declaration) continue;
      const where = declaration.getSourceFile().fileName.slice(root.length);
      if (!documented(symbol)) undocumented.add(`${where}: ${exported.name}`);
      if (!ts.isClassDeclaration(declaration) && !ts.isInterfaceDeclaration(declaration)) continue;
      for (const member of declaration.members) {
        if (isHidden(member) || ts.isIndexSignatureDeclaration(member)) continue;
        const name = ts.isConstructorDeclaration(member) ? 'constructor' : member.name?.getText();
        if (!name || LIFECYCLE.has(name)) continue;
        const memberSymbol = member.name ? checker.getSymbolAtLocation(member.name) : undefined;
        if (ts.getJSDocCommentsAndTags(member).length === 0 && !(memberSymbol && documented(memberSymbol))) {
          undocumented.add(`${where}: ${exported.name}.${name}`);
        }
      }
    }
  }
  assert.deepEqual([...undocumented], [], 'these public declarations need a JSDoc comment');
});
