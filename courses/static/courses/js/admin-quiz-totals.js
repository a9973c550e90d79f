// The quiz form's running totals (courses.publishing.quiz_totals.QuestionTotalsPanel):
// 共 N 题 · 总分 M 分 from the fixed questions (one each, once chosen) and the
// random rules (their count), leaving out rows marked for deletion. Recomputed
// on every edit, and every second for rows added or removed by the inline panel.
(function () {
  "use strict";

  function number(input) {
    var value = input ? parseFloat(String(input.value).replace(",", ".")) : NaN;
    return isNaN(value) ? 0 : value;
  }

  function deleted(form, prefix, index) {
    var input = form.elements[prefix + "-" + index + "-DELETE"];
    if (!input) return false;
    if (input.type === "checkbox") return input.checked;
    return ["1", "true", "on"].indexOf(String(input.value).toLowerCase()) !== -1;
  }

  function rows(form, prefix) {
    var total = form.elements[prefix + "-TOTAL_FORMS"];
    var count = total ? parseInt(total.value, 10) || 0 : 0;
    var indexes = [];
    for (var i = 0; i < count; i += 1) {
      if (!deleted(form, prefix, i)) indexes.push(i);
    }
    return indexes;
  }

  function totals(form, fixed, drawn) {
    var count = 0;
    var points = 0;
    rows(form, fixed).forEach(function (i) {
      var question = form.elements[fixed + "-" + i + "-question"];
      if (question && question.value) {
        count += 1;
        points += number(form.elements[fixed + "-" + i + "-points"]);
      }
    });
    rows(form, drawn).forEach(function (i) {
      var n = Math.max(0, Math.floor(number(form.elements[drawn + "-" + i + "-count"])));
      count += n;
      points += n * number(form.elements[drawn + "-" + i + "-points"]);
    });
    return { count: count, points: Math.round(points * 10) / 10 };
  }

  function start(box) {
    var form = box.closest("form");
    if (!form) return;
    var countEl = box.querySelector("[data-quiz-totals-count]");
    var pointsEl = box.querySelector("[data-quiz-totals-points]");
    function update() {
      var t = totals(form, box.dataset.fixed, box.dataset.drawn);
      if (countEl.textContent !== String(t.count)) countEl.textContent = t.count;
      if (pointsEl.textContent !== String(t.points)) pointsEl.textContent = t.points;
    }
    form.addEventListener("input", update);
    form.addEventListener("change", update);
    form.addEventListener("click", function () { window.setTimeout(update, 0); });
    window.setInterval(update, 1000);
    update();
  }

  function init() {
    document.querySelectorAll("[data-quiz-totals]").forEach(start);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
