// 培训场次 form: the roster's filters (职务, 村分类, 苏木乡镇) show only when the
// roster is chosen by conditions. A Stimulus controller on the 应到学员 panel
// (courses.attendance.forms); without JavaScript the filters stay visible with a
// note, and the server ignores them for the other choice.
(() => {
  const wagtail = window.wagtail;
  const Stimulus = window.StimulusModule;
  if (!wagtail || !wagtail.app || !Stimulus) return;

  class RosterFiltersController extends Stimulus.Controller {
    static targets = ["filter", "note"];
    static values = { chosen: String };

    connect() {
      this.toggle();
    }

    get roster() {
      const field = this.element.querySelector(
        'input[name="roster"]:checked, select[name="roster"]',
      );
      return field ? field.value : "";
    }

    toggle() {
      const chosen = this.roster === this.chosenValue;
      this.filterTargets.forEach((filter) => {
        filter.hidden = !chosen;
      });
      // With the filters shown or hidden as they apply, the note is not needed.
      this.noteTargets.forEach((note) => {
        note.hidden = true;
      });
    }
  }

  wagtail.app.register("roster-filters", RosterFiltersController);
})();
