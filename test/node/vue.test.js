// The Vue 3 single-file component of docs/frameworks.md, compiled by Vue's SFC compiler with the
// `isCustomElement` option shown there as @vitejs/plugin-vue passes it (to the parser and the
// template compiler), then rendered on the server. test/vue.test.ts runs the same template in
// browsers.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { compileScript, parse } from 'vue/compiler-sfc';

const root = new URL('../../', import.meta.url);
const GUIDE = 'docs/frameworks.md';
const guide = readFileSync(new URL(GUIDE, root), 'utf8');

/** The body of the guide's one fenced block of `language` that contains `marker`. */
function block(language, marker) {
  const blocks = [...guide.matchAll(new RegExp('```' + language + '\\n([\\s\\S]*?)```', 'g'))]
    .map((match) => match[1])
    .filter((text) => text.includes(marker));
  assert.equal(blocks.length, 1, `${GUIDE} has one \`\`\`${language} block with ${marker}`);
  return blocks[0];
}

const component = block('vue', '<hosted-auth-session');
// The predicate of the guide's vite.config.js, as written there.
const predicateSource = /isCustomElement: (\(tag\) => [^}]+?) \}/.exec(block('js', '@vitejs/plugin-vue'))?.[1];
assert.ok(predicateSource, `${GUIDE}'s vite.config.js sets template.compilerOptions.isCustomElement`);
const isCustomElement = new Function(`return ${predicateSource}`)();

function compile(compilerOptions) {
  const { descriptor, errors } = parse(component, {
    filename: 'VerifyButton.vue',
    templateParseOptions: compilerOptions,
  });
  assert.deepEqual(errors, []);
  return compileScript(descriptor, { id: 'verify-button', inlineTemplate: true, templateOptions: { compilerOptions } })
    .content;
}

describe("docs/frameworks.md's Vue component", () => {
  const code = compile({ isCustomElement });
  const scratch = mkdtempSync(join(tmpdir(), 'hosted-auth-session-vue-'));
  after(() => rmSync(scratch, { recursive: true, force: true }));

  test('with the option, <hosted-auth-session> is an element, not a component to resolve', () => {
    assert.match(code, /_createElementBlock\("hosted-auth-session"/);
    assert.doesNotMatch(code, /resolveComponent/);
    // Without it, Vue would look for a component of that name (and warn that there is none).
    assert.match(compile({}), /_resolveComponent\("hosted-auth-session"\)/);
  });

  test('strings stay attributes, body is set as a property, the three events are listened to', () => {
    assert.match(code, /endpoint: "\/api\/verification-session"/);
    assert.match(code, /"redirect-url": "https:\/\/shop\.example\/verify\/done"/);
    assert.match(code, /"\.body": body/);
    assert.match(code, /onSessionSuccess: onSuccess/);
    assert.match(code, /onSessionCancel: onCancel/);
    assert.match(code, /onSessionError: onError/);
  });

  test('it renders on the server, with the package imported in Node', async () => {
    const resolved = code
      .replaceAll(`from "vue"`, `from ${JSON.stringify(import.meta.resolve('vue'))}`)
      .replace(`import 'hosted-auth-session'`, `import ${JSON.stringify(import.meta.resolve('hosted-auth-session'))}`);
    const file = join(scratch, 'VerifyButton.mjs');
    writeFileSync(file, resolved);
    const { default: VerifyButton } = await import(pathToFileURL(file).href);
    const { createSSRApp } = await import('vue');
    const { renderToString } = await import('vue/server-renderer');
    const html = await renderToString(createSSRApp(VerifyButton));
    assert.match(
      html,
      /^<hosted-auth-session endpoint="\/api\/verification-session" redirect-url="https:\/\/shop\.example\/verify\/done" cancel-url="https:\/\/shop\.example\/verify\/cancelled">Verify my identity<\/hosted-auth-session>$/,
    );
  });
});
