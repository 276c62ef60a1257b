// Importing the package in Node (server-side rendering, tests) throws nothing (SPEC §9).
import assert from 'node:assert/strict';
import { test } from 'node:test';

test('hosted-auth-session imports in Node without throwing', async () => {
  const module = await import('hosted-auth-session');
  assert.equal(typeof module.HostedAuthSession, 'function');
  assert.equal(typeof module.HostedAuthError, 'function');
  assert.equal(module.TAG_NAME, 'hosted-auth-session');
});

test('hosted-auth-session/callback imports in Node and does nothing', async () => {
  const module = await import('hosted-auth-session/callback');
  assert.equal(module.completeHostedAuthSession(), undefined);
});

test('HostedAuthError carries its fields and a plain detail', async () => {
  const { HostedAuthError } = await import('hosted-auth-session');
  const error = new HostedAuthError({
    code: 'http',
    message: 'm',
    status: 424,
    retryable: true,
    providerCode: 'dependency_failed',
  });
  assert.ok(error instanceof Error);
  assert.deepEqual(error.toDetail(), {
    code: 'http',
    message: 'm',
    status: 424,
    retryable: true,
    providerCode: 'dependency_failed',
  });
});
