// Study time (学习计时): start a session, then send a heartbeat every few
// seconds while the page is visible and the learner was recently active.
// The server decides how much time counts; this script only reports presence.
(function () {
  "use strict";
  var box = document.getElementById("study-progress");
  if (!box || !window.fetch) return;
  var ACTIVE_WINDOW_MS = 2 * 60 * 1000;
  var lastActive = Date.now();
  var token = null;
  var sequence = 0;
  var timer = null;

  function show(seconds, required, completed) {
    if (completed) {
      box.textContent = box.dataset.textDone;
      box.classList.add("is-done");
      return;
    }
    box.textContent = box.dataset.textProgress
      .replace("%(done)s", Math.floor(seconds / 60))
      .replace("%(total)s", Math.round(required / 60));
  }

  function post(url, data) {
    var body = new URLSearchParams(data || {});
    return fetch(url, {
      method: "POST",
      credentials: "same-origin",
      headers: { "X-CSRFToken": box.dataset.csrf },
      body: body,
    }).then(function (response) {
      if (!response.ok) throw new Error(String(response.status));
      return response.json();
    });
  }

  function markActive() {
    lastActive = Date.now();
  }

  function videoPlaying() {
    var videos = document.querySelectorAll("video, audio");
    for (var i = 0; i < videos.length; i++) {
      if (!videos[i].paused && !videos[i].ended) return true;
    }
    return false;
  }

  function stop(message) {
    if (timer) clearInterval(timer);
    timer = null;
    token = null;
    if (message) {
      box.textContent = message;
      box.classList.add("is-paused");
    }
  }

  function beat() {
    if (!token || document.visibilityState !== "visible") return;
    if (Date.now() - lastActive > ACTIVE_WINDOW_MS && !videoPlaying()) return;
    sequence += 1;
    post(box.dataset.heartbeatUrl, { token: token, sequence: sequence })
      .then(function (result) {
        if (result.status === "superseded") {
          stop(box.dataset.textSuperseded);
          return;
        }
        show(result.seconds_studied, result.required_seconds, result.completed);
      })
      .catch(function () {});
  }

  ["pointerdown", "pointermove", "keydown", "scroll", "touchstart"].forEach(
    function (name) {
      window.addEventListener(name, markActive, { passive: true });
    }
  );

  if (box.textContent === box.dataset.textDone) {
    show(0, 0, true);
    return; // already complete: do not take the session over from another tab
  }
  show(Number(box.dataset.seconds), Number(box.dataset.required), false);

  post(box.dataset.startUrl)
    .then(function (session) {
      token = session.token;
      sequence = 0;
      show(session.seconds_studied, session.required_seconds, session.completed);
      if (!session.completed) {
        timer = setInterval(beat, session.heartbeat_seconds * 1000);
      }
    })
    .catch(function () {});
})();
