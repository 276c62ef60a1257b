/** The providers whose answers the element reads, in the order `provider="auto"` tries them. */
export const PROVIDER_NAMES = ['ultrapass', 'fiskil', 'complycube', 'ulm', 'generic'] as const;

/** A provider whose answers the element reads; `generic` for `{ url }` answers. */
export type ProviderName = (typeof PROVIDER_NAMES)[number];

/** A hosted session the merchant backend created, normalised from the provider's answer. */
export interface HostedSession {
  /** Whose answer it was (with `provider="auto"`: the provider recognised by its keys). */
  provider: ProviderName;
  /** The hosted page the user completes the flow on. Validated before it is opened. */
  url: string;
  /** The provider's id for the session, when its answer has one. */
  sessionId?: string;
  /** When the hosted URL stops working, in ms since the epoch. */
  expiresAt?: number;
  /** The `state` the return URL will carry, when the backend chose its own instead of the element's. */
  state?: string;
  /** The backend's answer as it was parsed. */
  raw: unknown;
}

/** A provider that answers without a hosted page (ULM): the flow is already over. */
export interface ImmediateResult {
  /** Whose answer it was. */
  provider: ProviderName;
  /** The provider's answer, reported as `detail.result` of `session-success`. */
  result: unknown;
}

export type SessionAnswer =
  { kind: 'session'; session: HostedSession } | { kind: 'immediate'; immediate: ImmediateResult };

/** The `provider` attribute: a provider name, or `auto` to recognise it by its keys. */
export type ProviderOption = ProviderName | 'auto';
