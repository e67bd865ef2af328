// keep.js: what a visitor has typed survives a switch of language. On the
// contact page, the form's fields marked data-keep (the layout marks every
// field site.yaml's contact.fields declares, but checkboxes) are kept in
// sessionStorage (never in the address, so no message text lands in logs)
// when a link of the language switch is followed, and filled in on the page
// in the other language; on the search page, the query travels as ?q=.
// Loaded by the contact and search layouts only.
(function () {
  "use strict";
  var KEY = "portal:carry";
  var form = document.getElementById("contact-form");
  var fields = form ? form.querySelectorAll("[data-keep][name]") : [];

  function store(value) {
    try { window.sessionStorage.setItem(KEY, JSON.stringify(value)); } catch (e) { /* storage off: nothing kept */ }
  }

  var links = document.querySelectorAll(".lang-switch a[hreflang]");
  for (var i = 0; i < links.length; i++) {
    links[i].addEventListener("click", function (ev) {
      var a = ev.currentTarget;
      var target = new URL(a.href, window.location.href);
      if (form) {
        var values = {};
        for (var j = 0; j < fields.length; j++) {
          if (fields[j].value) values[fields[j].name] = fields[j].value;
        }
        store({ path: target.pathname, values: values });
      }
      var q = new URLSearchParams(window.location.search).get("q");
      if (q) {
        target.searchParams.set("q", q);
        a.href = target.toString();
      }
    });
  }

  if (!form) return;
  var saved;
  try {
    saved = JSON.parse(window.sessionStorage.getItem(KEY) || "null");
    window.sessionStorage.removeItem(KEY);
  } catch (e) { return; }
  if (!saved || saved.path !== window.location.pathname || !saved.values) return;
  for (var k = 0; k < fields.length; k++) {
    var el = fields[k];
    var v = saved.values[el.name];
    if (typeof v !== "string" || el.value === v) continue;
    if (el.tagName === "SELECT") {
      // Only a choice the form offers (a topic); the hint follows it.
      for (var t = 0; t < el.options.length; t++) {
        if (el.options[t].value === v) {
          el.selectedIndex = t;
          el.dispatchEvent(new Event("change"));
        }
      }
    } else if (!el.value) {
      el.value = v.slice(0, el.maxLength > 0 ? el.maxLength : v.length);
    }
  }
})();
