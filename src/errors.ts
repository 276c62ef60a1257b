/** Every way a flow can fail, as the `code` of a `session-error` (SPEC §8). */
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
  | 'incomplete';

export type ProviderName = 'ultrapass' | 'fiskil' | 'complycube' | 'ulm' | 'generic';

/** The fields a `session-error` detail and a rejected `start()` share. */
export interface HostedAuthErrorFields {
  code: HostedAuthErrorCode;
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
  session?: import('./session/types.js').HostedSession;
  /** The body that could not be used, for `incomplete` and `http`. */
  raw?: unknown;
}

export type HostedAuthErrorInit = Omit<HostedAuthErrorFields, 'retryable'> & {
  retryable?: boolean;
  cause?: unknown;
};

/** The one error type the element rejects with and reports in `session-error`. */
export class HostedAuthError extends Error implements HostedAuthErrorFields {
  override name = 'HostedAuthError';
  code: HostedAuthErrorCode;
  status?: number;
  retryable: boolean;
  provider?: ProviderName;
  providerCode?: string;
  param?: string;
  session?: import('./session/types.js').HostedSession;
  raw?: unknown;

  constructor(init: HostedAuthErrorInit) {
    super(init.message, init.cause === undefined ? undefined : { cause: init.cause });
    this.code = init.code;
    this.retryable = init.retryable ?? false;
    if (init.status !== undefined) this.status = init.status;
    if (init.provider !== undefined) this.provider = init.provider;
    if (init.providerCode !== undefined) this.providerCode = init.providerCode;
    if (init.param !== undefined) this.param = init.param;
    if (init.session !== undefined) this.session = init.session;
    if (init.raw !== undefined) this.raw = init.raw;
  }

  /** A plain copy of the public fields, used as the `session-error` detail. */
  toDetail(): HostedAuthErrorFields {
    const detail: HostedAuthErrorFields = {
      code: this.code,
      message: this.message,
      retryable: this.retryable,
    };
    if (this.status !== undefined) detail.status = this.status;
    if (this.provider !== undefined) detail.provider = this.provider;
    if (this.providerCode !== undefined) detail.providerCode = this.providerCode;
    if (this.param !== undefined) detail.param = this.param;
    if (this.session !== undefined) detail.session = this.session;
    if (this.raw !== undefined) detail.raw = this.raw;
    return detail;
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
