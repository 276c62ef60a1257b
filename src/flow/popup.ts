import { FLOW_WINDOW_KEY, wasReported } from '../protocol.js';

/** The window features of a popup of `width` × `height` centred over `host` (integers, ≥ 0). */
export function popupFeatures(
  width: number,
  height: number,
  host: Pick<Window, 'screenX' | 'screenY' | 'outerWidth' | 'outerHeight'> = window,
): string {
  const w = Math.max(1, Math.round(width));
  const h = Math.max(1, Math.round(height));
  const left = Math.max(0, Math.round(host.screenX + (host.outerWidth - w) / 2));
  const top = Math.max(0, Math.round(host.screenY + (host.outerHeight - h) / 2));
  // No `noopener`: with it `window.open` returns null and the flow could not be watched.
  return `popup=yes,width=${w},height=${h},left=${left},top=${top}`;
}

/**
 * Opens an empty popup. Must run synchronously inside the user's click (before any `await`),
 * or popup blockers refuse it. Returns null when the browser blocked it.
 *
 * The popup starts with a copy of this page's sessionStorage, so a mark written here just before
 * it opens (and taken out just after) is the popup's own: its callback page closes a window so
 * marked even after a provider's COOP cut the opener link and cleared the window's name. Writing
 * into the new window's storage instead would cost a synchronous round trip of several ms.
 */
export function openPopup(name: string, features: string): Window | null {
  const marked = setMark(true);
  try {
    return window.open('about:blank', name, features);
  } catch {
    return null;
  } finally {
    if (marked) setMark(false);
  }
}

function setMark(on: boolean): boolean {
  try {
    if (on) sessionStorage.setItem(FLOW_WINDOW_KEY, '1');
    else sessionStorage.removeItem(FLOW_WINDOW_KEY);
    return true;
  } catch {
    // Storage disabled: the callback page still closes a popup whose opener link is intact.
    return false;
  }
}

/**
 * A blank popup whose backend has not answered within this time shows the loading page. A quicker
 * answer goes straight to the hosted page: a loading page would only flash, and navigating away
 * from a written page costs the navigation a few milliseconds more than from a blank one.
 */
export const LOADING_PAGE_DELAY_MS = 100;

/** Shows the loading page in `popup` after LOADING_PAGE_DELAY_MS; returns what stops that. */
export function showLoadingSoon(popup: Window, text: string, lang: string): () => void {
  const timer = setTimeout(() => showLoading(popup, text, lang), LOADING_PAGE_DELAY_MS);
  return () => clearTimeout(timer);
}

/**
 * Shows a small loading page in the still-blank popup, built with DOM calls (no markup, CSP-safe),
 * in the language `lang` of its text.
 */
export function showLoading(popup: Window, text: string, lang: string): void {
  try {
    const doc = popup.document;
    if (lang) doc.documentElement.lang = lang;
    doc.title = text;
    const body = doc.body ?? doc.documentElement.appendChild(doc.createElement('body'));
    const line = doc.createElement('p');
    line.textContent = text;
    line.setAttribute('role', 'status');
    // CSSOM assignments are allowed under a strict style-src; style attributes in markup are not.
    Object.assign(body.style, {
      margin: '0',
      display: 'grid',
      placeItems: 'center',
      minHeight: '100vh',
      font: '16px system-ui, sans-serif',
      color: '#444',
    });
    body.replaceChildren(line);
  } catch {
    // The popup already left about:blank or the browser forbids access: nothing to show.
  }
}

/** Sends the popup to the hosted page, replacing the loading page in its history. */
export function navigateWindow(win: Window, url: string): void {
  win.location.replace(url);
}

/**
 * The window's current URL when it is same-origin and readable; undefined otherwise, and also
 * for a callback page that stripped its URL after reporting (its message carries the outcome).
 */
export function readLocation(win: Window | null | undefined): string | undefined {
  if (!win) return undefined;
  try {
    // The href first: on a cross-origin page (most ticks) it throws at once, with one exception.
    const href = win.location.href;
    return typeof href === 'string' && href !== '' && href !== 'about:blank' && !wasReported(win) ? href : undefined;
  } catch {
    return undefined;
  }
}

/** Whether the window reads as closed (it may only be cut off by COOP). */
export function isClosed(win: Window): boolean {
  try {
    return win.closed;
  } catch {
    return true;
  }
}

/** Closes a window we opened; safe to call twice or on an already closed window. */
export function closeWindow(win: Window | null | undefined): void {
  if (!win) return;
  try {
    if (!win.closed) win.close();
  } catch {
    // Nothing more can be done for a window we can no longer reach.
  }
}
