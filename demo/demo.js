// The playground: turns the form into a live <hosted-auth-session>, its snippet and its event log.
import {
  createFlowElement,
  flowAttributes,
  loadDemoConfig,
  MODES,
  normaliseChoice,
  PROVIDERS,
  readChoice,
  saveChoice,
  snippets,
} from './demo-config.js';
import { createEventLog } from './event-log.js';

const $ = (id) => document.getElementById(id);
const form = $('controls');
const stage = $('stage');
const abortButton = $('abort');
const statusPill = $('status');
const log = createEventLog($('event-log'), { empty: $('log-empty') });

let config = { scenarios: {}, emulators: {}, ulmAccounts: [] };
let choice = readChoice();
let current; // { element, unwatch, observer }

function radio(name, value, title, description) {
  const label = document.createElement('label');
  label.className = description ? 'choice' : 'segment';
  const input = document.createElement('input');
  input.type = 'radio';
  input.name = name;
  input.value = value;
  const text = document.createElement('span');
  text.className = 'choice-title';
  text.textContent = title;
  label.append(input, text);
  if (description) {
    const small = document.createElement('span');
    small.className = 'choice-description';
    small.textContent = description;
    label.append(small);
  }
  return label;
}

function renderOptions() {
  $('provider-options').replaceChildren(
    ...Object.entries(PROVIDERS).map(([id, provider]) => radio('provider', id, provider.label, provider.kind)),
  );
  $('mode-options').replaceChildren(...Object.keys(MODES).map((mode) => radio('mode', mode, mode)));
}

function scenariosFor(provider) {
  return config.scenarios?.[provider] ?? [];
}

function renderScenarios() {
  const list = scenariosFor(choice.provider);
  const select = $('scenario');
  select.replaceChildren(
    ...list.map((scenario) => {
      const option = document.createElement('option');
      option.value = scenario.id;
      option.textContent = scenario.label;
      return option;
    }),
  );
  if (!list.some((scenario) => scenario.id === choice.scenario)) choice.scenario = list[0]?.id ?? '';
  select.value = choice.scenario;
  select.disabled = list.length === 0;
}

function currentScenario() {
  return scenariosFor(choice.provider).find((scenario) => scenario.id === choice.scenario);
}

function setFormValues() {
  for (const name of ['provider', 'mode', 'onWindowClosed']) {
    const input = form.querySelector(`input[name="${name}"][value="${choice[name]}"]`);
    if (input) input.checked = true;
  }
  $('confirm').checked = choice.confirm;
  renderScenarios();
}

function renderNotes() {
  const provider = PROVIDERS[choice.provider];
  $('provider-note').textContent = provider.note;
  $('mode-note').textContent = MODES[choice.mode];
  const popup = choice.mode === 'popup';
  $('closed-field').disabled = !popup;
  $('closed-note').textContent = !popup
    ? 'Only a popup can read as closed; this setting applies to mode="popup".'
    : choice.onWindowClosed === 'wait'
      ? 'A popup that reads as closed is not a cancel: the element keeps waiting for the return page’s report, with a Cancel button.'
      : choice.onWindowClosed === 'auto'
        ? 'Closed within 3 s of reaching the provider (its page cut the link): the element waits, with a Cancel button. Closed later: session-cancel “closed”.'
        : choice.provider === 'ultrapass'
          ? 'Heads-up: UltrapassId’s COOP makes its popup read as closed, so this flow ends as cancel “closed”. Try “auto”.'
          : 'Closing the popup ends the flow as session-cancel with reason “closed”.';
  $('confirm-field').disabled = !provider.hosted;
  $('confirm-note').textContent = !provider.hosted
    ? 'ULM answers at once, with no return URL to confirm.'
    : choice.confirm
      ? `A success is POSTed to /api/${choice.provider}/confirm first: the flow must come back to this browser, with its state, once${choice.provider === 'oidc' ? ', and the backend exchanges the code' : ''}.`
      : 'A success is reported as soon as the flow reaches the return URL: anyone can type that URL.';
  const scenario = currentScenario();
  $('scenario-note').textContent = scenario?.note ?? '';
  $('ulm-accounts').hidden = choice.provider !== 'ulm' || (config.ulmAccounts ?? []).length === 0;
  $('try-context').textContent = `${provider.label} · ${provider.kind} · mode="${choice.mode}"`;
}

function showStatus(status) {
  statusPill.dataset.status = status;
  $('status-text').textContent = status;
  abortButton.disabled = status !== 'loading' && status !== 'open';
}

function mountElement() {
  if (current) {
    // Removing a running element aborts its flow; its last event still reaches the log.
    current.element.remove();
    current.unwatch();
    current.observer.disconnect();
  }
  const attributes = flowAttributes(choice, { origin: location.origin, emulators: config.emulators });
  const scenario = currentScenario();
  const element = createFlowElement(attributes, { label: PROVIDERS[choice.provider].button, body: scenario?.body });
  const unwatch = log.watch(element);
  const observer = new MutationObserver(() => showStatus(element.getAttribute('status') ?? 'idle'));
  observer.observe(element, { attributes: true, attributeFilter: ['status'] });
  stage.replaceChildren(element);
  current = { element, unwatch, observer };
  showStatus(element.getAttribute('status') ?? 'idle');

  const text = snippets(choice, attributes, { label: PROVIDERS[choice.provider].button, body: scenario?.body });
  $('snippet-page').textContent = text.page;
  $('snippet-script').textContent = text.script;
  $('snippet-returns').textContent = text.returns;
}

function update() {
  saveChoice(choice);
  renderNotes();
  mountElement();
}

function renderReference() {
  const rows = (config.ulmAccounts ?? []).map((account) => {
    const row = document.createElement('tr');
    for (const value of [account.identifier, account.password, account.outcome]) {
      const cell = document.createElement('td');
      cell.textContent = value ?? '';
      row.append(cell);
    }
    return row;
  });
  $('ulm-account-rows').replaceChildren(...rows);

  const origins = [['Merchant site (this page, backend, return pages)', location.origin]];
  for (const [id, provider] of Object.entries(PROVIDERS)) {
    const what = id === 'oidc' ? 'Provider' : 'emulator';
    if (config.emulators?.[id]) origins.push([`${provider.label} ${what}`, config.emulators[id]]);
  }
  $('origins').replaceChildren(
    ...origins.flatMap(([name, origin]) => {
      const term = document.createElement('dt');
      term.textContent = name;
      const value = document.createElement('dd');
      const code = document.createElement('code');
      code.textContent = origin;
      value.append(code);
      return [term, value];
    }),
  );
}

async function copy(button) {
  const source = $(button.dataset.copy);
  const text = source.textContent ?? '';
  const status = $('copy-status');
  try {
    await navigator.clipboard.writeText(text);
    status.textContent = 'Copied to the clipboard.';
  } catch {
    // No clipboard permission (e.g. plain http on another host): select it for Ctrl/⌘-C instead.
    getSelection()?.selectAllChildren(source);
    status.textContent = 'Selected — press Ctrl-C or ⌘-C to copy.';
  }
  button.textContent = 'Copied';
  setTimeout(() => {
    button.textContent = 'Copy';
  }, 1500);
}

form.addEventListener('change', (event) => {
  const target = event.target;
  if (!(target instanceof HTMLInputElement || target instanceof HTMLSelectElement)) return;
  const value = target instanceof HTMLInputElement && target.type === 'checkbox' ? target.checked : target.value;
  choice = normaliseChoice({ ...choice, [target.name]: value });
  if (target.name === 'provider') renderScenarios();
  update();
});
form.addEventListener('submit', (event) => event.preventDefault());
abortButton.addEventListener('click', () => current?.element.cancel());
$('clear-log').addEventListener('click', () => log.clear());
for (const button of document.querySelectorAll('[data-copy]')) {
  button.addEventListener('click', () => void copy(button));
}

renderOptions();
try {
  config = { ...config, ...(await loadDemoConfig()) };
} catch (error) {
  $('scenario-note').textContent =
    `Could not load the demo configuration (${error.message}). Is npm start still running?`;
}
setFormValues();
renderReference();
update();
document.body.dataset.ready = 'true';
