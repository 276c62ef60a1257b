// Runs in the bench page before anything else (Playwright `addInitScript`): counts the live
// handles a page can leak — intervals, pending timeouts, window/document listeners,
// BroadcastChannels, open popups — and records, for every `window.open`, whether it ran while the
// click that started the flow was still being dispatched. Self-contained: it is serialised.
export function installProbe() {
  const intervals = new Set();
  const timeouts = new Set();
  const listeners = new Map();
  const channels = new Set();
  const popups = [];
  const opens = [];
  let clickInDispatch = null;
  let lastClickAt = 0;

  const realSetInterval = window.setInterval;
  const realClearInterval = window.clearInterval;
  const realSetTimeout = window.setTimeout;
  const realClearTimeout = window.clearTimeout;
  // With `recordTicks` on, how long an interval callback (the element's poll tick) runs: each
  // firing runs it TICK_REPEAT times back to back and records the mean, since performance.now()
  // is coarsened to 100 µs in a page that is not cross-origin isolated. (Repeating a tick is
  // harmless while the window is cross-origin; once a tick ends the flow, the rest return early.)
  const TICK_REPEAT = 100;
  const ticks = [];
  let recordTicks = false;
  window.setInterval = function (callback, ...rest) {
    const timed =
      typeof callback === 'function'
        ? function (...args) {
            if (!recordTicks) return callback.apply(this, args);
            const start = performance.now();
            for (let n = 0; n < TICK_REPEAT; n++) callback.apply(this, args);
            ticks.push((performance.now() - start) / TICK_REPEAT);
            return undefined;
          }
        : callback;
    const id = realSetInterval.call(this, timed, ...rest);
    intervals.add(id);
    return id;
  };
  window.clearInterval = function (id) {
    intervals.delete(id);
    return realClearInterval.call(this, id);
  };
  window.setTimeout = function (callback, ...rest) {
    let id = 0;
    const wrapped =
      typeof callback === 'function'
        ? function (...args) {
            timeouts.delete(id);
            return callback.apply(this, args);
          }
        : callback;
    id = realSetTimeout.call(this, wrapped, ...rest);
    timeouts.add(id);
    return id;
  };
  window.clearTimeout = function (id) {
    timeouts.delete(id);
    return realClearTimeout.call(this, id);
  };

  // Listeners on window and document, by target, type and phase. Plain Maps and Sets whose
  // entries go when a listener goes, so the probe itself keeps nothing alive.
  const keyOf = (target, type, options) =>
    `${target === window ? 'window' : 'document'} ${type} ${
      typeof options === 'boolean' ? options : Boolean(options?.capture)
    }`;
  const untrack = (key, listener) => {
    const set = listeners.get(key);
    if (set?.delete(listener) && set.size === 0) listeners.delete(key);
  };
  const onceHelpers = new Map();
  for (const target of [window, document]) {
    const add = target.addEventListener;
    const remove = target.removeEventListener;
    target.addEventListener = function (type, listener, options) {
      if (listener) {
        const key = keyOf(target, type, options);
        if (!listeners.has(key)) listeners.set(key, new Set());
        listeners.get(key).add(listener);
        if (typeof options === 'object' && options?.once) {
          const helper = () => {
            onceHelpers.delete(listener);
            untrack(key, listener);
          };
          onceHelpers.set(listener, { key, helper, capture: Boolean(options.capture) });
          add.call(this, type, helper, { once: true, capture: Boolean(options.capture) });
        }
      }
      return add.call(this, type, listener, options);
    };
    target.removeEventListener = function (type, listener, options) {
      if (listener) {
        const key = keyOf(target, type, options);
        untrack(key, listener);
        const once = onceHelpers.get(listener);
        if (once?.key === key) {
          onceHelpers.delete(listener);
          remove.call(this, type, once.helper, { capture: once.capture });
        }
      }
      return remove.call(this, type, listener, options);
    };
  }

  const RealChannel = window.BroadcastChannel;
  window.BroadcastChannel = class extends RealChannel {
    constructor(name) {
      super(name);
      channels.add(this);
    }
    close() {
      channels.delete(this);
      return super.close();
    }
  };

  // The click that starts a flow is composed: a window capture listener runs before the element's
  // own handler, a window bubble listener after it. In between, the click is being dispatched.
  window.addEventListener(
    'click',
    (event) => {
      clickInDispatch = event;
      lastClickAt = performance.timeOrigin + event.timeStamp;
    },
    true,
  );
  window.addEventListener('click', () => (clickInDispatch = null));
  const realOpen = window.open;
  window.open = function (...args) {
    const click = clickInDispatch;
    const win = realOpen.apply(this, args);
    opens.push({
      insideClickDispatch: click !== null,
      trustedClick: click?.isTrusted === true,
      userActivation: navigator.userActivation?.isActive ?? null,
      pageEverActivated: navigator.userActivation?.hasBeenActive ?? null,
      opened: win !== null,
    });
    if (win) popups.push(new WeakRef(win)); // weak: the probe must not keep closed windows alive
    return win;
  };

  window.__probe = {
    opens,
    ticks,
    recordTicks(on) {
      recordTicks = on;
    },
    /** When the last click happened (ms since the epoch, from the event's own time stamp). */
    lastClickAt: () => lastClickAt,
    live() {
      return {
        intervals: intervals.size,
        pendingTimeouts: timeouts.size,
        listeners: [...listeners.values()].reduce((sum, set) => sum + set.size, 0),
        channels: channels.size,
        openPopups: popups.filter((ref) => ref.deref()?.closed === false).length,
      };
    },
  };
}
