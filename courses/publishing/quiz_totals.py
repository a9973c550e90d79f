"""The quiz form's running totals (used by exams.models.QuizPage; only
panels imported here, since page models load it)."""

from decimal import Decimal, InvalidOperation

from wagtail.admin.panels import Panel


def _number(value, kind=Decimal):
    try:
        return kind(str(value).strip() or 0)
    except (InvalidOperation, TypeError, ValueError):
        return kind(0)


def _deleted(form):
    return str(form["DELETE"].value()).lower() in ("1", "true", "on")


class QuestionTotalsPanel(Panel):
    """共 N 题 · 总分 M 分 of a quiz form as edited: each row of the fixed
    formset is one question (once one is chosen), each row of the drawn
    formset its count; points are per question. Rendered from the form (the
    page's values, or the posted ones after an error) and kept up to date by
    admin-quiz-totals.js as the trainer edits."""

    def __init__(self, *, fixed, drawn, **kwargs):
        super().__init__(**kwargs)
        self.fixed = fixed
        self.drawn = drawn

    def clone_kwargs(self):
        kwargs = super().clone_kwargs()
        kwargs.update(fixed=self.fixed, drawn=self.drawn)
        return kwargs

    class BoundPanel(Panel.BoundPanel):
        template_name = "courses/admin/question_totals_panel.html"

        class Media:
            js = ["courses/js/admin-quiz-totals.js"]

        def totals(self):
            count, points = 0, Decimal(0)
            formsets = getattr(self.form, "formsets", {})
            for name, drawn in ((self.panel.fixed, False), (self.panel.drawn, True)):
                formset = formsets.get(name)
                for form in formset.forms if formset is not None else []:
                    if _deleted(form):
                        continue
                    if drawn:
                        n = _number(form["count"].value(), int)
                    else:
                        n = 1 if form["question"].value() else 0
                    count += n
                    points += n * _number(form["points"].value())
            return count, points

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            count, points = self.totals()
            context.update(
                count=count,
                points=points,
                fixed=self.panel.fixed,
                drawn=self.panel.drawn,
            )
            return context
