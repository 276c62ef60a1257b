/**
 * The callback-page script. Load it on the pages at `redirect-url` and `cancel-url`:
 * it tells the waiting `<hosted-auth-session>` which URL the flow reached — by `postMessage` to
 * the opener (or parent frame) with this page's own origin as `targetOrigin`, and on the
 * `hosted-auth-session` BroadcastChannel for popups whose opener link a provider's COOP cut —
 * then removes the outcome parameters from the address bar and closes the popup.
 *
 * No Lit, no custom elements: it stays tiny and runs before anything else on the page.
 */

import { CHANNEL_NAME, COMPLETE_MESSAGE, FLOW_WINDOW_KEY, REPORTED_STATE, type CompleteMessage } from './protocol.js';

export { CHANNEL_NAME, COMPLETE_MESSAGE } from './protocol.js';
export type { CompleteMessage } from './protocol.js';

/** Options of `completeHostedAuthSession()`; the script-tag build reads them from `data-` attributes. */
export interface CallbackOptions {
  /** Origin of the page that runs the element, when it differs from this page's. Never `*`. */
  targetOrigin?: string;
  /** Close the popup after reporting (default true). Frames are never closed. */
  close?: boolean;
}

/** What `completeHostedAuthSession()` did. */
export interface CallbackReport {
  /** Where the message went: the opener, the parent frame, or only the channel. */
  via: 'opener' | 'parent' | 'channel';
  /** The URL reported: this page's address before the outcome was stripped from it. */
  url: string;
}

function openerOf(win: Window): Window | null {
  try {
    return win.opener && win.opener !== win ? (win.opener as Window) : null;
  } catch {
    return null;
  }
}

/** Reports this page's URL to the waiting element. Returns what it did; never throws. */
export function completeHostedAuthSession(options: CallbackOptions = {}): CallbackReport | undefined {
  if (typeof window === 'undefined') return undefined;
  const url = location.href;
  const message: CompleteMessage = { type: COMPLETE_MESSAGE, url };
  const targetOrigin = options.targetOrigin && options.targetOrigin !== '*' ? options.targetOrigin : location.origin;
  const opener = openerOf(window);
  const parent = window.parent !== window ? window.parent : null;
  const target = opener ?? parent;
  if (target) {
    // The address bar, history and any script the page loads later should not see the outcome.
    // The state marks the page as reported, so the element's polling leaves it to this message.
    try {
      history.replaceState(REPORTED_STATE, '', location.pathname);
    } catch {
      // A sandboxed page may refuse; the message still goes out.
    }
    try {
      target.postMessage(message, targetOrigin);
    } catch {
      // An invalid targetOrigin throws; the channel below still reports.
    }
  }
  try {
    const channel = new BroadcastChannel(CHANNEL_NAME);
    channel.postMessage(message);
    channel.close();
  } catch {
    // No BroadcastChannel: the opener message and the element's polling remain.
  }
  if (!parent && options.close !== false) {
    // Only the flow's popup closes; a tab the user opened keeps a short note instead (its
    // close() would be refused with a console warning).
    if (opener || isFlowWindow()) window.close();
    whenParsed(showCloseNote);
  }
  return { via: opener ? 'opener' : parent ? 'parent' : 'channel', url };
}

/**
 * Whether the element opened this window, though its opener link is gone: the popup's name, or
 * (a provider's COOP clears the name) the mark the element left in the popup's sessionStorage.
 */
function isFlowWindow(): boolean {
  try {
    return window.name.startsWith(`${CHANNEL_NAME}-`) || sessionStorage.getItem(FLOW_WINDOW_KEY) !== null;
  } catch {
    return false;
  }
}

function whenParsed(callback: () => void): void {
  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', callback, { once: true });
  } else {
    callback();
  }
}

/** On a page that stayed open (a tab the user opened), a calm note instead of a blank page. */
function showCloseNote(): void {
  const body = document.body;
  if (window.closed || !body || body.children.length > 0) return;
  const note = document.createElement('p');
  note.textContent = 'You can close this window.';
  body.append(note);
}

function optionsFromPage(): CallbackOptions {
  const options: CallbackOptions = {};
  const script = document.currentScript;
  const meta = document.querySelector<HTMLMetaElement>('meta[name="hosted-auth-session-target-origin"]');
  const targetOrigin = script?.dataset['targetOrigin'] ?? meta?.content;
  if (targetOrigin) options.targetOrigin = targetOrigin;
  if (script?.dataset['close'] === 'false') options.close = false;
  return options;
}

if (typeof window !== 'undefined' && typeof document !== 'undefined') {
  completeHostedAuthSession(optionsFromPage());
}
