// What the demo pages share: the providers, the visitor's choice, and how a choice becomes a
// <hosted-auth-session> element and the snippet that reproduces it.

export const CALLBACK_PATHS = { success: '/callback/success.html', cancel: '/callback/cancel.html' };

export const PROVIDERS = {
  ultrapass: {
    label: 'UltrapassId',
    kind: 'Passwordless sign-in',
    button: 'Sign in with UltrapassId',
    hosted: true,
    note:
      'Its hosted page sends Cross-Origin-Opener-Policy: same-origin, which cuts the popup’s link to this page: ' +
      'the popup reads as closed at once, so on-window-closed="auto" (the default) waits for the return page’s report.',
  },
  fiskil: {
    label: 'Fiskil',
    kind: 'Open-banking consent',
    button: 'Connect your bank',
    hosted: true,
    note: 'The auth URL expires; the element refuses to open an expired session.',
  },
  complycube: {
    label: 'ComplyCube',
    kind: 'Identity verification',
    button: 'Verify your identity',
    hosted: true,
    note: 'KYC flows need the camera: iframe modes pass allow="camera; microphone; …" to the frame.',
  },
  oidc: {
    label: 'OpenID Connect',
    kind: 'Sign in with …',
    button: 'Sign in with OpenID',
    hosted: true,
    // The backend answers the generic { url, expiresAt }.
    adapter: 'generic',
    note:
      'A real OpenID Provider (oidc-provider) on this machine: sign in with any login and password. ' +
      'Switch on confirm-endpoint and your backend exchanges the code: the event log shows who signed in. ' +
      'Its cookies are SameSite=Lax, so it refuses to run in a third-party iframe: use popup or redirect.',
  },
  ulm: {
    label: 'ULM Cloud',
    kind: 'Session start',
    button: 'Sign in with ULM',
    hosted: false,
    note: 'ULM answers at once, without a hosted page: the display mode changes nothing.',
  },
};

export const MODES = {
  popup: 'A centred popup window, opened inside the click.',
  iframe: 'A modal dialog holding the hosted page; Esc or × closes it.',
  inline: 'The hosted page inside the element’s own box.',
  redirect: 'The whole tab goes to the provider and comes back to a return page.',
};

export const DEFAULT_CHOICE = {
  provider: 'fiskil',
  mode: 'popup',
  onWindowClosed: 'auto',
  scenario: '',
  confirm: false,
};

const STORAGE_KEY = 'hosted-auth-session-demo:choice';

/** The visitor's last choice in this tab (it survives the redirect mode's round trip). */
export function readChoice() {
  try {
    const saved = JSON.parse(sessionStorage.getItem(STORAGE_KEY) ?? 'null');
    return normaliseChoice(saved ?? {});
  } catch {
    return { ...DEFAULT_CHOICE };
  }
}

export function saveChoice(choice) {
  try {
    sessionStorage.setItem(STORAGE_KEY, JSON.stringify(choice));
  } catch {
    // Private modes may refuse storage: the demo still works, it just forgets the choice.
  }
}

export function normaliseChoice(value) {
  const choice = { ...DEFAULT_CHOICE };
  if (Object.hasOwn(PROVIDERS, value.provider)) choice.provider = value.provider;
  if (Object.hasOwn(MODES, value.mode)) choice.mode = value.mode;
  if (['auto', 'cancel', 'wait'].includes(value.onWindowClosed)) choice.onWindowClosed = value.onWindowClosed;
  if (typeof value.scenario === 'string') choice.scenario = value.scenario;
  if (typeof value.confirm === 'boolean') choice.confirm = value.confirm;
  return choice;
}

/**
 * The element's attributes for a choice, in the order the snippet shows them. `origin` is this
 * site's; `emulators` (provider → origin), when known, pins the hosted page's origin.
 */
export function flowAttributes(choice, { origin, emulators } = {}) {
  const attributes = [
    ['endpoint', `/api/${choice.provider}/session`],
    ['provider', PROVIDERS[choice.provider].adapter ?? choice.provider],
    ['mode', choice.mode],
    ['redirect-url', origin + CALLBACK_PATHS.success],
    ['cancel-url', origin + CALLBACK_PATHS.cancel],
  ];
  const hostedOrigin = PROVIDERS[choice.provider].hosted ? emulators?.[choice.provider] : undefined;
  if (hostedOrigin) attributes.push(['allowed-origins', hostedOrigin]);
  // ULM answers at once: there is no return URL for the backend to confirm.
  if (choice.confirm && PROVIDERS[choice.provider].hosted) {
    attributes.push(['confirm-endpoint', `/api/${choice.provider}/confirm`]);
  }
  if (choice.mode === 'popup' && choice.onWindowClosed !== 'auto') {
    attributes.push(['on-window-closed', choice.onWindowClosed]);
  }
  return attributes;
}

/** A <hosted-auth-session> for the choice; `body` holds the scenario's extra request fields. */
export function createFlowElement(attributes, { label, body } = {}) {
  const element = document.createElement('hosted-auth-session');
  for (const [name, value] of attributes) element.setAttribute(name, value);
  if (body && Object.keys(body).length > 0) element.body = body;
  if (label) element.textContent = label;
  return element;
}

function escapeAttribute(value) {
  return String(value).replaceAll('&', '&amp;').replaceAll('"', '&quot;').replaceAll('<', '&lt;');
}

function markup(attributes, content = '', extra = []) {
  const lines = [...extra, ...attributes].map(([name, value]) =>
    value === true ? `  ${name}` : `  ${name}="${escapeAttribute(value)}"`,
  );
  return `<hosted-auth-session\n${lines.join('\n')}>${content}</hosted-auth-session>`;
}

/** The three snippets that reproduce the running demo: page markup, script, return pages. */
export function snippets(choice, attributes, { label, body }) {
  const page = ['<script src="/dist/hosted-auth-session.iife.js"></script>', '', markup(attributes, label)].join('\n');

  const script = ["const flow = document.querySelector('hosted-auth-session');"];
  if (body && Object.keys(body).length > 0) {
    script.push(`// Extra fields for the merchant backend (this demo scenario):`);
    script.push(`flow.body = ${JSON.stringify(body)};`);
  }
  script.push(
    "flow.addEventListener('session-success', (event) => {",
    attributes.some(([name]) => name === 'confirm-endpoint')
      ? '  // Your backend confirmed it: event.detail.confirmed is its answer.'
      : '  // Confirm the outcome on your server before you trust it (confirm-endpoint).',
    "  console.log('success', event.detail);",
    '});',
    "flow.addEventListener('session-cancel', (event) => console.log('cancel', event.detail.reason));",
    "flow.addEventListener('session-error', (event) => console.error(event.detail.code, event.detail.message));",
  );

  const returns = [
    `<!-- ${CALLBACK_PATHS.success} and ${CALLBACK_PATHS.cancel}: served with no-store, without COOP -->`,
    '<script src="/dist/callback.iife.js"></script>',
  ];
  if (choice.mode === 'redirect') {
    returns.push(
      '',
      '<!-- mode="redirect": the same element on the return page reports the outcome -->',
      '<script src="/dist/hosted-auth-session.iife.js"></script>',
      markup(attributes, '', [['hidden', true]]),
    );
  }
  return { page, script: script.join('\n'), returns: returns.join('\n') };
}

/** GET /api/demo-config: this site's origin, the emulators' origins and their demo data. */
export async function loadDemoConfig() {
  const response = await fetch('/api/demo-config', { headers: { Accept: 'application/json' } });
  if (!response.ok) throw new Error(`GET /api/demo-config answered ${response.status}`);
  return response.json();
}
