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

  var videoPending = 0; // seconds of video played since the last beat

  function minutes(text, done, total) {
    return text
      .replace("%(done)s", Math.floor(done / 60))
      .replace("%(total)s", Math.ceil(total / 60));
  }

  // A video shorter than a minute is counted in seconds ("需看 2 秒", not 1 分钟).
  function videoText(done, total) {
    if (total >= 60) return minutes(box.dataset.textVideo, done, total);
    return box.dataset.textVideoSeconds
      .replace("%(done)s", Math.floor(done))
      .replace("%(total)s", total);
  }

  function show(state) {
    if (state.completed) {
      box.textContent = box.dataset.textDone;
      box.classList.add("is-done");
      return;
    }
    var text = minutes(
      box.dataset.textProgress,
      state.seconds_studied,
      state.required_seconds
    );
    if (state.video_required_seconds > 0) {
      text +=
        " · " +
        videoText(state.video_seconds_watched, state.video_required_seconds);
    }
    box.textContent = text;
  }

  // Count only video that plays on: not seeking ahead, not paused. Counted
  // from the moment it starts playing up to its last update, which comes with
  // `paused` already set at a pause or the end (a 2-second video counts 2 s).
  function watchVideo(video) {
    var last = null;
    video.addEventListener("playing", function () {
      last = video.currentTime;
    });
    video.addEventListener("timeupdate", function () {
      var now = video.currentTime;
      if (last !== null && !video.seeking) {
        var step = now - last;
        if (step > 0 && step < 2) videoPending += step;
      }
      last = video.paused ? null : now;
    });
    ["seeking", "pause", "ended"].forEach(function (name) {
      video.addEventListener(name, function () {
        last = null;
      });
    });
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
    var video = Math.floor(videoPending);
    videoPending -= video;
    post(box.dataset.heartbeatUrl, {
      token: token,
      sequence: sequence,
      video_seconds: video,
    })
      .then(function (result) {
        if (result.status === "superseded") {
          stop(box.dataset.textSuperseded);
          return;
        }
        show(result);
        if (result.completed) stop();
      })
      .catch(function () {
        videoPending += video; // not counted: send it again with the next beat
      });
  }

  ["pointerdown", "pointermove", "keydown", "scroll", "touchstart"].forEach(
    function (name) {
      window.addEventListener(name, markActive, { passive: true });
    }
  );

  if (box.textContent === box.dataset.textDone) {
    show({ completed: true });
    return; // already complete: do not take the session over from another tab
  }
  show({
    seconds_studied: Number(box.dataset.seconds),
    required_seconds: Number(box.dataset.required),
    video_seconds_watched: Number(box.dataset.videoWatched),
    video_required_seconds: Number(box.dataset.videoRequired),
    completed: false,
  });
  Array.prototype.forEach.call(document.querySelectorAll("video"), watchVideo);

  post(box.dataset.startUrl)
    .then(function (session) {
      token = session.token;
      sequence = 0;
      show(session);
      if (!session.completed) {
        timer = setInterval(beat, session.heartbeat_seconds * 1000);
      }
    })
    .catch(function () {});
})();
