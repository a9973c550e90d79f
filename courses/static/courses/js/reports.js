/* The export progress page: poll the export's status every few seconds,
   move the progress bar, and show the download link (or the error) when the
   file is ready. A failed fetch says so and tries again; no framework. */
(function () {
  "use strict";

  var root = document.getElementById("report-export");
  if (!root || !window.fetch) {
    return;
  }
  var statusUrl = root.getAttribute("data-status-url");
  var pollMs = parseInt(root.getAttribute("data-poll-ms"), 10) || 1500;
  var rowsTemplate = root.getAttribute("data-rows-template") || "";
  var bar = document.getElementById("export-bar");
  var statusText = document.getElementById("export-status");
  var percent = document.getElementById("export-percent");
  var rows = document.getElementById("export-rows");
  var error = document.getElementById("export-error");
  var offline = document.getElementById("export-offline");
  var download = document.getElementById("export-download");
  var downloadLink = document.getElementById("export-download-link");
  var wait = document.getElementById("export-wait");

  function finished(status) {
    return status === "done" || status === "failed";
  }

  function update(data) {
    if (!data || typeof data.percent !== "number") {
      throw new Error("bad response");
    }
    offline.hidden = true;
    bar.value = data.percent;
    bar.textContent = data.percent + "%";
    percent.textContent = data.percent;
    statusText.textContent = data.status_label;
    rows.textContent = rowsTemplate
      .replace("{done}", data.rows_done)
      .replace("{total}", data.rows_total);
    root.setAttribute("data-status", data.status);
    if (data.error) {
      error.textContent = data.error;
      error.hidden = false;
    }
    if (data.download_url) {
      downloadLink.href = data.download_url;
      download.hidden = false;
    }
    wait.hidden = finished(data.status);
    return data.status;
  }

  function tick() {
    window.lms
      .fetchJson(statusUrl)
      .then(update)
      .catch(function () {
        offline.textContent = root.getAttribute("data-offline-text");
        offline.hidden = false;
        return "";
      })
      .then(function (status) {
        if (!finished(status)) {
          window.setTimeout(tick, pollMs);
        }
      });
  }

  if (!finished(root.getAttribute("data-status"))) {
    window.setTimeout(tick, pollMs);
  }
})();
