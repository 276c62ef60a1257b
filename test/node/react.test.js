// hosted-auth-session/react in Node: it imports without a DOM (server-side rendering) and renders
// the tag with its label. test/react.test.ts runs it in browsers.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createElement } from 'react';
import { renderToString } from 'react-dom/server';

test('hosted-auth-session/react imports in Node and exports the component, the error and no element class', async () => {
  const module = await import('hosted-auth-session/react');
  assert.equal(module.HostedAuthSession.displayName, 'HostedAuthSession');
  assert.equal(typeof module.HostedAuthError, 'function');
  assert.deepEqual(Object.keys(module).sort(), ['HostedAuthError', 'HostedAuthSession']);
});

test('it renders on the server: the tag and its label; props are set on hydration', async () => {
  const { HostedAuthSession } = await import('hosted-auth-session/react');
  const html = renderToString(
    createElement(
      HostedAuthSession,
      { endpoint: '/api/verification-session', body: { workflowKey: 'wf' }, onSessionSuccess: () => undefined },
      'Verify my identity',
    ),
  );
  assert.equal(html, '<hosted-auth-session>Verify my identity</hosted-auth-session>');
});

test('it shares the element class and HostedAuthError with the main entry', async () => {
  const react = await import('hosted-auth-session/react');
  const main = await import('hosted-auth-session');
  assert.equal(react.HostedAuthError, main.HostedAuthError);
});
