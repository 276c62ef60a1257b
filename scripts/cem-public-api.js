// An analyzer plugin that turns the manifest of src/ into the manifest of what ships: every
// public declaration moved to the dist/ file that exports it, private members and undocumented
// events dropped, type-only exports left out (they are not JavaScript exports).
import { posix } from 'node:path';

/**
 * @param {{ entries: Record<string, string>, modules: Record<string, string> }} options
 *   `entries` maps each built entry to its source (`{ 'dist/index.js': 'src/index.ts' }`): only
 *   what that source exports ships. `modules` maps every analysed source file to the built file
 *   its declarations ship in (`{ 'src/errors.ts': 'dist/index.js' }`).
 */
export function publicApiPlugin({ entries, modules }) {
  const entrySources = new Set(Object.values(entries));
  /** The built file a module reference (absolute `src/x.ts`, `/src/x.js` or relative `./x.js`) ships in. */
  function shippedPath(reference, fromSource) {
    let source = reference.replace(/^\//, '');
    if (source.startsWith('.')) source = posix.join(posix.dirname(fromSource), source);
    source = source.replace(/\.js$/, '.ts');
    return modules[source];
  }

  function publicMembersOnly(declaration) {
    if (!declaration.members) return;
    declaration.members = declaration.members.filter(
      (member) => (member.privacy ?? 'public') === 'public' && !member.static && !member.name.startsWith('#'),
    );
  }

  return {
    name: 'hosted-auth-session-public-api',
    packageLinkPhase({ customElementsManifest }) {
      /** @type {Map<string, { kind: string, path: string, declarations: object[], exports: object[] }>} */
      const shipped = new Map();
      for (const module of customElementsManifest.modules) {
        const path = modules[module.path];
        if (!path) continue;
        const target = shipped.get(path) ?? { kind: 'javascript-module', path, declarations: [], exports: [] };
        shipped.set(path, target);
        for (const declaration of module.declarations ?? []) {
          publicMembersOnly(declaration);
          if (declaration.customElement) {
            // Events come from the @fires tags; a dispatchEvent(new CustomEvent(name, …)) with a
            // variable name is not an event of its own.
            declaration.events = (declaration.events ?? []).filter((event) => event.description);
          }
          if (declaration.superclass?.module) {
            declaration.superclass.module = shippedPath(declaration.superclass.module, module.path);
          }
          target.declarations.push(declaration);
        }
        // A module's own exports count only for an entry: the rest are internal to the bundle.
        if (!entrySources.has(module.path)) continue;
        for (const entry of module.exports ?? []) {
          const ref = entry.declaration;
          const declaredIn = ref.module ? shippedPath(ref.module, module.path) : undefined;
          if (declaredIn) entry.declaration = { name: ref.name, module: declaredIn };
          else if (!ref.package) continue;
          target.exports.push(entry);
        }
      }
      const declared = new Map();
      for (const module of shipped.values()) {
        for (const declaration of module.declarations) declared.set(`${module.path}#${declaration.name}`, declaration);
      }
      /** `customElements.define(TAG_NAME, …)` names the tag by a constant: use the constant's value. */
      const literal = (name) => {
        for (const [key, declaration] of declared) {
          if (
            key.endsWith(`#${name}`) &&
            declaration.kind === 'variable' &&
            /^'[^']*'$/.test(declaration.default ?? '')
          ) {
            return declaration.default.slice(1, -1);
          }
        }
        return name;
      };
      for (const declaration of declared.values()) {
        if (declaration.customElement && declaration.tagName) declaration.tagName = literal(declaration.tagName);
        const superclass = declaration.superclass;
        // A superclass the manifest does not declare (Error) is a global.
        if (superclass?.module && !declared.has(`${superclass.module}#${superclass.name}`)) {
          declaration.superclass = { name: superclass.name, package: 'global:' };
        }
      }
      for (const module of shipped.values()) {
        const seen = new Set();
        module.exports = module.exports.filter((entry) => {
          const { name, module: from } = entry.declaration;
          const declaration = declared.get(`${from}#${name}`);
          // Only exports of something the manifest declares: type-only exports are not JS exports.
          if (!declaration) return false;
          if (entry.kind === 'custom-element-definition') entry.name = declaration.tagName;
          const key = `${entry.kind}:${entry.name}`;
          if (seen.has(key)) return false;
          seen.add(key);
          return true;
        });
        // Only exported declarations ship.
        const exported = new Set(module.exports.map((entry) => entry.declaration.name));
        module.declarations = module.declarations.filter((declaration) => exported.has(declaration.name));
      }
      customElementsManifest.readme = 'README.md';
      customElementsManifest.modules = [...shipped.values()];
    },
  };
}
