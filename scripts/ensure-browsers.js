// `npm test` runs this first (`pretest`): it finds the browsers the tests drive — Chromium,
// Firefox and WebKitGTK (WebKitWebDriver + MiniBrowser, under Xvfb) — and installs the missing
// ones on Debian or Ubuntu when it may (root, or passwordless sudo) with apt-get; otherwise it
// stops and names exactly what to install. Nothing is downloaded from anywhere else.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { findChrome } from './find-chrome.js';
import { findFirefox } from './find-firefox.js';
import { findWebKit } from './webkit-launcher.js';

/** apt package names per distribution (Ubuntu's chromium and firefox are snap-backed packages). */
const APT_PACKAGES = {
  debian: { chromium: 'chromium', firefox: 'firefox-esr', webkit: 'webkit2gtk-driver xvfb' },
  ubuntu: { chromium: 'chromium-browser', firefox: 'firefox', webkit: 'webkit2gtk-driver xvfb' },
};

const MACOS_HELP =
  'On macOS, install Google Chrome (or Chromium) and Firefox into /Applications, or set CHROME_PATH and ' +
  'FIREFOX_PATH to their executables. WebKit runs only through WebKitGTK on Linux: on macOS the component ' +
  'tests run in Chromium and Firefox (TEST_BROWSERS=chromium,firefox is what runs by default).';

/** `debian`, `ubuntu` or undefined, from the text of /etc/os-release. */
export function aptFlavour(osRelease = '') {
  const field = (name) => new RegExp(`^${name}="?([^"\\n]*)"?$`, 'm').exec(osRelease)?.[1] ?? '';
  const ids = [field('ID'), ...field('ID_LIKE').split(/\s+/)];
  if (ids.includes('ubuntu')) return 'ubuntu';
  if (ids.includes('debian')) return 'debian';
  return undefined;
}

/**
 * What to do, from what this machine has — no side effects, so tests can pass any machine in.
 * `machine`: `{ platform, osRelease, root, sudo, aptGet, ci, found: { chromium, firefox, webkit } }`.
 * Chromium and Firefox are required; WebKit is required when `ci` is set, and otherwise installed
 * when it can be, else left out (the component tests then say it was skipped).
 * Returns `{ action: 'none' }`, `{ action: 'install', commands, packages }`, `{ action: 'skip-webkit',
 * message }` or `{ action: 'fail', message }`.
 */
export function decide(machine) {
  const { found } = machine;
  const missing = ['chromium', 'firefox', 'webkit'].filter((name) => !found[name]);
  if (missing.length === 0) return { action: 'none' };
  const flavour = machine.platform === 'linux' ? aptFlavour(machine.osRelease) : undefined;
  const names = flavour ? APT_PACKAGES[flavour] : undefined;
  const packages = names ? missing.flatMap((name) => names[name].split(' ')) : [];
  if (names && machine.aptGet && (machine.root || machine.sudo)) {
    const prefix = machine.root ? [] : ['sudo', '-n'];
    return {
      action: 'install',
      packages,
      commands: [
        [...prefix, 'apt-get', 'update', '-qq'],
        [...prefix, 'apt-get', 'install', '-y', '-qq', '--no-install-recommends', ...packages],
      ],
    };
  }
  const onlyWebKit = missing.length === 1 && missing[0] === 'webkit';
  let help;
  if (names) {
    help = `Install them with: sudo apt-get install ${packages.join(' ')}`;
  } else if (machine.platform === 'darwin') {
    help = MACOS_HELP;
  } else if (machine.platform === 'linux') {
    help =
      'Install Chromium (or Chrome) and Firefox with your package manager and, if they are not in the usual ' +
      'places, set CHROME_PATH and FIREFOX_PATH; WebKit needs WebKitGTK’s WebKitWebDriver and MiniBrowser and Xvfb.';
  } else {
    help = 'Install Google Chrome and Firefox and set CHROME_PATH and FIREFOX_PATH to their executables.';
  }
  if (onlyWebKit && !machine.ci) {
    return { action: 'skip-webkit', message: `WebKit is not installed: the component tests skip it. ${help}` };
  }
  const what = { chromium: 'Chromium', firefox: 'Firefox', webkit: 'WebKit (WebKitWebDriver, MiniBrowser, Xvfb)' };
  return {
    action: 'fail',
    message: `The tests need ${missing.map((name) => what[name]).join(', ')}, which this machine lacks. ${help}`,
  };
}

function has(find) {
  try {
    find();
    return true;
  } catch {
    return false;
  }
}

/** This machine, as `decide()` takes it. */
export function inspectMachine() {
  const run = (command, args) => spawnSync(command, args, { stdio: 'ignore' }).status === 0;
  const root = typeof process.getuid === 'function' && process.getuid() === 0;
  return {
    platform: process.platform,
    osRelease: existsSync('/etc/os-release') ? readFileSync('/etc/os-release', 'utf8') : '',
    root,
    sudo: !root && process.platform === 'linux' && run('sudo', ['-n', 'true']),
    aptGet: existsSync('/usr/bin/apt-get'),
    ci: Boolean(process.env.CI),
    found: { chromium: has(findChrome), firefox: has(findFirefox), webkit: has(findWebKit) },
  };
}

function main() {
  const decision = decide(inspectMachine());
  if (decision.action === 'none') return;
  if (decision.action === 'skip-webkit') {
    process.stderr.write(`ensure-browsers: ${decision.message}\n`);
    return;
  }
  if (decision.action === 'fail') {
    process.stderr.write(`ensure-browsers: ${decision.message}\n`);
    process.exit(1);
  }
  process.stderr.write(`ensure-browsers: installing ${decision.packages.join(' ')} with apt-get\n`);
  for (const [command, ...args] of decision.commands) {
    const result = spawnSync(command, args, {
      stdio: ['ignore', 'ignore', 'inherit'],
      env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
    });
    if (result.status !== 0) {
      process.stderr.write(
        `ensure-browsers: \`${command} ${args.join(' ')}\` failed (${result.status ?? result.error})\n`,
      );
      process.exit(1);
    }
  }
  const after = decide({ ...inspectMachine(), root: false, sudo: false });
  if (after.action === 'fail') {
    process.stderr.write(`ensure-browsers: still missing after the install. ${after.message}\n`);
    process.exit(1);
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) main();
