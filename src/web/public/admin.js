// Progressive enhancement of the staff forms; every page works without it.
// - After a refused action the page is rendered at the POST address: the address bar is set back
//   to the case page, so a reload does not post again.
// - What is typed in an action's form stays in this browser until the action succeeds, so an
//   expired session or a lost connection loses nothing; signing out removes it.
// - Steps that cannot be undone ask first (forms with data-confirm).
// - Keyboard shortcuts for the common moves, listed on /admin/sneltoetsen (src/web/admin/help.ts).
(function () {
  'use strict';
  var PREFIX = 'kf-draft:';
  var body = document.body;
  var canonical = body.getAttribute('data-canonical-url');
  if (canonical && location.pathname !== canonical.split('?')[0]) history.replaceState(null, '', canonical);

  // The form whose action succeeded: its draft is done.
  var done = body.getAttribute('data-done-draft');
  if (done) localStorage.removeItem(PREFIX + done);
  // Back after a form was sent in vain (session or token expired): that form's draft goes back over
  // what the page shows (the other forms' drafts only into empty forms, as always).
  var restoreAll = body.hasAttribute('data-restore-drafts');
  var sent = sessionStorage.getItem('kf-sent');
  if (restoreAll) {
    // Once: the address bar loses the marker, so a reload shows the page as it is.
    var clean = new URL(location.href);
    clean.searchParams.delete('herstel');
    clean.searchParams.delete('verlopen');
    history.replaceState(null, '', clean.pathname + clean.search + clean.hash);
  }

  // What a draft keeps: text, choices and ticks; and `seen` (the timeline the text was written
  // against), so that a restored action is still checked against what happened since.
  var fieldsOf = function (form) {
    return Array.prototype.filter.call(form.elements, function (el) {
      if (!el.name || el.name === '_csrf') return false;
      if (el.type === 'hidden') return el.name === 'seen';
      return ['submit', 'file', 'button', 'reset'].indexOf(el.type) === -1;
    });
  };
  var read = function (fields) {
    var values = {};
    fields.forEach(function (el) {
      if (el.type === 'checkbox') values[el.name] = el.checked;
      else if (el.type === 'radio') { if (el.checked) values[el.name] = el.value; }
      else values[el.name] = el.value;
    });
    return values;
  };
  var write = function (fields, values) {
    fields.forEach(function (el) {
      if (values[el.name] === undefined) return;
      if (el.type === 'checkbox') el.checked = values[el.name] === true;
      else if (el.type === 'radio') el.checked = el.value === values[el.name];
      else el.value = values[el.name];
    });
  };
  Array.prototype.forEach.call(document.querySelectorAll('form[data-draft]'), function (form) {
    var name = form.getAttribute('data-draft');
    var key = PREFIX + name;
    var fields = fieldsOf(form);
    var typed = fields.some(function (el) {
      return el.value !== '' && (el.tagName === 'TEXTAREA' || (el.tagName === 'INPUT' && ['text', 'email', 'tel', 'date', 'datetime-local', 'number'].indexOf(el.type) !== -1));
    });
    var stored = localStorage.getItem(key);
    if (stored && (!typed || (restoreAll && (!sent || sent === name)))) {
      write(fields, JSON.parse(stored));
      var details = form.closest('details');
      if (details) details.open = true;
      var note = document.createElement('p');
      note.className = 'hint';
      note.textContent = body.getAttribute('data-draft-restored') || '';
      form.insertBefore(note, form.firstChild);
    }
    var save = function () { localStorage.setItem(key, JSON.stringify(read(fields))); };
    form.addEventListener('input', save);
    form.addEventListener('change', save);
    form.addEventListener('submit', function () { sessionStorage.setItem('kf-sent', name); });
  });

  // Steps that cannot be undone (completing a task, deactivating an account) ask first.
  document.addEventListener('submit', function (event) {
    var question = event.target.getAttribute('data-confirm');
    if (question && !window.confirm(question)) event.preventDefault();
  });

  // Keyboard shortcuts (the list in src/web/admin/help.ts changes with these), never while typing.
  var click = function (el) { if (el) { el.click(); return true; } return false; };
  document.addEventListener('keydown', function (event) {
    if (event.ctrlKey || event.metaKey || event.altKey || event.defaultPrevented) return;
    var target = event.target;
    if (target && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT|BUTTON)$/.test(target.tagName))) return;
    var rows = Array.prototype.slice.call(document.querySelectorAll('a[data-row-link]'));
    var row = target && target.closest ? target.closest('tr') : null;
    var handled = false;
    switch (event.key) {
      case '?':
        location.href = body.getAttribute('data-help-url');
        handled = true;
        break;
      case 'j':
      case 'k': {
        if (rows.length === 0) break;
        var at = rows.indexOf(target);
        var to = at === -1 ? 0 : Math.max(0, Math.min(rows.length - 1, at + (event.key === 'j' ? 1 : -1)));
        rows[to].focus();
        rows[to].scrollIntoView({ block: 'nearest' });
        handled = true;
        break;
      }
      case 'n':
        handled = click(document.querySelector('a[data-next-case]') || rows[0]);
        break;
      case 'c':
        handled = click(row ? row.querySelector('[data-shortcut="claim-row"]') : document.querySelector('[data-shortcut="claim"]'));
        break;
      case 'r': {
        var reply = document.getElementById('actie-substantiveResponseSent') || document.querySelector('details.action[data-reply]');
        if (!reply) break;
        reply.open = true;
        var text = reply.querySelector('textarea');
        if (text) text.focus();
        handled = true;
        break;
      }
      case '/': {
        var search = document.getElementById('q');
        if (search) { search.focus(); handled = true; }
        break;
      }
    }
    if (handled) event.preventDefault();
  });

  Array.prototype.forEach.call(document.querySelectorAll('form[action^="/admin/uitloggen"]'), function (form) {
    form.addEventListener('submit', function () {
      Object.keys(localStorage).forEach(function (k) { if (k.indexOf(PREFIX) === 0) localStorage.removeItem(k); });
    });
  });
})();
