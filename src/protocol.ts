/** The `type` of the message a callback page sends to the waiting element (SPEC §7). */
export const COMPLETE_MESSAGE = 'hosted-auth-session:complete';

/** The BroadcastChannel a callback page also reports on, for popups whose opener link was cut. */
export const CHANNEL_NAME = 'hosted-auth-session';

/** What a callback page sends: the URL the flow reached. */
export interface CompleteMessage {
  type: typeof COMPLETE_MESSAGE;
  url: string;
}
