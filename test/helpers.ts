import { fixture, html } from '@open-wc/testing';
import type { HostedAuthSession } from '../src/index.js';
import { PENDING_KEY_PREFIX } from '../src/flow/pending.js';

/** The fake provider's origin: the same test server reached as 127.0.0.1, a different origin. */
export const PROVIDER_ORIGIN = `http://127.0.0.1:${location.port}`;
export const MERCHANT_ORIGIN = location.origin;
export const DONE_URL = `${MERCHANT_ORIGIN}/callback/done`;
export const CANCEL_URL = `${MERCHANT_ORIGIN}/callback/cancel`;
export const PLAIN_DONE_URL = `${MERCHANT_ORIGIN}/plain/done`;
export const PLAIN_CANCEL_URL = `${MERCHANT_ORIGIN}/plain/cancel`;

let counter = 0;
/** A fresh id for /api/session, so each test reads only its own recorded requests. */
export function uniqueId(): string {
  counter += 1;
  return `${Date.now().toString(36)}-${counter}-${Math.random().toString(36).slice(2, 8)}`;
}

/** The test merchant endpoint with options (see test/server/plugin.js). */
export function endpoint(id: string, options: Record<string, string | number> = {}): string {
  const query = new URLSearchParams({
    id,
    ...Object.fromEntries(Object.entries(options).map(([k, v]) => [k, String(v)])),
  });
  return `/api/session?${query}`;
}

export interface RecordedRequest {
  method: string;
  headers: Record<string, string>;
  body: Record<string, unknown>;
  at: number;
}

export async function recordedRequests(id: string): Promise<RecordedRequest[]> {
  const response = await fetch(`/api/requests?id=${encodeURIComponent(id)}`);
  return (await response.json()) as RecordedRequest[];
}

/** Every window.open call, with the window it returned; restore() puts the real one back. */
export function spyOnWindowOpen(replacement?: (...args: Parameters<typeof window.open>) => Window | null) {
  const real = window.open;
  const calls: { args: Parameters<typeof window.open>; win: Window | null }[] = [];
  window.open = ((...args: Parameters<typeof window.open>) => {
    const win = replacement ? replacement(...args) : real.apply(window, args);
    calls.push({ args, win });
    return win;
  }) as typeof window.open;
  return {
    calls,
    restore() {
      for (const call of calls) {
        try {
          call.win?.close();
        } catch {
          // already gone
        }
      }
      window.open = real;
    },
  };
}

/** Counts terminal events of an element. */
export function countOutcomes(el: HostedAuthSession) {
  const seen: string[] = [];
  for (const name of ['session-success', 'session-cancel', 'session-error'] as const) {
    el.addEventListener(name, () => seen.push(name));
  }
  return seen;
}

export function waitFor(predicate: () => boolean, timeout = 5000, interval = 20): Promise<void> {
  const start = Date.now();
  return new Promise((resolve, reject) => {
    const check = () => {
      if (predicate()) resolve();
      else if (Date.now() - start > timeout) reject(new Error('waitFor timed out'));
      else setTimeout(check, interval);
    };
    check();
  });
}

/** Listener types whose live count the leak checks read (on window and document). */
const TRACKED_TYPES = new Set(['message', 'focus', 'visibilitychange', 'DOMContentLoaded']);

/**
 * Counts live handles the element may leave behind: `message`, `focus`, `visibilitychange` and
 * `DOMContentLoaded` listeners on window and document, intervals, timeouts not yet run, and
 * BroadcastChannels. Wraps the browser APIs until `restore()`.
 */
export function trackHandles() {
  const targets = [window, document] as const;
  const real = targets.map((target) => ({
    target,
    add: target.addEventListener,
    remove: target.removeEventListener,
  }));
  const realSetInterval = window.setInterval;
  const realClearInterval = window.clearInterval;
  const realSetTimeout = window.setTimeout;
  const realClearTimeout = window.clearTimeout;
  const RealChannel = window.BroadcastChannel;
  const listeners = new Set<string>();
  const keyOf = (target: object, type: string, listener: unknown) =>
    `${target === window ? 'w' : 'd'}:${type}:${listenerIds.get(listener as object) ?? register(listener as object)}`;
  const listenerIds = new WeakMap<object, number>();
  let nextId = 0;
  const register = (listener: object) => {
    nextId += 1;
    listenerIds.set(listener, nextId);
    return nextId;
  };
  const intervals = new Set<number>();
  const timeouts = new Set<number>();
  const channels = new Set<BroadcastChannel>();
  for (const { target, add, remove } of real) {
    target.addEventListener = function (this: EventTarget, type: string, listener: unknown, options?: unknown) {
      if (TRACKED_TYPES.has(type) && listener) listeners.add(keyOf(target, type, listener));
      return add.call(this, type, listener as EventListener, options as AddEventListenerOptions);
    } as typeof target.addEventListener;
    target.removeEventListener = function (this: EventTarget, type: string, listener: unknown, options?: unknown) {
      if (TRACKED_TYPES.has(type) && listener) listeners.delete(keyOf(target, type, listener));
      return remove.call(this, type, listener as EventListener, options as EventListenerOptions);
    } as typeof target.removeEventListener;
  }
  window.setInterval = ((handler: TimerHandler, timeout?: number, ...args: unknown[]) => {
    const id = realSetInterval.call(window, handler, timeout, ...args);
    intervals.add(id);
    return id;
  }) as typeof window.setInterval;
  window.clearInterval = ((id?: number) => {
    if (id !== undefined) intervals.delete(id);
    realClearInterval.call(window, id);
  }) as typeof window.clearInterval;
  window.setTimeout = ((handler: TimerHandler, timeout?: number, ...args: unknown[]) => {
    const id: number = realSetTimeout.call(
      window,
      (...inner: unknown[]) => {
        timeouts.delete(id);
        if (typeof handler === 'function') (handler as (...a: unknown[]) => void)(...inner);
      },
      timeout,
      ...args,
    );
    timeouts.add(id);
    return id;
  }) as typeof window.setTimeout;
  window.clearTimeout = ((id?: number) => {
    if (id !== undefined) timeouts.delete(id);
    realClearTimeout.call(window, id);
  }) as typeof window.clearTimeout;
  window.BroadcastChannel = class extends RealChannel {
    constructor(name: string) {
      super(name);
      channels.add(this);
    }
    override close() {
      channels.delete(this);
      super.close();
    }
  };
  return {
    live: () => ({ listeners: listeners.size, intervals: intervals.size, channels: channels.size }),
    /** Timeouts not yet run or cleared (the element's only pending ones would be leaks). */
    pendingTimeouts: () => timeouts.size,
    restore() {
      for (const { target, add, remove } of real) {
        target.addEventListener = add;
        target.removeEventListener = remove;
      }
      window.setInterval = realSetInterval;
      window.clearInterval = realClearInterval;
      window.setTimeout = realSetTimeout;
      window.clearTimeout = realClearTimeout;
      window.BroadcastChannel = RealChannel;
    },
  };
}

/** Mounts an element with the test return pages and the given endpoint and attributes. */
export async function mountElement(
  endpointUrl: string,
  attributes: Record<string, string> = {},
): Promise<HostedAuthSession> {
  const el = await fixture<HostedAuthSession>(html`<hosted-auth-session
    endpoint=${endpointUrl}
    redirect-url=${DONE_URL}
    cancel-url=${CANCEL_URL}
    >Verify</hosted-auth-session
  >`);
  for (const [name, value] of Object.entries(attributes)) el.setAttribute(name, value);
  await el.updateComplete;
  return el;
}

/** The element's own button, as a user clicks it. */
export function buttonOf(el: HostedAuthSession): HTMLButtonElement {
  return el.shadowRoot!.querySelector<HTMLButtonElement>('[part="button"]')!;
}

/** The next window message whose data has `type`, from any source. */
export function nextMessage(type: string, timeout = 5000): Promise<MessageEvent> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      window.removeEventListener('message', listen);
      reject(new Error(`no ${type} message within ${timeout} ms`));
    }, timeout);
    const listen = (event: MessageEvent) => {
      const data: unknown = event.data;
      if (typeof data !== 'object' || data === null || (data as { type?: unknown }).type !== type) return;
      clearTimeout(timer);
      window.removeEventListener('message', listen);
      resolve(event);
    };
    window.addEventListener('message', listen);
  });
}

/** The next BroadcastChannel report whose URL includes `marker`. */
export function nextChannelReport(marker: string, timeout = 5000): Promise<string> {
  const channel = new BroadcastChannel('hosted-auth-session');
  return new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no channel report with ${marker}`)), timeout);
    channel.onmessage = (event: MessageEvent<{ url?: unknown }>) => {
      const url = event.data?.url;
      if (typeof url === 'string' && url.includes(marker)) {
        clearTimeout(timer);
        resolve(url);
      }
    };
  }).finally(() => channel.close());
}

/**
 * Resolves once every message this window posted to itself before the call has been delivered:
 * window messages arrive in order, so a marker posted last arriving means the earlier ones did.
 */
export async function postedMessagesDelivered(): Promise<void> {
  const type = `hosted-auth-session-test:marker:${uniqueId()}`;
  const marker = nextMessage(type);
  window.postMessage({ type }, MERCHANT_ORIGIN);
  await marker;
}

/** The popup the element opened (the first window.open call). */
export function popupOf(spy: ReturnType<typeof spyOnWindowOpen>): Window {
  const win = spy.calls[0]?.win;
  if (!win) throw new Error('no popup was opened');
  return win;
}

/** Keeps the page's main thread busy for `ms`, as a page's own heavy listener would. */
export function holdMainThread(ms: number): void {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    // busy
  }
}

/** Waits until the test server recorded `count` requests under `id`. */
export async function waitForRequests(id: string, count: number): Promise<void> {
  const end = Date.now() + 5000;
  while ((await recordedRequests(id)).length < count) {
    if (Date.now() > end) throw new Error(`expected ${count} request(s) to ${id}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

// The element writes each config error to the console (test/console.test.ts shows it); the many
// tests that provoke one on purpose keep the runner's output quiet by dropping those lines only.
const consoleError = console.error;
beforeEach(() => {
  console.error = (...args: unknown[]) => {
    if (typeof args[0] === 'string' && args[0].startsWith('<hosted-auth-session> ')) return;
    consoleError(...args);
  };
});
afterEach(() => {
  console.error = consoleError;
});

/** A session as a redirect flow stores it, for return-page tests. */
export const RETURN_SESSION = { provider: 'generic' as const, url: 'https://id.example/s', sessionId: 's9', raw: {} };

/**
 * For return-page tests in a `describe`: after each test the address bar is put back and every
 * pending redirect flow is removed.
 */
export function restoreReturnPageAfterEach(): void {
  const original = location.href;
  afterEach(() => {
    history.replaceState(null, '', original);
    for (const key of Object.keys(sessionStorage)) {
      if (key.startsWith(PENDING_KEY_PREFIX)) sessionStorage.removeItem(key);
    }
  });
}

/** An unconnected `mode="redirect"` element with the test return URLs and `attributes`. */
export function redirectElement(attributes: Record<string, string> = {}): HostedAuthSession {
  const el = document.createElement('hosted-auth-session');
  const all = {
    endpoint: '/api/session',
    mode: 'redirect',
    'redirect-url': DONE_URL,
    'cancel-url': CANCEL_URL,
    ...attributes,
  };
  for (const [name, value] of Object.entries(all)) el.setAttribute(name, value);
  return el;
}
