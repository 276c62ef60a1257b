// A @web/test-runner browser launcher for WebKitGTK (Debian's webkit2gtk-driver: WebKitWebDriver
// driving MiniBrowser), over plain W3C WebDriver HTTP — wtr only needs a page opened at a URL;
// the tests report back over wtr's own web socket. MiniBrowser needs an X display: without
// DISPLAY the launcher starts its own Xvfb. One window, so one test file at a time.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';

const MINIBROWSER_CANDIDATES = [
  '/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser',
  '/usr/lib/aarch64-linux-gnu/webkit2gtk-4.1/MiniBrowser',
  '/usr/lib/x86_64-linux-gnu/webkit2gtk-4.0/MiniBrowser',
  '/usr/libexec/webkit2gtk-4.1/MiniBrowser',
];

/** Whether WebKitWebDriver and MiniBrowser (and Xvfb, when there is no display) are installed. */
export function findWebKit() {
  const miniBrowser = process.env.MINIBROWSER_PATH ?? MINIBROWSER_CANDIDATES.find((path) => existsSync(path));
  const driver = ['/usr/bin/WebKitWebDriver', '/usr/local/bin/WebKitWebDriver'].find((path) => existsSync(path));
  const xvfb = ['/usr/bin/Xvfb'].find((path) => existsSync(path));
  if (!miniBrowser || !driver || (!process.env.DISPLAY && !xvfb)) {
    throw new Error(
      'WebKit needs WebKitWebDriver, MiniBrowser and (without a display) Xvfb. ' +
        'Debian/Ubuntu: `apt-get install webkit2gtk-driver xvfb`.',
    );
  }
  return { miniBrowser, driver, xvfb };
}

function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** Starts Xvfb on a free display and resolves with `:N` (Xvfb writes the number to fd 3). */
function startXvfb(xvfb) {
  const child = spawn(xvfb, ['-displayfd', '3', '-screen', '0', '1280x1024x24', '-nolisten', 'tcp'], {
    stdio: ['ignore', 'ignore', 'ignore', 'pipe'],
  });
  return new Promise((resolve, reject) => {
    let text = '';
    child.stdio[3].on('data', (chunk) => {
      text += chunk;
      if (text.includes('\n')) resolve({ child, display: `:${text.trim()}` });
    });
    child.on('exit', (code) => reject(new Error(`Xvfb exited with ${code}`)));
  });
}

export function webkitLauncher() {
  let setup;
  let url = '';
  const active = new Set();

  async function command(base, method, path, body) {
    const response = await fetch(`${base}${path}`, {
      method,
      headers: { 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const answer = await response.json();
    if (!response.ok) throw new Error(`WebKitWebDriver ${method} ${path}: ${JSON.stringify(answer.value)}`);
    return answer.value;
  }

  async function start() {
    const { miniBrowser, driver, xvfb } = findWebKit();
    const children = [];
    let display = process.env.DISPLAY;
    if (!display) {
      const started = await startXvfb(xvfb);
      children.push(started.child);
      display = started.display;
    }
    const port = await freePort();
    const child = spawn(driver, [`--port=${port}`], { stdio: 'ignore', env: { ...process.env, DISPLAY: display } });
    children.push(child);
    // A test runner that exits without stop() (killed, crashed) leaves no driver or Xvfb behind.
    process.once('exit', () => {
      for (const started of children) started.kill();
    });
    const base = `http://127.0.0.1:${port}`;
    for (let i = 0; ; i++) {
      try {
        await fetch(`${base}/status`);
        break;
      } catch (error) {
        if (i > 100) throw error;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    }
    const session = await command(base, 'POST', '/session', {
      capabilities: {
        alwaysMatch: {
          browserName: 'MiniBrowser',
          // Like Chromium and Firefox under puppeteer: no popup blocker (the tests click with
          // element.click(), which is no user gesture; the popup-blocker tests stub window.open).
          'webkitgtk:browserOptions': {
            binary: miniBrowser,
            args: ['--automation', '--javascript-can-open-windows-automatically=true'],
          },
        },
      },
    });
    return { base: `${base}/session/${session.sessionId}`, children };
  }

  return {
    name: 'WebKit',
    type: 'webdriver',
    concurrency: 1,
    async initialize() {},
    async startSession(sessionId, sessionUrl) {
      setup ??= start();
      const { base } = await setup;
      active.add(sessionId);
      url = sessionUrl;
      await command(base, 'POST', '/url', { url: sessionUrl });
    },
    isActive: (sessionId) => active.has(sessionId),
    getBrowserUrl: () => url,
    async startDebugSession() {
      throw new Error('Debugging is not supported in the WebKit launcher.');
    },
    async stopSession(sessionId) {
      const { base } = await setup;
      active.delete(sessionId);
      await command(base, 'POST', '/url', { url: 'about:blank' });
      return {};
    },
    async stop() {
      if (!setup) return;
      const { base, children } = await setup;
      await command(base, 'DELETE', '').catch(() => undefined);
      for (const child of children.reverse()) child.kill();
    },
  };
}
