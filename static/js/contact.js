// contact.js: progressive enhancement of the contact form. Without it the form
// posts normally and the server answers with a redirect or an error page. With
// it, the inquiry is sent as a fetch with Accept: application/json, errors are
// shown beside their fields and in the error summary at the top, which takes
// focus; a failure to send is shown above the send button, focused; success
// goes to the thank-you page. The visitor's text is never cleared.

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
  // What the status line says while sending and once sent: the theme's
  // words for the page's language, which the build put on it.
  var text = { sending: status.getAttribute("data-sending") || "", sent: status.getAttribute("data-sent") || "" };
  form.elements.started.value = String(Date.now());
  // One idempotency key per page view: a double click or a retry after a
  // network error is stored once.
  var key = (window.crypto && crypto.randomUUID) ? crypto.randomUUID() : String(Math.random()).slice(2) + Date.now();
  form.elements.key.value = key;
  var busy = false;

  var summary = document.getElementById("error-summary");
  var failedBox = document.getElementById("send-failed");
  // Why a send failed when the endpoint did not say: the theme's words.
  text.failed = failedBox.getAttribute("data-unreached") || "";

  function clearErrors() {
    var fields = form.querySelectorAll("[aria-invalid]");
    for (var i = 0; i < fields.length; i++) fields[i].removeAttribute("aria-invalid");
    var msgs = form.querySelectorAll(".field-error");
    for (var j = 0; j < msgs.length; j++) msgs[j].textContent = "";
    summary.hidden = true;
    failedBox.hidden = true;
  }

  // showErrors marks each field and fills the error summary at the top of
  // the form, in the form's order, each entry a link to its field; the
  // summary takes focus. The visitor's text is never touched.
  function showErrors(errors) {
    var list = summary.querySelector("ul");
    list.textContent = "";
    var other = [];
    for (var name in errors) {
      if (!Object.prototype.hasOwnProperty.call(errors, name)) continue;
      var input = form.elements[name];
      var msg = document.getElementById("f-" + name + "-error");
      if (input && input.setAttribute) input.setAttribute("aria-invalid", "true");
      if (msg) msg.textContent = errors[name];
      if (!msg) other.push(errors[name]);
    }
    var order = form.querySelectorAll(".field-error");
    for (var k = 0; k < order.length; k++) {
      if (!order[k].textContent) continue;
      var li = document.createElement("li");
      var a = document.createElement("a");
      var id = order[k].id.replace(/-error$/, "");
      a.href = "#" + id;
      // The field's label first, as the endpoint's summary has it: the
      // problem alone ("Please fill in this field.") names no field. A
      // checkbox's label is a sentence; its problem says what to do.
      var field = document.getElementById(id), label = form.querySelector('label[for="' + id + '"]');
      if (label && field && field.type !== "checkbox") {
        var name = document.createElement("span");
        name.className = "error-summary-field";
        name.textContent = label.firstChild ? label.firstChild.textContent.trim() : "";
        a.appendChild(name);
        a.appendChild(document.createTextNode(" "));
      }
      a.appendChild(document.createTextNode(order[k].textContent));
      li.appendChild(a);
      list.appendChild(li);
    }
    if (!list.firstChild) { showFailed(other.join(" ") || text.failed); return; }
    status.textContent = "";
    summary.hidden = false;
    summary.focus();
  }

  // showFailed shows why the inquiry was not sent right above the send
  // button, where the visitor is looking, and moves focus there.
  function showFailed(reason) {
    status.textContent = "";
    document.getElementById("send-failed-reason").textContent = reason || "";
    failedBox.hidden = false;
    failedBox.focus();
  }

  // A link in the summary focuses its field (the label stays in view).
  summary.addEventListener("click", function (ev) {
    var a = ev.target.closest && ev.target.closest("a");
    var field = a && document.getElementById(a.getAttribute("href").slice(1));
    if (!field) return;
    ev.preventDefault();
    field.focus();
    var label = form.querySelector("label[for='" + field.id + "']");
    (label || field).scrollIntoView({ block: "start" });
  });

  // The hint under the topic says, before sending, when and from whom the
  // visitor hears back for the chosen topic.
  var topic = form.elements.topic;
  var topicHint = document.getElementById("f-topic-hint");
  function showTopicHint() {
    var opt = topic.options[topic.selectedIndex];
    if (opt) topicHint.textContent = opt.getAttribute("data-hint") || "";
  }
  topic.addEventListener("change", showTopicHint);
  // ?topic=<id> chooses a topic on the generic page, as /contact/<id>/ does.
  var wanted = new URLSearchParams(window.location.search).get("topic");
  if (wanted && !topic.value) {
    for (var t = 0; t < topic.options.length; t++) {
      if (topic.options[t].value && topic.options[t].value === wanted) topic.selectedIndex = t;
    }
  }
  showTopicHint();

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
        if (data && data.errors && !data.errors.form) showErrors(data.errors);
        else showFailed((data && data.errors && data.errors.form) || text.failed);
      });
    }).catch(function () {
      showFailed(text.failed);
    }).then(function () { busy = false; });
  });
})();
