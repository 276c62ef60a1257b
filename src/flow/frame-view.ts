import { css, html, type TemplateResult } from 'lit';

/**
 * The dialog (`mode="iframe"`) and the inline box (`mode="inline"`) that hold a flow's iframe,
 * with their styles: part of what a flow loads once the backend has answered.
 */
export const frameStyles = css`
  [part='dialog'] {
    width: var(--hosted-auth-session-dialog-width, min(520px, 96vw));
    height: var(--hosted-auth-session-dialog-height, min(760px, 92vh));
    padding: 0;
    border: 0;
    border-radius: var(--hosted-auth-session-radius, 6px);
    background: var(--hosted-auth-session-surface, #fff);
    color: var(--hosted-auth-session-text, #1b1b1f);
    overflow: hidden;
  }
  [part='dialog'][open] {
    display: flex;
    flex-direction: column;
  }
  [part='dialog']::backdrop {
    background: var(--hosted-auth-session-backdrop, rgb(0 0 0 / 0.5));
  }
  /* On a phone the dialog is the whole screen, clear of notches and the home indicator. */
  @media (max-width: 480px) {
    [part='dialog'] {
      box-sizing: border-box;
      width: 100dvw;
      height: 100dvh;
      max-width: none;
      max-height: none;
      margin: 0;
      border-radius: 0;
      padding: env(safe-area-inset-top) env(safe-area-inset-right) env(safe-area-inset-bottom)
        env(safe-area-inset-left);
    }
  }
  .dialog-bar {
    display: flex;
    align-items: center;
    gap: 0.5em;
    padding: 0.25em 0.25em 0.25em 0.75em;
  }
  [part='title'] {
    flex: 1;
    min-width: 0;
    overflow: hidden;
    text-overflow: ellipsis;
    white-space: nowrap;
    font-weight: 600;
  }
  [part='close'] {
    border: 0;
    background: transparent;
    color: inherit;
    font-size: 1.4em;
    line-height: 1;
    padding: 0.2em 0.45em;
    border-radius: var(--hosted-auth-session-radius, 6px);
  }
  .frame-slot {
    flex: 1;
    display: flex;
  }
  .frame-slot iframe {
    flex: 1;
    width: 100%;
    border: 0;
  }
  [part='inline'] {
    height: var(--hosted-auth-session-frame-height, 640px);
    margin-top: 0.75em;
    border: 1px solid var(--hosted-auth-session-border, #d0d4dc);
    border-radius: var(--hosted-auth-session-radius, 6px);
    overflow: hidden;
  }
  @media (prefers-color-scheme: dark) {
    [part='dialog'] {
      background: var(--hosted-auth-session-surface, #1e1f24);
      color: var(--hosted-auth-session-text, #ececf1);
    }
  }
`;

export interface FrameViewOptions {
  /** The hosted page: set before the iframe is inserted, so no blank document loads first. */
  src: string;
  /** The dialog's visible title and accessible name; the inline box's and the iframe's name. */
  title: string;
  /** Accessible label of the dialog's close button. */
  closeLabel: string;
  /** The iframe's permissions policy. */
  allow: string;
  /** The close button and Esc (the dialog's `cancel`). */
  onClose: (event: Event) => void;
}

/** The dialog (`iframe`) or box (`inline`) holding the flow's iframe. */
export function frameView(mode: 'iframe' | 'inline', options: FrameViewOptions): TemplateResult {
  const { src, title, closeLabel, allow, onClose } = options;
  const frame = html`<iframe
    part="frame"
    title=${title}
    allow=${allow}
    referrerpolicy="strict-origin-when-cross-origin"
    src=${src}
  ></iframe>`;
  return mode === 'iframe'
    ? html`
        <dialog part="dialog" aria-label=${title} @cancel=${onClose}>
          <div class="dialog-bar">
            <span part="title">${title}</span>
            <button type="button" part="close" aria-label=${closeLabel} @click=${onClose}>×</button>
          </div>
          <div class="frame-slot">${frame}</div>
        </dialog>
      `
    : html`<div part="inline" class="frame-slot" role="region" aria-label=${title}>${frame}</div>`;
}
