/* The register page: every refresh seconds, fetch the states and counts
   (filled by the cadres' check-ins) and update the session's state, the
   rows' badges, times and the counts; the forms are left alone. No framework; common.js first. */
(function () {
  "use strict";

  var root = document.querySelector(".register[data-state-url]");
  if (!root || !window.fetch) {
    return;
  }
  var url = root.getAttribute("data-state-url");
  var refresh = parseInt(root.getAttribute("data-refresh-seconds"), 10) || 10;
  var status = root.querySelector("[data-refresh-status]");
  var initialStatus = status ? status.textContent : "";
  var busy = false;

  function pad(n) {
    return (n < 10 ? "0" : "") + n;
  }

  function update(data) {
    var sessionState = root.querySelector("[data-session-state]");
    if (sessionState && data.state) {
      sessionState.className =
        "register-session-state register-session-state-" + data.state;
      sessionState.textContent = data.state_label;
    }
    Object.keys(data.counts || {}).forEach(function (state) {
      var cell = root.querySelector('[data-count="' + state + '"]');
      if (cell) {
        cell.textContent = data.counts[state];
      }
    });
    var total = root.querySelector('[data-count="total"]');
    if (total) {
      total.textContent = data.total;
    }
    Object.keys(data.rows || {}).forEach(function (id) {
      var row = document.getElementById("cadre-" + id);
      if (!row) {
        return;
      }
      var mark = data.rows[id];
      var badge = row.querySelector("[data-state]");
      var time = row.querySelector("[data-time]");
      if (badge) {
        badge.className = "session-state session-state-" + mark.state;
        badge.textContent = mark.label;
      }
      if (time) {
        time.textContent = mark.time;
      }
    });
    if (status) {
      var now = new Date();
      status.textContent =
        initialStatus + " · " + root.getAttribute("data-updated-text") + " " +
        pad(now.getHours()) + ":" + pad(now.getMinutes()) + ":" + pad(now.getSeconds());
    }
  }

  function tick() {
    if (busy || document.hidden) {
      return;
    }
    busy = true;
    window.lms
      .fetchJson(url)
      .then(update)
      .catch(function () {
        if (status) {
          status.textContent = root.getAttribute("data-offline-text");
        }
      })
      .then(function () {
        busy = false;
      });
  }

  if (!root.hasAttribute("data-closed")) {
    window.setInterval(tick, refresh * 1000);
  }
})();
