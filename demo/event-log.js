// The live event log: every event a <hosted-auth-session> fires, newest first, with its detail.

export const EVENT_NAMES = ['session-created', 'session-success', 'session-cancel', 'session-error'];

const TONES = {
  'session-created': 'info',
  'session-success': 'success',
  'session-cancel': 'cancel',
  'session-error': 'error',
};

/** One line that says what happened, so the log can be scanned without reading JSON. */
export function summarise(name, detail = {}) {
  switch (name) {
    case 'session-created':
      return `${detail.session?.provider ?? 'session'} · ${detail.session?.sessionId ?? detail.session?.url ?? ''}`;
    case 'session-success':
      return detail.result !== undefined ? 'immediate result, no hosted page' : `reached ${pathOf(detail.url)}`;
    case 'session-cancel':
      return `reason: ${detail.reason}`;
    case 'session-error':
      return [detail.code, detail.status, detail.providerCode].filter((part) => part !== undefined).join(' · ');
    default:
      return '';
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

  const add = (name, detail, source) => {
    count += 1;
    const entry = node('li', `log-entry tone-${TONES[name] ?? 'info'}`);
    entry.dataset.event = name;
    if (source) entry.dataset.source = source;
    const head = node('div', 'log-head');
    const time = node('time', 'log-time', clock(new Date()));
    time.dateTime = new Date().toISOString();
    const summary = summarise(name, detail);
    head.append(
      node('span', 'log-event', name),
      node('span', 'log-summary', source ? `#${source} · ${summary}` : summary),
      time,
    );
    const body = node('pre', 'log-detail');
    body.textContent = JSON.stringify(detail ?? null, null, 2);
    entry.append(head, body);
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
        const handler = (event) => add(name, event.detail, source);
        element.addEventListener(name, handler);
        return [name, handler];
      });
      return () => handlers.forEach(([name, handler]) => element.removeEventListener(name, handler));
    },
  };
}
