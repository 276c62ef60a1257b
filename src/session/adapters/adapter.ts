import type { ProviderName } from '../types.js';
import type { SessionAnswer } from '../types.js';

/** What a provider's error body says, mapped to the error's fields. */
export interface ProviderErrorInfo {
  providerCode?: string;
  message?: string;
  param?: string;
  /** Overrides the status-based default when the provider says whether to retry. */
  retryable?: boolean;
}

/** How one provider's answers are read. Every function is pure and never throws but HostedAuthError. */
export interface ProviderAdapter {
  name: ProviderName;
  /** Whether a 2xx payload has this provider's keys (used by `provider="auto"`). */
  recognises(value: unknown): boolean;
  /** Reads a 2xx payload; throws HostedAuthError `invalid_response` or `incomplete`. */
  readAnswer(value: unknown): SessionAnswer;
  /** Whether a non-2xx body has this provider's error shape (used by `auto`). */
  recognisesError(status: number, value: unknown): boolean;
  /** Reads a non-2xx body. */
  readError(status: number, value: unknown): ProviderErrorInfo;
}
