import type { ProviderName } from '../errors.js';

/** A hosted session the merchant backend created, normalised from the provider's answer (SPEC §5). */
export interface HostedSession {
  provider: ProviderName;
  /** The hosted page the user completes the flow on. Validated before it is opened. */
  url: string;
  sessionId?: string;
  /** When the hosted URL stops working, in ms since the epoch. */
  expiresAt?: number;
  /** The backend's answer as it was parsed. */
  raw: unknown;
}

/** A provider that answers without a hosted page (ULM): the flow is already over. */
export interface ImmediateResult {
  provider: ProviderName;
  result: unknown;
}

export type SessionAnswer =
  | { kind: 'session'; session: HostedSession }
  | { kind: 'immediate'; immediate: ImmediateResult };

/** The `provider` attribute: a provider name, or `auto` to recognise it by its keys. */
export type ProviderOption = ProviderName | 'auto';
