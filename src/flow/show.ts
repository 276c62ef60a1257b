import { HostedAuthError } from '../errors.js';
import type { CancelReason } from '../events.js';
import type { HostedSession } from '../session/types.js';
import { checkSessionUrl } from '../session/url-safety.js';
import type { FlowConfig } from './config.js';
import { createFrame, navigateFrame } from './frame.js';
import { navigateWindow } from './popup.js';
import type { FlowHost } from './host.js';
import { watchFlow, type WatchOutcome } from './watch.js';

/**
 * Showing a session and watching it end: loaded by each flow while the backend is asked (a page
 * that never starts a flow never loads it), used once the session has arrived.
 */

/** What `showSession` needs of the flow that runs it. */
export interface ShowingFlow {
  config: FlowConfig;
  /** Where to show it: the popup already opened in the click, else an iframe. */
  popup: Window | null;
  inline: boolean;
  state: string;
  host: FlowHost;
  /** Whether the flow has ended meanwhile (nothing is shown then). */
  ended(): boolean;
  finish(outcome: WatchOutcome): void;
  cancel(reason: CancelReason): void;
  /** Called on each watch tick (the flow checks its deadline there). */
  tick(): void;
  /** Receives the watcher as soon as it exists, to stop it when the flow ends. */
  watching(watcher: { stop(): void }): void;
}

/**
 * Checks a session before anything shows it: the URL (https, and inside `allowed-origins`), its
 * expiry, and that a return URL tells when it ends. Throws HostedAuthError; returns the URL to load.
 */
export function checkSession(session: HostedSession, config: FlowConfig): string {
  const url = checkSessionUrl(session.url, config.allowedOrigins);
  if (session.expiresAt !== undefined && session.expiresAt <= Date.now()) {
    throw new HostedAuthError({
      code: 'expired',
      message: `the session expired at ${new Date(session.expiresAt).toISOString()} before it was opened`,
      retryable: true,
    });
  }
  if (!config.redirectUrl && !config.cancelUrl) {
    throw new HostedAuthError({
      code: 'config',
      message: 'redirect-url (or cancel-url) is needed to know when the hosted flow ends',
    });
  }
  return url;
}

/** Watches first, then sends the popup (or a new iframe) to the session's URL. */
export async function showSession(session: HostedSession, flow: ShowingFlow): Promise<void> {
  const { config, popup } = flow;
  const common = {
    targets: { redirectUrl: config.redirectUrl, cancelUrl: config.cancelUrl },
    flow: { state: session.state ?? flow.state, sessionId: session.sessionId },
    pollInterval: config.pollInterval,
    onWindowClosed: config.onWindowClosed,
    onOutcome: (outcome: WatchOutcome) => flow.finish(outcome),
    onTick: () => flow.tick(),
  };
  if (popup) {
    flow.watching(
      watchFlow({
        ...common,
        target: () => popup,
        popup,
        onWaiting: () => flow.host.setWaiting(true, () => flow.cancel('closed')),
      }),
    );
    navigateWindow(popup, session.url);
    return;
  }
  const frame = createFrame(flow.host.frameTitle, config.allow);
  await flow.host.mountFrame(flow.inline ? 'inline' : 'iframe', frame, () => flow.cancel('closed'));
  if (flow.ended()) return;
  flow.watching(watchFlow({ ...common, target: () => frame.contentWindow, frame }));
  navigateFrame(frame, session.url);
}
