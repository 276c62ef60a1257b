// ESLint flat config. `npm run lint` runs it together with `prettier --check`; formatting is
// Prettier's job, so no stylistic rules are enabled here.
import js from '@eslint/js';
import { defineConfig } from 'eslint/config';
import litPlugin from 'eslint-plugin-lit';
import litA11yPlugin from 'eslint-plugin-lit-a11y';
import wcPlugin from 'eslint-plugin-wc';
import globals from 'globals';
import tseslint from 'typescript-eslint';

// Demo files that run in the page (the rest of demo/ runs in Node: the demo server, the
// emulators, the merchant backend, the screenshot script).
const DEMO_BROWSER = [
  'demo/callback-page.js',
  'demo/demo-config.js',
  'demo/demo.js',
  'demo/event-log.js',
  'demo/script-tag.js',
  'demo/theme.js',
  'demo/theming.js',
];

export default defineConfig(
  {
    ignores: ['dist/', 'coverage/', 'screenshots/', 'custom-elements.json', 'bench/results.json', 'bench/.npm-app/'],
  },
  { linterOptions: { reportUnusedDisableDirectives: 'error' } },

  js.configs.recommended,
  tseslint.configs.recommended,

  // The element: Lit, custom-element and accessibility rules on the templates.
  {
    files: ['src/**/*.ts'],
    ...litPlugin.configs['flat/recommended'],
  },
  {
    files: ['src/**/*.ts'],
    ...wcPlugin.configs['flat/best-practice'],
    settings: { wc: { elementBaseClasses: ['LitElement'] } },
    rules: {
      // The only element extends LitElement, which always defines connectedCallback and
      // disconnectedCallback; Lit requires calling them, so a `?.` guard would only hide mistakes.
      'wc/guard-super-call': 'off',
    },
  },
  {
    files: ['src/**/*.ts'],
    ...litA11yPlugin.configs.recommended,
  },
  {
    files: ['src/**/*.ts'],
    languageOptions: { globals: { ...globals.browser } },
  },
  {
    files: ['src/server/**/*.ts'],
    languageOptions: { globals: { ...globals.node } },
  },

  // Component tests run in the browser under @web/test-runner (Mocha globals).
  {
    files: ['test/*.ts'],
    languageOptions: { globals: { ...globals.browser, ...globals.mocha } },
  },

  // Everything else is Node. Tests, the bench and the screenshot script drive Chromium and pass
  // functions to `page.evaluate`, which run in the page, so those also see browser globals.
  {
    files: ['**/*.js', 'test/node/**/*.ts'],
    ignores: DEMO_BROWSER,
    languageOptions: { globals: { ...globals.node } },
  },
  {
    files: ['test/e2e/**/*.js', 'bench/**/*.js', 'demo/screenshot.js'],
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
  },
  {
    files: DEMO_BROWSER,
    languageOptions: { globals: { ...globals.browser } },
  },
  // Classic scripts (no type="module"). theme.js is ES5 on purpose (var, catch with a binding), so an
  // unused catch binding there is not a mistake.
  {
    files: ['demo/theme.js', 'demo/script-tag.js'],
    languageOptions: { sourceType: 'script' },
  },
  {
    files: ['demo/theme.js'],
    rules: { '@typescript-eslint/no-unused-vars': ['error', { caughtErrors: 'none' }] },
  },
);
