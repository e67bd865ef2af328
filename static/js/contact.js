// contact.js: progressive enhancement of the contact form. Without it the form
// posts normally and the server answers with a redirect or an error page. With
// it, the inquiry is sent as a fetch with Accept: application/json, errors are
// shown beside their fields, and success goes to the thank-you page.

// A search that found nothing links here with ?q=: the message starts with
// what the visitor searched for (the theme's formSearchedFor, in
// data-searched), as plain text, cut to the field's limit.
function prefillSearched(form) {
  var q = new URLSearchParams(window.location.search).get("q");
  var box = form.elements.message;
  if (!q || !box || box.value || !box.getAttribute("data-searched")) return;
  var words = q.replace(/\s+/g, " ").trim();
  // A function, so "$&" and the like in the query stay as typed.
  var text = box.getAttribute("data-searched").replace("%s", function () { return words; }) + "\n\n";
  // maxlength counts UTF-16 units: cut there, never inside a character.
  var max = box.maxLength > 0 ? box.maxLength : text.length, out = "";
  for (var c of text) {
    if (out.length + c.length > max) break;
    out += c;
  }
  box.value = out;
}

(function () {
  "use strict";
  var form = document.getElementById("contact-form");
  if (form) prefillSearched(form);
  if (!form || !window.fetch || !window.FormData) return;
  var status = document.getElementById("form-status");
  var nb = form.getAttribute("lang") === "nb";
  var text = nb ? {
    sending: "Sender …", errors: "Rett opp feltene som er merket nedenfor.",
    failed: "Henvendelsen kunne ikke sendes. Prøv igjen om litt.", sent: "Takk. Vi har mottatt henvendelsen."
  } : {
    sending: "Sending…", errors: "Please correct the fields marked below.",
    failed: "Your inquiry could not be sent. Please try again in a moment.", sent: "Thank you. Your inquiry has been received."
  };
  form.elements.started.value = String(Date.now());
  // One idempotency key per page view: a double click or a retry after a
  // network error is stored once.
  var key = (window.crypto && crypto.randomUUID) ? crypto.randomUUID() : String(Math.random()).slice(2) + Date.now();
  form.elements.key.value = key;
  var busy = false;

  function clearErrors() {
    var fields = form.querySelectorAll("[aria-invalid]");
    for (var i = 0; i < fields.length; i++) fields[i].removeAttribute("aria-invalid");
    var msgs = form.querySelectorAll(".field-error");
    for (var j = 0; j < msgs.length; j++) msgs[j].textContent = "";
  }

  function showErrors(errors) {
    var first = null;
    for (var name in errors) {
      if (!Object.prototype.hasOwnProperty.call(errors, name)) continue;
      var input = form.elements[name];
      var msg = document.getElementById("f-" + name + "-error");
      if (input && input.setAttribute) input.setAttribute("aria-invalid", "true");
      if (msg) msg.textContent = errors[name];
      if (!first && input && input.focus) first = input;
    }
    status.textContent = text.errors;
    if (first) first.focus();
  }

  form.addEventListener("submit", function (ev) {
    ev.preventDefault();
    if (busy) return;
    busy = true;
    clearErrors();
    status.textContent = text.sending;
    var body = new URLSearchParams(new FormData(form));
    fetch(form.action, {
      method: "POST",
      headers: { "Accept": "application/json", "Idempotency-Key": key },
      body: body
    }).then(function (res) {
      return res.json().catch(function () { return {}; }).then(function (data) {
        if (res.ok) {
          status.textContent = text.sent;
          // The thank-you page shows the reference and the promised day.
          var q = new URLSearchParams();
          if (data.reference) q.set("ref", data.reference);
          if (data.reply_by) q.set("by", data.reply_by);
          var query = q.toString();
          window.location.assign(form.getAttribute("data-thanks") + (query ? "?" + query : ""));
          return;
        }
        if (data && data.errors) showErrors(data.errors);
        else status.textContent = (data && data.error) || text.failed;
      });
    }).catch(function () {
      status.textContent = text.failed;
    }).then(function () { busy = false; });
  });
})();
