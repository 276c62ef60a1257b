/** The `type` of the message a callback page sends to the waiting element. */
export const COMPLETE_MESSAGE = 'hosted-auth-session:complete';

/** The BroadcastChannel a callback page also reports on, for popups whose opener link was cut. */
export const CHANNEL_NAME = 'hosted-auth-session';

/**
 * The sessionStorage key the element sets in the popup it opens (while it is still its blank,
 * same-origin page): a callback page in that popup closes it even after a provider's COOP cut
 * the opener link and cleared the window's name.
 */
export const FLOW_WINDOW_KEY = 'hosted-auth-session:popup';

/** What a callback page sends: the URL the flow reached. */
export interface CompleteMessage {
  /** Always `hosted-auth-session:complete`. */
  type: typeof COMPLETE_MESSAGE;
  /** The callback page's `location.href`: the URL the flow reached. */
  url: string;
}

/**
 * The `history.state` a callback page leaves after it strips the outcome from its URL: the
 * element's polling then knows the stripped URL is not the outcome and waits for the message.
 */
export const REPORTED_STATE = { 'hosted-auth-session': 'reported' } as const;

/** Whether a same-origin window's page is a callback page that already reported. */
export function wasReported(win: Window): boolean {
  try {
    const state: unknown = win.history.state;
    return (
      typeof state === 'object' &&
      state !== null &&
      (state as Record<string, unknown>)['hosted-auth-session'] === 'reported'
    );
  } catch {
    return false;
  }
}
