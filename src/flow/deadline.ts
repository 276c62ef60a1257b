/**
 * A wall-clock deadline: fires `onExpire` once `ms` have passed by `Date.now()`, even when the
 * tab's timers were frozen or throttled (checked on a timer, on `check()`, and when the page
 * becomes visible or focused again). `ms <= 0` means no deadline. `start` is when the time began.
 */
export function createDeadline(ms: number, onExpire: () => void, start = Date.now()): { check(): void; clear(): void } {
  if (!(ms > 0)) return { check() {}, clear() {} };
  const end = start + ms;
  let done = false;
  const check = () => {
    if (!done && Date.now() >= end) {
      clear();
      onExpire();
    }
  };
  const onWake = () => check();
  // A timer that fires early (clock adjustments) re-arms for the rest.
  let timer = 0;
  const arm = () => {
    timer = window.setTimeout(
      () => {
        check();
        if (!done) arm();
      },
      Math.max(0, end - Date.now()),
    );
  };
  function clear() {
    done = true;
    window.clearTimeout(timer);
    document.removeEventListener('visibilitychange', onWake);
    window.removeEventListener('focus', onWake);
  }
  arm();
  document.addEventListener('visibilitychange', onWake);
  window.addEventListener('focus', onWake);
  return { check, clear };
}
