// Reads the code blocks of the server examples (docs/server.md, "Examples") and of the README's
// quickstart, and writes them out as files that run, for readme-examples.test.js, whose header
// lists every change made to the code: the import specifiers, the port and the stubs are changed
// here. No side effects on import.

import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';

const ROOT = new URL('../../../', import.meta.url);
const SERVER_DOC = 'docs/server.md';
const README = 'README.md';
const LISTENING = Symbol.for('hosted-auth-session.readme-example.listening');

/** The text of the `## heading…` section of the document at `path`, up to the next `## `. */
function section(path, heading) {
  const markdown = readFileSync(new URL(path, ROOT), 'utf8');
  const start = markdown.search(new RegExp(`^## ${heading}`, 'm'));
  if (start < 0) throw new Error(`${path} has no "## ${heading}" section`);
  const rest = markdown.slice(start + 1);
  const end = rest.search(/^## /m);
  return end < 0 ? rest : rest.slice(0, end);
}

/**
 * The examples of docs/server.md's "Examples" section: its `###` subsection whose title
 * starts with `title`, as its code blocks by language. File names come from a first line such
 * as `// server.js — …`; a block without one is `example-N.js`.
 * @returns {{ title: string, js: Array<{ name: string, code: string }>, html: string[] }}
 */
export function readmeExample(title) {
  const found = section(SERVER_DOC, 'Examples')
    .split(/^### /m)
    .slice(1)
    .filter((part) => part.startsWith(title));
  if (found.length !== 1) {
    throw new Error(`${SERVER_DOC} "Examples" should have one "### ${title}…" subsection, not ${found.length}`);
  }
  return codeBlocks(found[0]);
}

/**
 * The README's "Five-minute quickstart" section, as its code blocks by language (the same shape
 * as readmeExample's).
 */
export function quickstartExample() {
  return codeBlocks(section(README, 'Five-minute quickstart'));
}

/** The README's "Sign in with OpenID Connect" section, as its code blocks by language. */
export function openIdExample() {
  return codeBlocks(section(README, 'Sign in with OpenID Connect'));
}

/** The fenced blocks of a Markdown part, by language; its first line is the title. */
function codeBlocks(part) {
  const blocks = [...part.matchAll(/^```(\w+)\n([\s\S]*?)^```$/gm)].map(([, lang, code]) => ({ lang, code }));
  return {
    title: part.slice(0, part.indexOf('\n')),
    js: blocks
      .filter((block) => block.lang === 'js')
      .map(({ code }, index) => ({
        name: code.match(/^\/\/ ([\w./-]+\.js)\b/)?.[1] ?? `example-${index + 1}.js`,
        code,
      })),
    html: blocks.filter((block) => block.lang === 'html').map(({ code }) => code),
  };
}

/** The value of `name="…"` on an example's element markup, or undefined. */
export function attribute(html, name) {
  return html.match(new RegExp(`\\s${name}="([^"]*)"`))?.[1];
}

/**
 * Writes the example's files, changed as readme-examples.test.js lists, to a new temporary
 * folder, as ES modules. `files` are the blocks to write, `stubs` maps a function name to the declaration
 * appended where the code calls it without declaring it.
 * @returns {{ url(name: string): string, remove(): void }}
 */
export function writeExample(files, { stubs = {} } = {}) {
  for (const { name, code } of files) {
    // Without a baseUrl the example would call the real provider API, with the emulator's key.
    // (An OpenID Provider is found by its issuer instead.)
    if (/\b(createSessionHandler|getSession)\(/.test(code) && !/\bbaseUrl:|\bissuer:/.test(code)) {
      throw new Error(`example ${name} sets no baseUrl, so it cannot be pointed at the emulator`);
    }
  }
  const dir = mkdtempSync(join(tmpdir(), 'readme-example-'));
  writeFileSync(join(dir, 'package.json'), '{ "type": "module" }\n');
  for (const { name, code } of files) {
    const path = join(dir, name);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, withStubs(withListenHook(withResolvedImports(code)), stubs));
  }
  return {
    url: (name) => pathToFileURL(join(dir, name)).href,
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** `from 'express'` → `from 'file:///…/node_modules/express/index.js'`; `node:` and paths stay. */
function withResolvedImports(code) {
  return code.replace(/(\bfrom\s*|\bimport\s+)(['"])([^'"\n]+)\2/g, (whole, keyword, quote, specifier) =>
    specifier.startsWith('node:') || specifier.startsWith('.') || specifier.startsWith('/')
      ? whole
      : `${keyword}${quote}${import.meta.resolve(specifier)}${quote}`,
  );
}

/** `.listen(3000)` → port 0 on 127.0.0.1, handing the listening server to startServerExample. */
function withListenHook(code) {
  return code.replace(
    /\.listen\(\d+\)/g,
    `.listen(0, '127.0.0.1', function () { globalThis[Symbol.for('${LISTENING.description}')](this); })`,
  );
}

/** Appends the stubs for functions the code calls without declaring them. */
function withStubs(code, stubs) {
  const missing = Object.entries(stubs).filter(
    ([name]) => new RegExp(`\\b${name}\\(`).test(code) && !new RegExp(`\\bfunction\\s+${name}\\b`).test(code),
  );
  return [code, ...missing.map(([, declaration]) => declaration)].join('\n');
}

/**
 * Imports an example file that starts a server with `.listen(…)` (rewritten as above) and
 * waits until it listens.
 * @returns {Promise<{ origin: string, close(): Promise<void> }>}
 */
export async function startServerExample(url) {
  const servers = [];
  const listening = new Promise((resolve) => {
    globalThis[LISTENING] = function (server) {
      servers.push(server);
      resolve(server);
    };
  });
  try {
    await import(url);
    const { port } = (await listening).address();
    return {
      origin: `http://127.0.0.1:${port}`,
      close: () =>
        Promise.all(
          servers.map(
            (server) =>
              new Promise((resolve) => {
                server.close(resolve);
                server.closeAllConnections();
              }),
          ),
        ),
    };
  } finally {
    delete globalThis[LISTENING];
  }
}
