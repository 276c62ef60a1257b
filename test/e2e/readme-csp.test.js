// The sample Content-Security-Policy of docs/security.md, served exactly as written. The policy is
// read from that file: the ```http block that follows the "## Content-Security-Policy" heading (the
// first fenced block after it, with no other heading in between), whose text is one
// `Content-Security-Policy:` header folded over several lines. Its https:// provider origins are
// replaced by the emulators' (http://127.0.0.1:PORT; the merchant is http://localhost:PORT, so the
// frame really crosses origins), the demo serves every page (the playground and the return pages)
// under that policy, and a flow runs through the merchant backend (the server helper) and the
// provider's hosted page to session-success in every mode. Any CSP violation, in the merchant's
// page, a popup or a frame, fails the test: a sample that breaks a mode cannot stay in the docs.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import { STEP_TIMEOUT, clickHosted, startFlow, useDemo, waitForOutcome } from './helpers.js';

const DOC = 'docs/security.md';
const HEADING = '## Content-Security-Policy';

/** The provider origins the sample may name, and the emulator standing in for each. */
const STAND_INS = {
  'https://id.complycube.com': 'complycube',
  'https://auth.ultrapassid.com': 'ultrapass',
};

const NAMES = { complycube: 'ComplyCube', ultrapass: 'UltrapassId' };

/** The value of the Content-Security-Policy header in DOC's ```http block under HEADING. */
function samplePolicy() {
  const lines = readFileSync(new URL(`../../${DOC}`, import.meta.url), 'utf8').split('\n');
  const heading = lines.indexOf(HEADING);
  assert.notEqual(heading, -1, `${DOC} has a "${HEADING}" heading`);
  const open = lines.findIndex((line, i) => i > heading && line.startsWith('```'));
  assert.notEqual(open, -1, `a fenced block follows "${HEADING}"`);
  assert.ok(
    !lines.slice(heading + 1, open).some((line) => line.startsWith('#')),
    `the block is in the "${HEADING}" section`,
  );
  assert.equal(lines[open], '```http', `the block after "${HEADING}" is a \`\`\`http block`);
  const close = lines.findIndex((line, i) => i > open && line.startsWith('```'));
  // A header folded over several lines: each line break and its indentation is one space.
  const header = lines
    .slice(open + 1, close)
    .join('\n')
    .replace(/\s+/g, ' ')
    .trim();
  const value = /^Content-Security-Policy:\s*(.+)$/i.exec(header)?.[1];
  assert.ok(value, `the block is a Content-Security-Policy header, got ${JSON.stringify(header)}`);
  return value;
}

const POLICY = samplePolicy();

/** The sample's provider origins, in the order it names them. */
const PROVIDERS = [...new Set(POLICY.split(/[\s;]+/).filter((source) => /^https?:\/\//i.test(source)))].map(
  (origin) => {
    assert.ok(
      STAND_INS[origin],
      `the policy in ${DOC} names ${origin}: add the emulator that stands in for it to STAND_INS`,
    );
    return STAND_INS[origin];
  },
);
assert.ok(PROVIDERS.length > 0, `the policy in ${DOC} names at least one provider origin`);

/** The sample policy with each provider origin replaced by its emulator's origin. */
function policyFor(emulators) {
  return POLICY.split(/(\s+)/)
    .map((part) => {
      const source = part.replace(/;$/, '');
      return STAND_INS[source] ? part.replace(source, emulators[STAND_INS[source]].origin) : part;
    })
    .join('');
}

const env = useDemo({ contentSecurityPolicy: (emulators) => policyFor(emulators) });

/**
 * A fresh context on the playground in which every document (the merchant's page, the popup, the
 * element's frame and the return page it loads) reports its `securitypolicyviolation` events,
 * page errors and CSP console messages to `problems`, and its own URL to `watched` (which proves
 * the return page was listened to). A violation also rejects `violated`, so a blocked flow fails
 * at once instead of at its timeout.
 */
async function openWatched() {
  const context = await env.browser.newContext();
  context.setDefaultTimeout(STEP_TIMEOUT);
  const problems = [];
  const watched = [];
  let fail;
  const violated = new Promise((_resolve, reject) => (fail = reject));
  violated.catch(() => {});
  const problem = (text) => {
    problems.push(text);
    fail(new Error(`CSP violation or page error: ${text}`));
  };
  await context.exposeBinding('__cspReport', ({ frame }, kind, text) => {
    if (kind === 'watching') watched.push(text);
    else problem(`${frame.url()}: securitypolicyviolation ${text}`);
  });
  await context.addInitScript(() => {
    window.__cspReport('watching', location.href);
    document.addEventListener(
      'securitypolicyviolation',
      (event) => window.__cspReport('violation', `${event.effectiveDirective} ${event.blockedURI}`),
      true,
    );
  });
  context.on('page', (page) => {
    page.on('pageerror', (error) => problem(`${page.url()}: ${error.message}`));
    page.on('console', (message) => {
      if (/Content[- ]Security[- ]Policy|Refused to/i.test(message.text())) problem(`${page.url()}: ${message.text()}`);
    });
  });
  const page = await context.newPage();
  await page.goto(env.demo.url);
  await page.locator('body[data-ready="true"]').waitFor();
  return { context, page, problems, watched, violated };
}

test('every demo page is served with the documented Content-Security-Policy, the emulators in place of the providers', async () => {
  const expected = policyFor(env.demo.emulators);
  for (const provider of PROVIDERS) assert.ok(expected.includes(env.demo.emulators[provider].origin));
  for (const path of ['/', '/callback/success.html', '/callback/cancel.html']) {
    const res = await fetch(new URL(path, env.demo.url));
    assert.equal(res.status, 200, path);
    assert.equal(res.headers.get('content-security-policy'), expected, path);
  }
});

const ARTICLE = { popup: 'a popup', iframe: 'an iframe', inline: 'an inline' };

for (const provider of PROVIDERS) {
  describe(NAMES[provider], () => {
    for (const mode of ['popup', 'iframe', 'inline']) {
      test(`the documented Content-Security-Policy lets ${ARTICLE[mode]} flow come back to the merchant's return page`, async () => {
        const { context, page, problems, watched, violated } = await openWatched();
        try {
          const choice = { provider, mode };
          const { hosted, popup } = await Promise.race([startFlow(page, choice), violated]);
          await Promise.race([clickHosted(hosted, 'approve'), violated]);
          const outcome = await Promise.race([waitForOutcome(page), violated]);
          assert.equal(outcome.event, 'session-success');
          assert.equal(outcome.detail.session.provider, provider);
          const returned = new URL(outcome.detail.url);
          assert.equal(returned.origin, env.demo.origin);
          assert.equal(returned.pathname, '/callback/success.html');
          await page.locator('hosted-auth-session[status="success"]').waitFor();
          if (popup && !popup.isClosed()) await popup.waitForEvent('close');
          await page.locator('hosted-auth-session iframe').waitFor({ state: 'detached' });
          // The return page was loaded, under the policy, and listened to for violations.
          assert.ok(
            watched.some((url) => url.startsWith(`${env.demo.origin}/callback/success.html`)),
            `the return page was watched; watched: ${watched.join(', ')}`,
          );
          assert.deepEqual(problems, [], 'no CSP violations and no page errors');
        } finally {
          await context.close();
        }
      });
    }
  });
}
