/* The projector page: fetch a fresh check-in QR code and the counts every
   refresh seconds. A failed fetch keeps the last code, says so, and tries
   again at the next tick; no framework. */
(function () {
  "use strict";

  var root = document.getElementById("projector");
  if (!root || !window.fetch || root.hasAttribute("data-closed")) {
    return;
  }
  var codeUrl = root.getAttribute("data-code-url");
  var refresh = parseInt(root.getAttribute("data-refresh-seconds"), 10) || 15;
  var qr = document.getElementById("projector-qr");
  var link = document.getElementById("projector-url");
  var checkedIn = document.getElementById("projector-checked-in");
  var expected = document.getElementById("projector-expected");
  var status = document.getElementById("projector-status");
  var lastSuccess = Date.now();
  var busy = false;

  function showStatus(text) {
    status.textContent = text || "";
    status.hidden = !text;
  }

  function failed() {
    // A code is valid for twice the refresh time: after that the QR on the
    // screen no longer checks anyone in.
    var stale = Date.now() - lastSuccess > 2 * refresh * 1000;
    root.classList.toggle("projector-stale", stale);
    showStatus(
      root.getAttribute(stale ? "data-stale-text" : "data-offline-text")
    );
  }

  function update(data) {
    if (data && data.closed) {
      // The trainer closed the register: the page says so, without a code.
      window.location.reload();
      return;
    }
    if (!data || typeof data.qr_svg !== "string" || !data.url) {
      throw new Error("bad response");
    }
    qr.innerHTML = data.qr_svg;
    link.href = data.url;
    link.textContent = data.url;
    checkedIn.textContent = data.checked_in;
    expected.textContent = data.expected;
    if (data.refresh_seconds > 0) {
      refresh = data.refresh_seconds;
    }
    lastSuccess = Date.now();
    root.classList.remove("projector-stale");
    showStatus("");
  }

  function tick() {
    if (busy) {
      return schedule();
    }
    busy = true;
    window.lms
      .fetchJson(codeUrl)
      .then(update)
      .catch(failed)
      .then(function () {
        busy = false;
        schedule();
      });
  }

  function schedule() {
    window.setTimeout(tick, refresh * 1000);
  }

  schedule();
})();
