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
`;
