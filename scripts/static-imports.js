// A Vite plugin for the script-tag bundles: turns the sources' `import('./x.js')` into a static
// import of the same module, resolved at once. The ES build for npm keeps those imports dynamic,
// so a bundler loads the answer reader, the adapters, the flow watcher, the dialog view, the
// redirect store and the prefetcher only when a page needs them. The script-tag bundle holds
// everything anyway, and there a dynamic import would only add a lazily initialised module.
//
// `import('./x.js')` becomes `Promise.resolve({ a, b })`: the exports of ./x.js whose names the
// importing file mentions (a name it never mentions cannot be read from the module object but
// through a computed key, which these sources do not use), so the bundler can still drop what
// no one uses. Only literal relative specifiers are rewritten; anything else is an error.
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

// `import('./x.js').Name` and `typeof import('./x.js')` are types, left alone (the TypeScript
// transform drops them); a dynamic import is used as a promise (`.then`, `await`).
const DYNAMIC = /(?<!\btypeof\s+)\bimport\(\s*(['"])(\.{1,2}\/[^'"]+)\1\s*\)(?!\s*\.(?!then\b))/g;

/** The value exports of a TypeScript source (declarations and `export { … }` lists). */
export function exportNames(source) {
  const names = new Set();
  for (const match of source.matchAll(/^export\s+(?:async\s+)?(?:const|let|var|function\*?|class)\s+([\w$]+)/gm)) {
    names.add(match[1]);
  }
  for (const match of source.matchAll(/^export\s*\{([^}]*)\}/gm)) {
    for (const entry of match[1].split(',')) {
      const item = entry.trim();
      if (!item || item.startsWith('type ')) continue;
      names.add(
        item
          .split(/\s+as\s+/)
          .pop()
          .trim(),
      );
    }
  }
  return [...names];
}

/** `code` with each dynamic import made static; `readSource(specifier)` gives the target's source. */
export function staticImports(code, readSource) {
  const sites = [];
  const replaced = code.replace(DYNAMIC, (_match, _quote, specifier) => {
    const index = sites.length;
    const rest = code.replace(DYNAMIC, '');
    const used = exportNames(readSource(specifier)).filter((name) =>
      new RegExp(`(?<![\\w$])${name.replace(/\$/g, '\\$')}(?![\\w$])`).test(rest),
    );
    sites.push({ specifier, used, index });
    return `Promise.resolve({ ${used.map((name) => `${name}: __static${index}_${name}`).join(', ')} })`;
  });
  const stripped = replaced.replace(/\/\/.*$/gm, '').replace(/\/\*[\s\S]*?\*\//g, '');
  if (/(?<!\btypeof\s+)\bimport\((?![^)]*\)\s*\.(?!then\b))/.test(stripped)) {
    throw new Error('static-imports: only import() of a literal relative path can be made static');
  }
  const head = sites
    .map(
      ({ specifier, used, index }) =>
        `import { ${used.map((name) => `${name} as __static${index}_${name}`).join(', ')} } from '${specifier}';\n`,
    )
    .join('');
  return sites.length === 0 ? code : head + replaced;
}

export function staticImportsPlugin() {
  return {
    name: 'hosted-auth-session:static-imports',
    enforce: 'pre',
    transform(code, id) {
      if (!/\/src\/.*\.ts$/.test(id)) return null;
      const readSource = (specifier) => readFileSync(resolve(dirname(id), specifier).replace(/\.js$/, '.ts'), 'utf8');
      const result = staticImports(code, readSource);
      // The prepended lines shift the source map by their count; the bundles ship without maps.
      return result === code ? null : { code: result, map: null };
    },
  };
}
