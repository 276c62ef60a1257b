// The offline demo in one process: the merchant site (demo pages, callback pages, dist/ and the
// merchant backend) on http://localhost:4100, the four provider emulators and a real OpenID
// Provider on 127.0.0.1 ports of their own, so every flow really crosses origins. `npm start`
// runs this file.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import { extname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
// The return pages' paths, shared with the pages (UltrapassId's emulator is configured with them).
import { CALLBACK_PATHS } from './demo-config.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const demoDir = fileURLToPath(new URL('.', import.meta.url));
const distDir = join(root, 'dist');
const DEFAULT_PORT = 4100;

/** The two return pages: one file, demo/callback.html, with these words filled in. */
const CALLBACK_PAGES = {
  [CALLBACK_PATHS.success]: {
    title: 'Flow finished',
    attribute: 'redirect-url',
    heading: 'The provider sent you back',
    kind: 'success',
  },
  [CALLBACK_PATHS.cancel]: {
    title: 'Flow cancelled',
    attribute: 'cancel-url',
    heading: 'You left the provider’s page',
    kind: 'cancel',
  },
};

/** URL path → file in demo/. Only these are served from demo/: the server code never is. */
const PAGES = {
  '/': 'index.html',
  '/index.html': 'index.html',
  '/script-tag.html': 'script-tag.html',
  '/theming.html': 'theming.html',
  ...Object.fromEntries(Object.keys(CALLBACK_PAGES).map((path) => [path, 'callback.html'])),
  '/demo.css': 'demo.css',
  '/brand-theme.css': 'brand-theme.css',
  '/theme.js': 'theme.js',
  '/demo.js': 'demo.js',
  '/demo-config.js': 'demo-config.js',
  '/event-log.js': 'event-log.js',
  '/callback-page.js': 'callback-page.js',
  '/script-tag.js': 'script-tag.js',
  '/theming.js': 'theming.js',
};

/** dist/ files the pages load; built by scripts/build.js. dist/server.js is the merchant's. */
const BUILD_OUTPUTS = ['hosted-auth-session.iife.js', 'callback.iife.js', 'server.js'];

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
};

function newestMtime(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs);
  }
  return newest;
}

/** Whether dist/ lacks a file the demo needs or is older than src/. */
function buildIsStale() {
  const outputs = BUILD_OUTPUTS.map((name) => join(distDir, name));
  if (!outputs.every((path) => existsSync(path))) return true;
  const oldestOutput = Math.min(...outputs.map((path) => statSync(path).mtimeMs));
  return newestMtime(join(root, 'src')) > oldestOutput;
}

/** Runs `node scripts/build.js` when dist/ is missing or stale, so nobody has to remember to. */
export function ensureBuild({ log = () => {} } = {}) {
  if (!buildIsStale()) return;
  log('Building dist/ (it is missing or older than src/)…');
  const result = spawnSync(process.execPath, [join(root, 'scripts', 'build.js')], {
    cwd: root,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  if (result.status !== 0) {
    throw new Error(`npm run build failed:\n${result.stdout}${result.stderr}`);
  }
  const missing = BUILD_OUTPUTS.filter((name) => !existsSync(join(distDir, name)));
  if (missing.length > 0) {
    throw new Error(`the build ran but did not produce dist/${missing.join(', dist/')}`);
  }
}

/** The demo page's policy: no inline script or style anywhere, frames only from the emulators. */
function contentSecurityPolicy(frameOrigins) {
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    // 'self' too: in iframe/inline mode the hosted page ends by loading our callback page in the frame.
    `frame-src 'self' ${frameOrigins.join(' ')}`,
    "connect-src 'self'",
    "img-src 'self'",
    "base-uri 'none'",
    "object-src 'none'",
    "form-action 'self'",
    "frame-ancestors 'self'",
  ].join('; ');
}

function send(res, status, type, body, headers = {}) {
  res.writeHead(status, {
    'Content-Type': type,
    'Content-Length': Buffer.byteLength(body),
    'X-Content-Type-Options': 'nosniff',
    ...headers,
  });
  res.end(res.req.method === 'HEAD' ? undefined : body);
}

function sendJson(res, status, value, headers = {}) {
  send(res, status, TYPES['.json'], JSON.stringify(value), { 'Cache-Control': 'no-store', ...headers });
}

/** A file under dist/ named by `name`, or undefined for anything that tries to leave it. */
function distFile(name) {
  if (!/^[\w.-]+(\/[\w.-]+)*$/.test(name) || name.split('/').includes('..')) return undefined;
  return join(distDir, name);
}

/**
 * Starts the whole demo. `port` 0 picks a free port (the e2e tests do that); `emulators` is passed
 * on to startEmulators (e.g. `{ fiskil: { ttlSeconds: -1 } }`, `{ fiskil: { delayMs: 1500 } }`).
 * `contentSecurityPolicy(emulators, origin)`, when given, returns the policy every page is served
 * with instead of the demo's own (a test serves a policy a merchant would write).
 * Resolves with the page URL, the emulators and `close()`, which stops every server it started.
 */
export async function startDemo({
  port = 0,
  log = () => {},
  emulators: emulatorOptions = {},
  contentSecurityPolicy: customPolicy,
} = {}) {
  // The port first: a busy one is reported before anything else happens (no build, no emulators).
  // Until everything is up, every request is answered 503.
  let handle = async (_req, res) => sendJson(res, 503, { error: 'starting', message: 'the demo is starting' });
  const server = createServer((req, res) => {
    handle(req, res).catch((error) => {
      if (!res.headersSent) sendJson(res, 500, { error: 'internal', message: String(error?.message ?? error) });
      else res.destroy();
    });
  });
  await listen(server, port);
  const actualPort = server.address().port;
  const host = `localhost:${actualPort}`;
  const origin = `http://${host}`;
  const returnUrls = { redirectUrl: origin + CALLBACK_PATHS.success, cancelUrl: origin + CALLBACK_PATHS.cancel };

  let emulators;
  let openid;
  let modules;
  try {
    ensureBuild({ log });
    // Loaded only now: the merchant imports dist/server.js, which the build above may have made.
    modules = {
      ...(await loadModule('./emulators/index.js', 'the provider emulators')),
      ...(await loadModule('./emulators/openid-provider.js', 'the OpenID Provider')),
      ...(await loadModule('./merchant.js', 'the merchant backend')),
      ...(await import('./scenarios.js')),
    };
    emulators = await modules.startEmulators({
      ...emulatorOptions,
      host: '127.0.0.1',
      ultrapass: { ...emulatorOptions.ultrapass, ...returnUrls },
    });
    // OpenID Connect sends the browser back to exactly the registered redirect_uri.
    openid = await modules.startOpenIdProvider({ redirectUris: [returnUrls.redirectUrl], clientId: 'demo-shop' });
  } catch (error) {
    server.close();
    await emulators?.close();
    throw error;
  }
  const { createMerchant, demoScenarios, ulmAccounts } = modules;
  const merchant = createMerchant({ emulators, openid, origin });
  // ULM has no hosted page: only the other three are ever framed.
  const csp =
    customPolicy?.(emulators, origin) ??
    contentSecurityPolicy([
      ...['ultrapass', 'fiskil', 'complycube'].map((name) => emulators[name].origin),
      openid.origin,
    ]);
  // GET /api/demo-config: what the playground shows (never a secret).
  const config = {
    // Where each provider's pages are (the playground pins allowed-origins to it).
    emulators: {
      ...Object.fromEntries(['ultrapass', 'fiskil', 'complycube', 'ulm'].map((name) => [name, emulators[name].origin])),
      oidc: openid.origin,
    },
    scenarios: demoScenarios(),
    ulmAccounts: ulmAccounts(),
  };

  handle = async (req, res) => {
    const url = new URL(req.url ?? '/', origin);
    if (url.pathname.startsWith('/api/')) {
      if (url.pathname === '/api/demo-config' && req.method === 'GET') return sendJson(res, 200, config);
      if (await merchant(req, res)) return undefined;
      return sendJson(res, 404, { error: 'not_found', message: `no API at ${req.method} ${url.pathname}` });
    }
    if (req.headers.host !== host) {
      // One origin for the whole demo: 127.0.0.1:port would have its own storage and return URLs.
      res.writeHead(308, { Location: origin + url.pathname + url.search });
      return res.end();
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      return send(res, 405, 'text/plain; charset=utf-8', 'Method not allowed', { Allow: 'GET, HEAD' });
    }
    if (url.pathname === '/favicon.ico') return send(res, 204, 'image/x-icon', '');
    const file = PAGES[url.pathname] ? join(demoDir, PAGES[url.pathname]) : undefined;
    const dist = url.pathname.startsWith('/dist/') ? distFile(url.pathname.slice('/dist/'.length)) : undefined;
    const path = file ?? dist;
    const type = path && TYPES[extname(path)];
    if (!path || !type || !existsSync(path)) {
      return send(res, 404, 'text/plain; charset=utf-8', `Not found: ${url.pathname}`);
    }
    let body = await readFile(path, 'utf8');
    const headers = { 'Cache-Control': 'no-cache' };
    if (type === TYPES['.html']) {
      // Pages show real absolute URLs (the element needs absolute redirect-url / cancel-url).
      const callback = CALLBACK_PAGES[url.pathname];
      const fields = { origin, ...callback };
      body = body.replace(/\{\{(\w+)\}\}/g, (field, name) => fields[name] ?? field);
      headers['Content-Security-Policy'] = csp;
      headers['Referrer-Policy'] = 'strict-origin-when-cross-origin';
      // Callback pages: never cached, and no Cross-Origin-Opener-Policy (it would cut the opener).
      if (callback) headers['Cache-Control'] = 'no-store';
    }
    return send(res, 200, type, body, headers);
  };

  let closing;
  return {
    url: `${origin}/`,
    origin,
    emulators,
    openid,
    close() {
      closing ??= Promise.all([
        new Promise((resolve) => {
          server.close(() => resolve());
          server.closeAllConnections();
        }),
        Promise.resolve(emulators.close()),
        openid.close(),
      ]).then(() => undefined);
      return closing;
    },
  };
}

async function loadModule(path, what) {
  const file = fileURLToPath(new URL(path, import.meta.url));
  if (!existsSync(file)) throw new Error(`${what} (demo/${path.slice(2)}) is missing from this checkout`);
  return import(path);
}

function listen(server, port) {
  return new Promise((resolve, reject) => {
    const onError = (error) => {
      server.off('listening', onListening);
      reject(error);
    };
    const onListening = () => {
      server.off('error', onError);
      resolve();
    };
    server.once('error', onError);
    server.once('listening', onListening);
    server.listen(port, '127.0.0.1');
  });
}

/** `--port 4200`, `--port=4200` or PORT=4200; otherwise 4100. */
function portFromArgs(argv = process.argv.slice(2), env = process.env) {
  let value = env.PORT;
  argv.forEach((arg, i) => {
    if (arg === '--port' || arg === '-p') value = argv[i + 1];
    else if (arg.startsWith('--port=')) value = arg.slice('--port='.length);
  });
  if (value === undefined || value === '') return DEFAULT_PORT;
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error(`--port: expected a port number from 0 to 65535, but got ${JSON.stringify(value)}`);
  }
  return port;
}

async function main() {
  const say = (line = '') => process.stdout.write(`${line}\n`);
  let port;
  let demo;
  try {
    port = portFromArgs();
    demo = await startDemo({ port, log: say });
  } catch (error) {
    if (error?.code === 'EADDRINUSE') {
      process.stderr.write(
        `Port ${port} is already in use — is the demo already running in another terminal?\n` +
          `Stop that process, or pick another port: npm start -- --port ${port + 1}\n`,
      );
    } else {
      process.stderr.write(`The demo could not start: ${error?.message ?? error}\n`);
    }
    process.exit(1);
  }
  const names = { ultrapass: 'UltrapassId', ulm: 'ULM Cloud', fiskil: 'Fiskil', complycube: 'ComplyCube' };
  say();
  say('  hosted-auth-session demo — running offline');
  say();
  say(`  Open  ${demo.url}`);
  say();
  for (const [key, label] of Object.entries(names)) {
    if (demo.emulators[key]) say(`  ${`${label} emulator`.padEnd(22)} ${demo.emulators[key].origin}`);
  }
  say(`  ${'OpenID Provider'.padEnd(22)} ${demo.openid.issuer}  (any login and password)`);
  say();
  say('  Press Ctrl-C to stop.');
  let stopping = false;
  const stop = (signal) => {
    if (stopping) process.exit(130); // a second Ctrl-C does not wait
    stopping = true;
    say(`\n  ${signal === 'SIGINT' ? 'Ctrl-C' : signal}: stopping the demo…`);
    const force = setTimeout(() => process.exit(1), 3000);
    force.unref();
    demo.close().then(
      () => {
        say('  Stopped.');
        process.exit(0);
      },
      (error) => {
        process.stderr.write(`  Could not stop cleanly: ${error?.message ?? error}\n`);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await main();
}
