// `npm start` itself: what the server sends (types, CSP, callback headers, nothing private), and
// the script's life: it prints the URL, stops cleanly on Ctrl-C, and says so when the port is busy.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { readdir, readFile } from 'node:fs/promises';
import { createServer, request } from 'node:http';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { startDemo } from '../../demo/serve.js';

const demoDir = fileURLToPath(new URL('../../demo/', import.meta.url));
const serveScript = fileURLToPath(new URL('../../demo/serve.js', import.meta.url));

let demo;
before(async () => {
  demo = await startDemo({ port: 0 });
});
after(() => demo?.close());

/** A raw GET (no URL normalisation, any Host header). */
function get(path, { host } = {}) {
  const { port } = new URL(demo.url);
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, headers: { Host: host ?? `localhost:${port}` } }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

test('pages, styles, scripts and bundles are served with their content types', async () => {
  const expected = {
    '/': 'text/html; charset=utf-8',
    '/script-tag.html': 'text/html; charset=utf-8',
    '/theming.html': 'text/html; charset=utf-8',
    '/callback/success.html': 'text/html; charset=utf-8',
    '/callback/cancel.html': 'text/html; charset=utf-8',
    '/demo.css': 'text/css; charset=utf-8',
    '/brand-theme.css': 'text/css; charset=utf-8',
    '/demo.js': 'text/javascript; charset=utf-8',
    '/theming.js': 'text/javascript; charset=utf-8',
    '/dist/hosted-auth-session.iife.js': 'text/javascript; charset=utf-8',
    '/dist/callback.iife.js': 'text/javascript; charset=utf-8',
    '/api/demo-config': 'application/json; charset=utf-8',
  };
  for (const [path, type] of Object.entries(expected)) {
    const res = await get(path);
    assert.equal(res.status, 200, path);
    assert.equal(res.headers['content-type'], type, path);
    assert.equal(res.headers['x-content-type-options'], 'nosniff', path);
  }
});

test('every page has the strict Content-Security-Policy, framing only the emulators and the OpenID Provider', async () => {
  const { emulators, openid } = demo;
  for (const path of ['/', '/script-tag.html', '/theming.html', '/callback/success.html', '/callback/cancel.html']) {
    const csp = (await get(path)).headers['content-security-policy'];
    const directives = Object.fromEntries(
      csp
        .split(';')
        .map((part) => part.trim().split(/\s+/))
        .map(([name, ...values]) => [name, values]),
    );
    assert.deepEqual(directives['default-src'], ["'self'"], path);
    assert.deepEqual(directives['script-src'], ["'self'"], path);
    assert.deepEqual(directives['style-src'], ["'self'"], path);
    assert.deepEqual(directives['connect-src'], ["'self'"], path);
    assert.deepEqual(
      directives['frame-src'].sort(),
      [
        "'self'",
        emulators.ultrapass.origin,
        emulators.fiskil.origin,
        emulators.complycube.origin,
        openid.origin,
      ].sort(),
      path,
    );
  }
});

test('the demo pages have no inline script, inline style or style attribute', async () => {
  const pages = (await readdir(demoDir)).filter((name) => name.endsWith('.html'));
  assert.ok(pages.length >= 3);
  for (const name of pages) {
    const html = await readFile(demoDir + name, 'utf8');
    assert.doesNotMatch(html, /<script(?![^>]*\bsrc=)[^>]*>/i, `${name}: inline <script>`);
    assert.doesNotMatch(html, /<style[\s>]/i, `${name}: <style>`);
    assert.doesNotMatch(html, /\sstyle=/i, `${name}: style attribute`);
    assert.doesNotMatch(html, /\son[a-z]+=/i, `${name}: inline event handler`);
  }
});

test('callback pages: no-store, no Cross-Origin-Opener-Policy, the callback script first', async () => {
  for (const path of ['/callback/success.html', '/callback/cancel.html']) {
    const res = await get(`${path}?code=abc&state=xyz`);
    assert.equal(res.status, 200);
    assert.equal(res.headers['cache-control'], 'no-store', path);
    assert.equal(res.headers['cross-origin-opener-policy'], undefined, path);
    const firstScript = /<script[^>]*src="([^"]+)"/.exec(res.body)?.[1];
    assert.equal(firstScript, '/dist/callback.iife.js', path);
  }
});

test('server code, emulator code and files outside dist/ are never served', async () => {
  for (const path of [
    '/serve.js',
    '/merchant.js',
    '/scenarios.js',
    '/emulators/index.js',
    '/demo/serve.js',
    '/dist/../package.json',
    '/dist/%2e%2e/package.json',
    '/dist/..%2fpackage.json',
    '/package.json',
    '/src/index.ts',
  ]) {
    const res = await get(path);
    assert.equal(res.status, 404, path);
    assert.doesNotMatch(res.body, /secret|organizationKey|"name":\s*"hosted-auth-session"/, path);
  }
});

test('the merchant API answers JSON and never leaks a provider secret', async () => {
  const config = await (await fetch(new URL('/api/demo-config', demo.url))).json();
  const text = JSON.stringify(config);
  for (const name of ['ultrapass', 'fiskil', 'complycube', 'ulm']) {
    assert.equal(config.emulators[name], demo.emulators[name].origin);
    assert.ok(!text.includes(demo.emulators[name].secret), `${name} secret in /api/demo-config`);
  }
  const res = await fetch(new URL('/api/nothing-here', demo.url));
  assert.equal(res.status, 404);
  assert.equal((await res.json()).error, 'not_found');
});

test('another host name for the same port is sent to the one demo origin', async () => {
  const { port } = new URL(demo.url);
  const res = await get('/script-tag.html?x=1', { host: `127.0.0.1:${port}` });
  assert.equal(res.status, 308);
  assert.equal(res.headers.location, `http://localhost:${port}/script-tag.html?x=1`);
});

/** Runs `node demo/serve.js …args`; resolves once it printed its URL (or exited). */
function runScript(args) {
  const child = spawn(process.execPath, [serveScript, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk) => (stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk) => (stderr += chunk));
  const exited = once(child, 'exit').then(([code]) => code);
  const started = new Promise((resolve) => {
    const check = () => {
      const url = /Open\s+(http:\/\/localhost:\d+\/)/.exec(stdout)?.[1];
      if (url) resolve(url);
    };
    child.stdout.on('data', check);
    exited.then(() => resolve(undefined));
  });
  return { child, started, exited, output: () => ({ stdout, stderr }) };
}

test('npm start: prints the URL, serves the demo, stops cleanly on Ctrl-C (SIGINT)', { timeout: 60_000 }, async () => {
  const run = runScript(['--port', '0']);
  const url = await run.started;
  assert.ok(url, `no URL printed: ${JSON.stringify(run.output())}`);
  const page = await fetch(url);
  assert.equal(page.status, 200);
  assert.match(await page.text(), /<hosted-auth-session|hosted-auth-session\.iife\.js/);
  run.child.kill('SIGINT');
  assert.equal(await run.exited, 0);
  assert.match(run.output().stdout, /Stopped\./);
  assert.equal(run.output().stderr, '');
  // Everything it started is gone: the port no longer answers.
  await assert.rejects(fetch(url));
});

test('npm start: a busy port is reported plainly, with what to do', { timeout: 60_000 }, async () => {
  const blocker = createServer();
  await new Promise((resolve) => blocker.listen(0, '127.0.0.1', resolve));
  const { port } = blocker.address();
  try {
    const run = runScript(['--port', String(port)]);
    assert.equal(await run.exited, 1);
    const { stderr } = run.output();
    assert.match(stderr, new RegExp(`Port ${port} is already in use`));
    assert.match(stderr, /--port/);
  } finally {
    blocker.close();
  }
});
