// The script-tag page's only script tag besides the bundle: a classic script that logs every event
// of every <hosted-auth-session> on the page, with the element's id, and gives the ULM sign-in the
// email and password typed beside it.
(function () {
  var names = ['session-created', 'session-success', 'session-cancel', 'session-error'];
  // The log is the other pages' (demo/event-log.js, an ES module, loaded with import()); events
  // that arrive before it has loaded wait for it.
  var log;
  var waiting = [];
  function add(element, event) {
    if (log) log.add(event.type, event.detail, element.id, element);
    else waiting.push([element, event]);
  }
  import('/event-log.js').then(function (module) {
    log = module.createEventLog(document.getElementById('event-log'), { empty: document.getElementById('log-empty') });
    waiting.forEach(function (args) {
      add(args[0], args[1]);
    });
  });

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
