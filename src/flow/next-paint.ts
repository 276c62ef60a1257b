/**
 * Calls `then` after the page's next paint (in the task after the next animation frame), so that
 * work started by a click does not hold back the click's own update on screen. A hidden page
 * paints no frames: then it is called once the page shows again, or never. Aborting `signal`
 * cancels it.
 */
export function afterNextPaint(signal: AbortSignal, then: () => void): void {
  let timer: number | undefined;
  const frame = requestAnimationFrame(() => {
    timer = window.setTimeout(() => {
      signal.removeEventListener('abort', cancel);
      then();
    });
  });
  const cancel = () => {
    cancelAnimationFrame(frame);
    window.clearTimeout(timer);
  };
  signal.addEventListener('abort', cancel, { once: true });
}
