import type { HostedAuthSession } from '../src/index.js';

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
  const query = new URLSearchParams({ id, ...Object.fromEntries(Object.entries(options).map(([k, v]) => [k, String(v)])) });
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

/**
 * Counts live handles the element may leave behind: window `message` listeners, intervals,
 * BroadcastChannels. Wraps the browser APIs until `restore()`.
 */
export function trackHandles() {
  const realAdd = window.addEventListener;
  const realRemove = window.removeEventListener;
  const realSetInterval = window.setInterval;
  const realClearInterval = window.clearInterval;
  const RealChannel = window.BroadcastChannel;
  const listeners = new Set<unknown>();
  const intervals = new Set<number>();
  const channels = new Set<BroadcastChannel>();
  window.addEventListener = function (this: Window, type: string, listener: unknown, options?: unknown) {
    if (type === 'message') listeners.add(listener);
    return realAdd.call(this, type, listener as EventListener, options as AddEventListenerOptions);
  } as typeof window.addEventListener;
  window.removeEventListener = function (this: Window, type: string, listener: unknown, options?: unknown) {
    if (type === 'message') listeners.delete(listener);
    return realRemove.call(this, type, listener as EventListener, options as EventListenerOptions);
  } as typeof window.removeEventListener;
  window.setInterval = ((handler: TimerHandler, timeout?: number, ...args: unknown[]) => {
    const id = realSetInterval.call(window, handler, timeout, ...args);
    intervals.add(id);
    return id;
  }) as typeof window.setInterval;
  window.clearInterval = ((id?: number) => {
    if (id !== undefined) intervals.delete(id);
    realClearInterval.call(window, id);
  }) as typeof window.clearInterval;
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
    live: () => ({ messageListeners: listeners.size, intervals: intervals.size, channels: channels.size }),
    restore() {
      window.addEventListener = realAdd;
      window.removeEventListener = realRemove;
      window.setInterval = realSetInterval;
      window.clearInterval = realClearInterval;
      window.BroadcastChannel = RealChannel;
    },
  };
}
