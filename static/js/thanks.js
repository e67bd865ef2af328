// thanks.js: shows the visitor's reference and the day by which the unit
// answers, from the address the contact endpoint (or contact.js) sent them to:
// /contact/thanks/?ref=ABCD-1234&by=2026-12-03. Anything else in the address
// is ignored, and the values are checked and set as text, never as markup,
// so a crafted link cannot put anything on the page.
(function () {
  "use strict";
  var box = document.getElementById("receipt");
  if (!box || !window.URLSearchParams) return;
  var q = new URLSearchParams(window.location.search);
  var ref = q.get("ref") || "";
  if (!/^[A-Z0-9]{4}-[A-Z0-9]{4}$/.test(ref)) return;
  document.getElementById("receipt-ref").textContent = ref;
  var by = /^(\d{4})-(\d{2})-(\d{2})$/.exec(q.get("by") || "");
  if (by) {
    // Noon UTC of that date, written in UTC: the day itself, whatever the
    // visitor's time zone.
    var day = new Date(Date.UTC(+by[1], +by[2] - 1, +by[3], 12));
    if (day.getUTCDate() === +by[3]) {
      // The language's CLDR locale from site.yaml, as the build wrote it:
      // the browser's Intl has the CLDR data to write the day with.
      var locale = box.getAttribute("data-locale") || document.documentElement.lang;
      document.getElementById("receipt-by").textContent = day.toLocaleDateString(locale, {
        weekday: "long", day: "numeric", month: "long", timeZone: "UTC"
      });
      document.getElementById("receipt-by-row").hidden = false;
    }
  }
  box.hidden = false;
})();
