// Progressive enhancement of the staff forms; every page works without it.
// - After a refused action the page is rendered at the POST address: the address bar is set back
//   to the case page, so a reload does not post again.
// - What is typed in an action's form stays in this browser until the action succeeds, so an
//   expired session or a lost connection loses nothing; signing out removes it.
// - Steps that cannot be undone ask first (forms with data-confirm).
(function () {
  'use strict';
  var PREFIX = 'kf-draft:';
  var body = document.body;
  var canonical = body.getAttribute('data-canonical-url');
  if (canonical && location.pathname !== canonical.split('?')[0]) history.replaceState(null, '', canonical);

  var done = body.getAttribute('data-done-draft');
  if (done) localStorage.removeItem(PREFIX + done);

  var fieldsOf = function (form) {
    return Array.prototype.filter.call(form.elements, function (el) {
      return el.name && el.name !== '_csrf' && el.type !== 'hidden' && el.type !== 'submit' && el.type !== 'checkbox';
    });
  };
  Array.prototype.forEach.call(document.querySelectorAll('form[data-draft]'), function (form) {
    var key = PREFIX + form.getAttribute('data-draft');
    var fields = fieldsOf(form);
    var typed = fields.some(function (el) { return el.value !== '' && el.tagName !== 'SELECT'; });
    var stored = localStorage.getItem(key);
    if (stored && !typed) {
      var values = JSON.parse(stored);
      fields.forEach(function (el) { if (values[el.name] !== undefined) el.value = values[el.name]; });
      var details = form.closest('details');
      if (details) details.open = true;
      var note = document.createElement('p');
      note.className = 'hint';
      note.textContent = body.getAttribute('data-draft-restored') || '';
      form.insertBefore(note, form.firstChild);
    }
    form.addEventListener('input', function () {
      var values = {};
      fields.forEach(function (el) { values[el.name] = el.value; });
      localStorage.setItem(key, JSON.stringify(values));
    });
  });

  // Steps that cannot be undone (completing a task, deactivating an account) ask first.
  document.addEventListener('submit', function (event) {
    var question = event.target.getAttribute('data-confirm');
    if (question && !window.confirm(question)) event.preventDefault();
  });

  Array.prototype.forEach.call(document.querySelectorAll('form[action="/admin/uitloggen"]'), function (form) {
    form.addEventListener('submit', function () {
      Object.keys(localStorage).forEach(function (k) { if (k.indexOf(PREFIX) === 0) localStorage.removeItem(k); });
    });
  });
})();
