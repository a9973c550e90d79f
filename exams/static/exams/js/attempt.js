// Taking a quiz: save each answer as soon as it changes, count down to the
// deadline kept on the server, and submit when time is up. Without this
// script the form still works: submitting posts every answer at once.
(function () {
  "use strict";
  var form = document.getElementById("attempt-form");
  var state = document.getElementById("save-state");
  var clock = document.getElementById("countdown");
  if (!form || !window.fetch) return;
  var csrf = form.querySelector("input[name=csrfmiddlewaretoken]").value;
  var dirty = {}; // question id -> true while not saved
  var timers = {};
  var submitting = false;

  function values(question) {
    var inputs = question.querySelectorAll("input");
    var out = [];
    for (var i = 0; i < inputs.length; i++) {
      var input = inputs[i];
      if (input.type === "radio" || input.type === "checkbox") {
        if (input.checked) out.push(input.value);
      } else if (input.value.trim()) {
        out.push(input.value);
      }
    }
    return out;
  }

  function say(text) {
    state.textContent = text;
  }

  function save(id) {
    var question = document.getElementById("question-" + id);
    var body = new URLSearchParams();
    body.append("question", id);
    values(question).forEach(function (v) {
      body.append("value", v);
    });
    say(form.dataset.textSaving);
    return fetch(form.dataset.answerUrl, {
      method: "POST",
      credentials: "same-origin",
      headers: { "X-CSRFToken": csrf },
      body: body,
    })
      .then(function (response) {
        return response.json().then(function (data) {
          if (response.ok) {
            delete dirty[id];
            question.classList.add("is-saved");
            if (!Object.keys(dirty).length) say(form.dataset.textSaved);
            return;
          }
          if (response.status === 409) {
            // Time is up or already submitted: the server has graded it.
            submitting = true;
            say(data.error);
            form.submit();
            return;
          }
          delete dirty[id];
          say(data.error || form.dataset.textFailed);
        });
      })
      .catch(function () {
        say(form.dataset.textFailed);
      });
  }

  form.addEventListener("change", function (event) {
    var question = event.target.closest(".question");
    if (!question) return;
    var id = question.dataset.question;
    dirty[id] = true;
    clearTimeout(timers[id]);
    save(id);
  });

  form.addEventListener("input", function (event) {
    if (event.target.type !== "text") return;
    var id = event.target.closest(".question").dataset.question;
    dirty[id] = true;
    clearTimeout(timers[id]);
    timers[id] = setTimeout(function () {
      save(id);
    }, 800);
  });

  // Unsaved answers (the network dropped) are tried again every few seconds.
  setInterval(function () {
    Object.keys(dirty).forEach(save);
  }, 5000);

  form.addEventListener("submit", function (event) {
    if (submitting) return;
    var unanswered = 0;
    var questions = form.querySelectorAll(".question");
    for (var i = 0; i < questions.length; i++) {
      if (!values(questions[i]).length) unanswered += 1;
    }
    var text = form.dataset.textConfirm;
    if (unanswered) {
      text =
        form.dataset.textUnanswered.replace("%(n)s", unanswered) + "\n" + text;
    }
    if (!window.confirm(text)) {
      event.preventDefault();
      return;
    }
    submitting = true;
  });

  var end = Date.now() + Number(clock.dataset.secondsLeft) * 1000;
  function pad(n) {
    return n < 10 ? "0" + n : String(n);
  }
  function tick() {
    var left = Math.max(Math.round((end - Date.now()) / 1000), 0);
    clock.textContent = pad(Math.floor(left / 60)) + ":" + pad(left % 60);
    clock.classList.toggle("is-urgent", left <= 60);
    if (left === 0 && !submitting) {
      submitting = true;
      say(form.dataset.textTimeout);
      form.submit();
    }
  }
  tick();
  setInterval(tick, 1000);
})();
