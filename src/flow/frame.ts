/**
 * Creates the flow's iframe without a `src`: the caller connects it and registers its listeners
 * first, then calls `navigateFrame`, so an instant redirect back is never missed.
 */
export function createFrame(title: string, allow: string): HTMLIFrameElement {
  const frame = document.createElement('iframe');
  frame.title = title;
  frame.setAttribute('part', 'frame');
  frame.setAttribute('allow', allow);
  frame.setAttribute('referrerpolicy', 'strict-origin-when-cross-origin');
  return frame;
}

export function navigateFrame(frame: HTMLIFrameElement, url: string): void {
  frame.src = url;
}

/** Removes the iframe; safe when it is already gone or still loading. */
export function removeFrame(frame: HTMLIFrameElement | undefined): void {
  frame?.remove();
}
