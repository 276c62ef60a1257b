/**
 * Resolves once `element` has been on screen and the browser has had an idle moment after that,
 * so that work meant for a likely click neither delays the page's first render nor is spent on an
 * element nobody sees. Rejects when `signal` aborts first.
 */
export async function seenAndIdle(element: Element, signal: AbortSignal): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    const observer = new IntersectionObserver((entries) => {
      if (!entries.some((entry) => entry.isIntersecting)) return;
      observer.disconnect();
      resolve();
    });
    observer.observe(element);
    signal.addEventListener(
      'abort',
      () => {
        observer.disconnect();
        reject(signal.reason);
      },
      { once: true },
    );
  });
  // Safari has no requestIdleCallback: a task after the current one is the nearest it offers.
  await new Promise((resolve) => (window.requestIdleCallback ?? setTimeout)(resolve));
  signal.throwIfAborted();
}
