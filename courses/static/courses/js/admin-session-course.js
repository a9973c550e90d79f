// 添加培训场次 from a course (courses.publishing.buttons) opens the session
// form with ?course=<id>: the course is chosen for the trainer, when the form
// offers it and nothing is chosen yet.
(function () {
  "use strict";

  function preselect() {
    var course = new URLSearchParams(window.location.search).get("course");
    if (!course) return;
    var select = document.querySelector("form select[name='course']");
    if (!select || select.value) return;
    for (var i = 0; i < select.options.length; i += 1) {
      if (select.options[i].value === course) {
        select.value = course;
        select.dispatchEvent(new Event("change", { bubbles: true }));
        return;
      }
    }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", preselect);
  } else {
    preselect();
  }
})();
