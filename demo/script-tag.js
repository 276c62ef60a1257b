// The script-tag page's only script: a classic script (no modules) that logs every event of every
// <hosted-auth-session> on the page, with the element's id and the event's detail, and gives the
// ULM sign-in the email and password typed beside it.
(function () {
  var names = ['session-created', 'session-success', 'session-cancel', 'session-error'];
  var tones = { 'session-success': 'success', 'session-cancel': 'cancel', 'session-error': 'error' };
  var list = document.getElementById('event-log');
  var empty = document.getElementById('log-empty');

  function add(element, event) {
    var entry = document.createElement('li');
    entry.className = 'log-entry tone-' + (tones[event.type] || 'info');
    entry.dataset.event = event.type;
    entry.dataset.source = element.id;
    var head = document.createElement('div');
    head.className = 'log-head';
    var name = document.createElement('span');
    name.className = 'log-event';
    name.textContent = event.type;
    var source = document.createElement('span');
    source.className = 'log-summary';
    source.textContent = '#' + element.id;
    head.append(name, source);
    var detail = document.createElement('pre');
    detail.className = 'log-detail';
    detail.textContent = JSON.stringify(event.detail, null, 2);
    entry.append(head, detail);
    list.prepend(entry);
    empty.hidden = true;
  }

  // ULM signs in with what the person typed: the fields go to the merchant backend in `body`.
  var signIn = document.getElementById('sign-in');
  var fields = document.getElementById('sign-in-fields');
  function syncSignIn() {
    var body = {};
    fields.querySelectorAll('input').forEach(function (input) {
      body[input.name] = input.value;
    });
    signIn.body = body;
  }
  fields.addEventListener('input', syncSignIn);
  syncSignIn();

  document.querySelectorAll('hosted-auth-session').forEach(function (element) {
    names.forEach(function (name) {
      element.addEventListener(name, function (event) {
        add(element, event);
      });
    });
  });
})();
