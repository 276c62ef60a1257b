import type { HostedSession, ProviderName } from './session/types.js';

/** Every way a flow can fail, as the `code` of a `session-error`. */
export type HostedAuthErrorCode =
  | 'config'
  | 'network'
  | 'http'
  | 'invalid_response'
  | 'invalid_session_url'
  | 'popup_blocked'
  | 'timeout'
  | 'expired'
  | 'provider_error'
  | 'incomplete'
  | 'state_mismatch'
  | 'unconfirmed';

/** The fields a `session-error` detail and a rejected `start()` share. */
export interface HostedAuthErrorFields {
  /** What went wrong (see the README's error table). */
  code: HostedAuthErrorCode;
  /** What was expected and what arrived, for people (not for matching: use `code`). */
  message: string;
  /** HTTP status of the merchant endpoint's answer, for `http`. */
  status?: number;
  /** Whether trying again may work. */
  retryable: boolean;
  /** The provider whose answer was read. */
  provider?: ProviderName;
  /** The provider's own error code (`invalid_request`, `user-profile-locked`, …). */
  providerCode?: string;
  /** The request field a provider named as wrong (ComplyCube `param`). */
  param?: string;
  /** The session the error belongs to, when one was created. */
  session?: HostedSession;
  /** The body that could not be used, for `incomplete` and `http`. */
  raw?: unknown;
}

export type HostedAuthErrorInit = Omit<HostedAuthErrorFields, 'retryable'> & {
  retryable?: boolean;
  cause?: unknown;
};

/** The longest `message` an error carries: messages quote backend and URL input, which may be huge. */
export const MAX_MESSAGE_LENGTH = 500;

/** Shortens untrusted text for an error message: one line, at most `max` characters. */
export function clip(text: string, max = 200): string {
  const oneLine = text.replace(/\s+/g, ' ').trim();
  return oneLine.length > max ? `${oneLine.slice(0, max - 1)}…` : oneLine;
}

/** The fields that are present only when known (`toDetail()` leaves the others out). */
const OPTIONAL_FIELDS = ['status', 'provider', 'providerCode', 'param', 'session', 'raw'] as const;

function copyDefined<T extends object>(to: T, from: Partial<HostedAuthErrorFields>): T {
  for (const key of OPTIONAL_FIELDS) {
    if (from[key] !== undefined) (to as Record<string, unknown>)[key] = from[key];
  }
  return to;
}

/** The one error type the element rejects with and reports in `session-error`. */
export class HostedAuthError extends Error implements HostedAuthErrorFields {
  /** Always `HostedAuthError`. */
  override name = 'HostedAuthError';
  /** What went wrong (see the README's error table). */
  code: HostedAuthErrorCode;
  status?: number;
  retryable: boolean;
  provider?: ProviderName;
  providerCode?: string;
  param?: string;
  session?: HostedSession;
  raw?: unknown;

  /** Creates the error from its fields; `retryable` defaults to false, `cause` is kept as `Error.cause`. */
  constructor(init: HostedAuthErrorInit) {
    super(clip(init.message, MAX_MESSAGE_LENGTH), init.cause === undefined ? undefined : { cause: init.cause });
    this.code = init.code;
    this.retryable = init.retryable ?? false;
    copyDefined(this, init);
  }

  /** A plain copy of the public fields, used as the `session-error` detail. */
  toDetail(): HostedAuthErrorFields {
    return copyDefined({ code: this.code, message: this.message, retryable: this.retryable }, this);
  }
}

/** Wraps anything thrown into a HostedAuthError, keeping HostedAuthErrors as they are. */
export function toHostedAuthError(
  error: unknown,
  fallback: Pick<HostedAuthErrorInit, 'code' | 'message'>,
): HostedAuthError {
  if (error instanceof HostedAuthError) return error;
  return new HostedAuthError({ ...fallback, cause: error });
}

/** A part of the element that loads on demand could not be loaded (offline, a deploy replaced it). */
export function loadError(cause: unknown): HostedAuthError {
  return new HostedAuthError({
    code: 'network',
    message: 'could not load a part of hosted-auth-session',
    retryable: true,
    cause,
  });
}
