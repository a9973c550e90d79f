/* What several pages share, loaded before their own script:
   - lms.fetchJson(url): a same-origin GET of a JSON endpoint, never cached,
     rejected on an HTTP error (the projector, the register, report exports);
   - a [data-print] button (hidden until this script runs) prints the page
     (the sign-in sheet, the archive, the certificate). No framework. */
(function () {
  "use strict";

  window.lms = window.lms || {};

  window.lms.fetchJson = function (url) {
    return fetch(url, {
      credentials: "same-origin",
      cache: "no-store",
      headers: { Accept: "application/json" },
    }).then(function (response) {
      if (!response.ok) {
        throw new Error("HTTP " + response.status);
      }
      return response.json();
    });
  };

  document.addEventListener("DOMContentLoaded", function () {
    var printButton = document.querySelector("[data-print]");
    if (printButton) {
      printButton.hidden = false;
      printButton.addEventListener("click", function () {
        window.print();
      });
    }
  });
})();
