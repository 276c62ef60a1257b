// Applies the saved colour scheme before the first paint, and wires any #theme <select>.
// A classic script on purpose: it runs in <head>, before the page is drawn.
(function () {
  var KEY = 'hosted-auth-session-demo:theme';
  var root = document.documentElement;

  function read() {
    try {
      var value = localStorage.getItem(KEY);
      return value === 'light' || value === 'dark' ? value : 'system';
    } catch (error) {
      return 'system';
    }
  }

  function apply(theme) {
    if (theme === 'system') root.removeAttribute('data-theme');
    else root.setAttribute('data-theme', theme);
  }

  apply(read());

  document.addEventListener('DOMContentLoaded', function () {
    var select = document.getElementById('theme');
    if (!select) return;
    select.value = read();
    select.addEventListener('change', function () {
      apply(select.value);
      try {
        if (select.value === 'system') localStorage.removeItem(KEY);
        else localStorage.setItem(KEY, select.value);
      } catch (error) {
        // Storage refused: the choice lasts until the page is left.
      }
    });
  });
})();
