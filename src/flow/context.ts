import type { DisplayMode, WindowClosedMode } from './config.js';

/** Whether this page runs inside a frame of another origin (where storage and channels are partitioned). */
function inCrossOriginFrame(): boolean {
  if (window.top === window) return false;
  try {
    return window.top?.location.origin !== window.location.origin;
  } catch {
    return true;
  }
}

/**
 * Why this page cannot run a flow in `mode`, or undefined when it can. Checked before anything
 * opens or the backend is asked, so an unsupported setup fails at once with a clear message.
 */
export function unsupportedContext(mode: DisplayMode, onWindowClosed: WindowClosedMode): string | undefined {
  if ((mode === 'iframe' || mode === 'inline') && self.crossOriginIsolated) {
    return `mode="${mode}" does not work in a crossOriginIsolated page; use mode="popup"`;
  }
  if (mode === 'popup' && onWindowClosed === 'wait' && inCrossOriginFrame()) {
    return 'on-window-closed="wait" does not work inside a cross-origin frame; use "cancel"';
  }
  return undefined;
}

/** `auto` where no channel report can arrive (a cross-origin frame's channel is partitioned): `cancel`. */
export function windowClosedMode(mode: WindowClosedMode): WindowClosedMode {
  return mode === 'auto' && (typeof BroadcastChannel !== 'function' || inCrossOriginFrame()) ? 'cancel' : mode;
}
