"""`autograder report NAME`, the page: report/NAME.html, one file that opens offline.

The charts are PNGs embedded as data URIs, the style is inline, and there is no script. The numbers
behind each chart are in a table beside it (with data- attributes, for tools and tests). Everything a
student wrote or is named by (ids, feedback lines, answers) is escaped.
"""

from __future__ import annotations

import base64
import io
from html import escape
from pathlib import Path

from autograder.course import Course
from autograder.report import ClassReport, Diagnosis, RunProblem, gather
from autograder.similarity import MIN_STATEMENTS

STYLE = """
body { font-family: system-ui, sans-serif; margin: 2em auto; max-width: 60em; padding: 0 1em; color: #222; }
table { border-collapse: collapse; margin: 0.5em 0 1.5em; }
th, td { border: 1px solid #ccc; padding: 0.25em 0.6em; text-align: left; vertical-align: top; }
td.number { text-align: right; }
pre { background: #f6f6f6; padding: 0.6em; overflow-x: auto; }
.note { color: #555; }
"""


def _png(figure) -> str:
    """The figure as a data URI; drawn by Agg without pyplot, so no GUI backend and no global state."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    buffer = io.BytesIO()
    FigureCanvasAgg(figure).print_png(buffer)
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")


def _bin_label(low: float, high: float) -> str:
    return f"{low:g}" if high - low <= 1 else f"{low:g}–{high:g}"


def histogram_png(report: ClassReport) -> str:
    from matplotlib.figure import Figure

    figure = Figure(figsize=(7, 3), dpi=100, layout="tight")
    axes = figure.add_subplot()
    bins = report.bins()
    axes.bar([_bin_label(b.low, b.high) for b in bins], [b.count for b in bins], color="#4c72b0")
    axes.set_xlabel(f"total score (of {report.max_score:g})")
    axes.set_ylabel("submissions")
    axes.yaxis.get_major_locator().set_params(integer=True)
    return _png(figure)


def pass_rate_png(report: ClassReport) -> str:
    from matplotlib.figure import Figure

    figure = Figure(figsize=(7, 1.2 + 0.5 * len(report.questions)), dpi=100, layout="tight")
    axes = figure.add_subplot()
    names = list(report.questions)[::-1]  # the first question on top
    axes.barh(names, [100 * report.pass_rate(q) for q in names], color="#55a868")
    axes.set_xlim(0, 100)
    axes.set_xlabel("% of graded submissions with full points")
    return _png(figure)


def _students(students: tuple[str, ...]) -> str:
    return ", ".join(f'<span class="student">{escape(s)}</span>' for s in students)


def _histogram_section(report: ClassReport) -> str:
    rows = "".join(f'<tr data-low="{b.low:g}" data-high="{b.high:g}" data-count="{b.count}">'
                   f'<td>{_bin_label(b.low, b.high)}</td><td class="number">{b.count}</td></tr>'
                   for b in report.bins())
    return (f'<h2>Score distribution</h2><img alt="histogram of total scores" src="{histogram_png(report)}">'
            f'<table id="histogram"><tr><th>total score</th><th>submissions</th></tr>{rows}</table>')


def _pass_rate_section(report: ClassReport) -> str:
    rows = "".join(f'<tr data-question="{escape(q)}" data-full="{report.full_marks[q]}" '
                   f'data-graded="{len(report.scores)}" data-rate="{report.pass_rate(q):.4f}">'
                   f'<td>{escape(q)}</td><td class="number">{points:g}</td>'
                   f'<td class="number">{report.full_marks[q]} / {len(report.scores)}</td>'
                   f'<td class="number">{100 * report.pass_rate(q):.0f}%</td></tr>'
                   for q, points in report.questions.items())
    return (f'<h2>Pass rate per question</h2><img alt="pass rate per question" src="{pass_rate_png(report)}">'
            '<table id="pass-rates"><tr><th>question</th><th>points</th><th>full points</th><th>rate</th></tr>'
            f'{rows}</table>')


def _wordings(diagnosis: Diagnosis) -> str:
    if diagnosis.wordings == 1:
        return ""
    return f'<br><span class="note">{diagnosis.wordings} wordings (the values differ)</span>'


def _diagnoses_section(report: ClassReport) -> str:
    if not report.diagnoses:
        return '<h2>Most frequent diagnoses</h2><p class="note">No feedback: every graded answer passed.</p>'
    rows = "".join(f'<tr data-question="{escape(d.question)}" data-count="{len(d.students)}" '
                   f'data-kind="{escape(d.kind)}"><td class="number">{len(d.students)}</td>'
                   f'<td>{escape(d.question)}{_wordings(d)}</td><td class="diagnosis">{escape(d.text)}</td>'
                   f'<td>{_students(d.students)}</td></tr>'
                   for d in report.diagnoses)
    return ('<h2>Most frequent diagnoses</h2><p class="note">Each kind of mistake the feedback named, counted once '
            'per student and question, in its most frequent wording.</p><table id="diagnoses"><tr><th>students</th>'
            f'<th>question</th><th>diagnosis</th><th>who</th></tr>{rows}</table>')


def _problems_section(title: str, table_id: str, problems: list[RunProblem], empty: str) -> str:
    if not problems:
        return f'<h2>{title}</h2><p class="note">{empty}</p>'
    rows = "".join(f'<tr data-student="{escape(p.student)}"><td>{escape(p.student)}</td>'
                   f'<td class="reason">{escape(p.reason)}</td></tr>' for p in problems)
    return f'<h2>{title}</h2><table id="{table_id}"><tr><th>student</th><th>why</th></tr>{rows}</table>'


def _clusters_section(report: ClassReport) -> str:
    note = ("<p class=\"note\">A hint for a closer look, never a penalty: answers to a question whose syntax "
            "trees are the same once variables are renamed in order of appearance (comments, blank lines, "
            "docstrings and bare print() calls ignored; the release's own lines left out). Only answers with "
            f"at least {MIN_STATEMENTS} statements of the student's own are compared, and answers equal to the "
            "release's stub or to the reference solution are not listed.</p>")
    if not report.clusters:
        return f"<h2>Similar answers</h2>{note}<p class=\"note\">None found.</p>"
    items = "".join(f'<div class="cluster" data-question="{escape(c.question)}" data-size="{len(c.students)}">'
                    f"<h3>{escape(c.question)}: {len(c.students)} students</h3><p>{_students(c.students)}</p>"
                    f"<p class=\"note\">{escape(c.students[0])}'s answer:</p><pre>{escape(c.source)}</pre></div>"
                    for c in report.clusters)
    return f"<h2>Similar answers</h2>{note}{items}"


def render(report: ClassReport) -> str:
    """The whole page."""
    title = f"{escape(report.assignment)}: class report"
    if report.scores:
        overview = (f"{len(report.scores)} graded submission(s): mean {report.mean:.2f}, median "
                    f"{report.median:g} of {report.max_score:g} points.")
    else:
        overview = "No graded submission yet."
    overview += (f" {len(report.unrunnable)} could not run (not counted in the charts);"
                 f" {report.missing} student(s) of the gradebook without a submission.")
    sections = [
        _histogram_section(report),
        _pass_rate_section(report),
        _diagnoses_section(report),
        _problems_section("Submissions that could not run", "unrunnable", report.unrunnable, "None."),
        _problems_section("Runs that stopped early", "stopped", report.stopped,
                          "None: every graded run went to its end."),
        _clusters_section(report),
    ]
    return (f'<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><title>{title}</title>'
            f"<style>{STYLE}</style></head>\n<body><h1>{title}</h1><p>{overview}</p>\n"
            + "\n".join(sections) + "\n</body></html>\n")


def write_report(course: Course, assignment: str) -> tuple[ClassReport, Path]:
    """Gather the class's results and write report/ASSIGNMENT.html in the course folder."""
    report = gather(course, assignment)
    path = course.root / "report" / f"{assignment}.html"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(render(report), encoding="utf-8")
    return report, path
