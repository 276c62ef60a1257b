import * as React from 'react';
import { createComponent, type EventName } from '@lit/react';
// The class comes from its own module, not from index.js: the npm build keeps index.js (which
// defines the element) a file of its own instead of a shared chunk that `sideEffects` would miss.
import { HostedAuthSession as HostedAuthSessionElement } from './hosted-auth-session.js';
import type { SessionCancelDetail, SessionCreatedDetail, SessionErrorDetail, SessionSuccessDetail } from './events.js';

export { HostedAuthError } from './errors.js';
export type {
  CancelReason,
  DisplayMode,
  FallbackMode,
  FlowStatus,
  HostedAuthErrorCode,
  HostedAuthErrorFields,
  HostedAuthResult,
  HostedSession,
  ImmediateResult,
  OutcomeParams,
  ProviderName,
  ProviderOption,
  SessionCancelDetail,
  SessionCreatedDetail,
  SessionErrorDetail,
  SessionSuccessDetail,
  WindowClosedMode,
} from './index.js';

/** The custom element class behind the React component: the type of a `ref` to it. */
export type { HostedAuthSessionElement };

const TAG_NAME = 'hosted-auth-session';

if (typeof customElements !== 'undefined' && !customElements.get(TAG_NAME)) {
  customElements.define(TAG_NAME, HostedAuthSessionElement);
}

/**
 * `<hosted-auth-session>` as a React component (React 18 and 19). Every element property is a
 * prop (`endpoint`, `redirectUrl`, `mode`, `body`, `headers`, …); the four events are typed
 * callback props; children are the button's label. A `ref` reaches the element, for `start()`
 * and `cancel()`. Importing this module defines the custom element.
 *
 * @example
 * <HostedAuthSession
 *   endpoint="/api/verification-session"
 *   redirectUrl="https://shop.example/verify/done"
 *   cancelUrl="https://shop.example/verify/cancelled"
 *   onSessionSuccess={(event) => console.log(event.detail.params)}
 * >Verify my identity</HostedAuthSession>
 */
export const HostedAuthSession = createComponent({
  tagName: TAG_NAME,
  elementClass: HostedAuthSessionElement,
  react: React,
  displayName: 'HostedAuthSession',
  events: {
    /** The backend answered with a usable session. */
    onSessionCreated: 'session-created' as EventName<CustomEvent<SessionCreatedDetail>>,
    /** The flow reached `redirect-url`, or the provider answered with an immediate result. */
    onSessionSuccess: 'session-success' as EventName<CustomEvent<SessionSuccessDetail>>,
    /** The flow reached `cancel-url`, or was closed, aborted or denied. */
    onSessionCancel: 'session-cancel' as EventName<CustomEvent<SessionCancelDetail>>,
    /** Anything failed; `event.detail.code` says what. */
    onSessionError: 'session-error' as EventName<CustomEvent<SessionErrorDetail>>,
  },
});

/** The props of {@link HostedAuthSession}. */
export type HostedAuthSessionProps = React.ComponentProps<typeof HostedAuthSession>;
