import { HostedAuthSession } from './hosted-auth-session.js';

export { HostedAuthSession } from './hosted-auth-session.js';
export { HostedAuthError } from './errors.js';
export type { HostedAuthErrorCode, HostedAuthErrorFields } from './errors.js';
export type {
  CancelReason,
  HostedAuthResult,
  OutcomeParams,
  SessionCancelDetail,
  SessionCreatedDetail,
  SessionErrorDetail,
  SessionSuccessDetail,
} from './events.js';
export type { DisplayMode, FallbackMode, WindowClosedMode } from './flow/config.js';
export type { FlowStatus } from './flow/host.js';
export type { HostedSession, ImmediateResult, ProviderName, ProviderOption } from './session/types.js';

/** The element's tag name. */
export const TAG_NAME = 'hosted-auth-session';

if (typeof customElements !== 'undefined' && !customElements.get(TAG_NAME)) {
  customElements.define(TAG_NAME, HostedAuthSession);
}

declare global {
  interface HTMLElementTagNameMap {
    'hosted-auth-session': HostedAuthSession;
  }
}
