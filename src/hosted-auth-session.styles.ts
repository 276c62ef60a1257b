import { css } from 'lit';

export const styles = css`
  :host {
    display: inline-block;
    font: var(--hosted-auth-session-font, inherit);
  }
  :host([mode='inline']) {
    display: block;
  }
  :host([hidden]) {
    display: none;
  }
  button {
    font: inherit;
    cursor: pointer;
  }
  [part='button'] {
    padding: 0.6em 1.2em;
    border: 0;
    border-radius: var(--hosted-auth-session-radius, 6px);
    background: var(--hosted-auth-session-accent, #2456d6);
    color: var(--hosted-auth-session-on-accent, #fff);
  }
  [part='button']:disabled {
    opacity: 0.55;
    cursor: not-allowed;
  }
  [part='button'][aria-busy='true'] {
    cursor: progress;
  }
  /* The three buttons: the element's own, the dialog's close, the waiting notice's cancel. */
  button:focus-visible {
    outline: 2px solid var(--hosted-auth-session-accent, #2456d6);
    outline-offset: 2px;
  }
  [part='waiting'] {
    margin-top: 0.5em;
    font-size: 0.9em;
  }
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
  .dialog-bar {
    display: flex;
    justify-content: flex-end;
    padding: 0.25em;
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
