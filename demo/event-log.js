// The live event log: every event a <hosted-auth-session> fires, newest first — one sentence that
// says what happened, then the event's name and time, and its raw detail behind a click.
import { PROVIDERS } from './demo-config.js';

export const EVENT_NAMES = ['session-created', 'session-success', 'session-cancel', 'session-error'];

const TONES = {
  'session-created': 'info',
  'session-success': 'success',
  'session-cancel': 'cancel',
  'session-error': 'error',
};

/** What finishing a flow means with each provider, for the log's first sentence. */
const DONE = {
  ultrapass: 'Signed in with UltrapassId',
  fiskil: 'Bank connected with Fiskil',
  complycube: 'Identity check finished with ComplyCube',
  ulm: 'Signed in with ULM Cloud',
  generic: 'Finished with the provider',
};

/** What each error code means, said to a person reading the log. */
const ERRORS = {
  config: 'The element is set up wrongly',
  network: 'The backend could not be reached',
  invalid_response: 'The backend’s answer is not a usable session',
  invalid_session_url: 'The session URL was refused as unsafe or not allowed',
  popup_blocked: 'The browser blocked the popup',
  timeout: 'The flow took too long and timed out',
  expired: 'The session expired before it could be opened',
  provider_error: 'The provider reported an error',
  incomplete: 'ULM Cloud needs another step before the sign-in completes',
  state_mismatch: 'The flow came back with another flow’s state, so nothing from it is trusted',
  unconfirmed:
    'The backend did not confirm the success (not this browser’s flow, replayed, or refused by the provider)',
};

/**
 * One sentence that says what happened, for a person: the log leads with it and keeps the raw
 * detail one click away. `element` (optional) tells the provider and mode when the detail does not.
 */
export function summarise(name, detail = {}, element) {
  const provider = detail.session?.provider ?? element?.provider;
  const sessionId = detail.session?.sessionId;
  switch (name) {
    case 'session-created': {
      const label = PROVIDERS[provider]?.label ?? 'A';
      const id = sessionId ? ` ${sessionId}` : '';
      return `${label} session${id} created by the backend; the hosted page opens.`;
    }
    case 'session-success': {
      const done = DONE[provider] ?? DONE.generic;
      if (detail.result !== undefined) return `${done}: the backend answered with the result at once, no hosted page.`;
      // The OpenID card's backend answers with who signed in.
      if (detail.confirmed?.signedInAs) return `Signed in as ${detail.confirmed.signedInAs}, confirmed by the backend.`;
      if (detail.confirmed !== undefined) {
        return `${done}, confirmed by the backend${sessionId ? ` — session ${sessionId}` : ''}.`;
      }
      return sessionId
        ? `${done} — session ${sessionId} completed.`
        : `${done} — the flow reached ${pathOf(detail.url)}.`;
    }
    case 'session-cancel':
      return (
        {
          'cancel-url': 'The user cancelled on the provider’s page.',
          closed: element?.mode === 'popup' ? 'The user closed the popup.' : 'The user closed the dialog.',
          denied: 'The user refused access on the provider’s page.',
          aborted: 'The page aborted the flow (cancel() or the element was removed).',
        }[detail.reason] ?? `The flow was cancelled (${detail.reason}).`
      );
    case 'session-error': {
      const extra = [detail.providerCode, detail.retryable ? 'worth retrying' : undefined].filter(Boolean);
      const what =
        detail.code === 'http'
          ? `The backend refused: HTTP ${detail.status}`
          : (ERRORS[detail.code] ?? `Error ${detail.code}`);
      return `${what}${extra.length ? ` (${extra.join(', ')})` : ''}.`;
    }
    default:
      return name;
  }
}

function pathOf(url) {
  try {
    return new URL(url).pathname;
  } catch {
    return String(url ?? '');
  }
}

function clock(date) {
  const pad = (n, width = 2) => String(n).padStart(width, '0');
  return `${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}.${pad(date.getMilliseconds(), 3)}`;
}

function node(tag, className, text) {
  const element = document.createElement(tag);
  if (className) element.className = className;
  if (text !== undefined) element.textContent = text;
  return element;
}

/**
 * A log bound to an `<ol>`; `empty` is shown while it has no entries. Entries are built with
 * textContent only: event details are data, never markup.
 */
export function createEventLog(list, { empty } = {}) {
  let count = 0;
  const sync = () => {
    if (empty) empty.hidden = count > 0;
  };
  sync();

  const add = (name, detail, source, element) => {
    count += 1;
    const entry = node('li', `log-entry tone-${TONES[name] ?? 'info'}`);
    entry.dataset.event = name;
    if (source) entry.dataset.source = source;
    const time = node('time', 'log-time', clock(new Date()));
    time.dateTime = new Date().toISOString();
    const meta = node('div', 'log-meta');
    meta.append(node('span', 'log-event', name));
    if (source) meta.append(node('span', 'log-source', `#${source}`));
    meta.append(time);
    const raw = node('details', 'log-raw');
    const body = node('pre', 'log-detail');
    body.textContent = JSON.stringify(detail ?? null, null, 2);
    raw.append(node('summary', '', 'Event detail (JSON)'), body);
    entry.append(node('p', 'log-summary', summarise(name, detail, element)), meta, raw);
    list.prepend(entry);
    sync();
  };

  return {
    add,
    clear() {
      list.replaceChildren();
      count = 0;
      sync();
    },
    /**
     * Logs every event `element` fires (marked with `source`, e.g. its id, when given); returns a
     * function that stops listening.
     */
    watch(element, { source } = {}) {
      const handlers = EVENT_NAMES.map((name) => {
        const handler = (event) => add(name, event.detail, source, element);
        element.addEventListener(name, handler);
        return [name, handler];
      });
      return () => handlers.forEach(([name, handler]) => element.removeEventListener(name, handler));
    },
  };
}
