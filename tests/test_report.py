"""`autograder report NAME`: the class report page and the terminal summary, checked against the gradebook."""

import base64
import html
import re
import statistics
from collections import Counter

import pytest

from autograder.export import records
from autograder.grade import grade, read_state
from autograder.report import gather
from autograder.report_html import render
from autograder.similarity import clusters
from tests.conftest import answer, autograder, copy_course, released_notebook, submit

# Two answers that differ only in names, spacing, comments and a print; a third that computes the same differently.
COPIED = ("out = torch.matmul(x, w.T)  # </pre><script>alert(1)</script>\n"
          "out = out + b\nour_formula = out.sum()\nour_formula.backward()")
RENAMED = "# my own work\nres = torch.matmul( x, w.T )\n\nres = res + b\nour_formula = res.sum()\nprint(res)\n" \
          "our_formula.backward()"
DIFFERENT = "total = (x @ w.T).sum() + b.sum()\nour_formula = total\nour_formula.backward()"
TRICKY = 'Иванов <i>"Ваня" & co'  # no slash: it is a folder name
STUB = "# YOUR CODE HERE\nraise NotImplementedError()"


@pytest.fixture(scope="module")
def reported(sample_course, tmp_path_factory):
    """The graded sample class plus a copied pair, a different answer and a file that is not JSON, reported."""
    course = copy_course(sample_course, tmp_path_factory.mktemp("report") / "course")
    released = released_notebook(course, "fc_layer")
    forward = "fc_out_alternative = x @ w.T + b"
    for student, backward in (("s_copy", COPIED), (TRICKY, RENAMED), ("s_other", DIFFERENT)):
        submit(course, student, "fc_layer", answer(released, fc_forward=forward, fc_backward=backward))
    broken = course.submitted_dir() / "s_broken" / "fc_layer"
    broken.mkdir(parents=True)
    (broken / "fc_layer.ipynb").write_text("this is not JSON")
    grade(course, "fc_layer")
    run = autograder("report", "fc_layer", cwd=course.root)
    assert run.returncode == 0, run.stderr
    page = (course.root / "report" / "fc_layer.html").read_text(encoding="utf-8")
    return course, run, page, records(course, "fc_layer")


def graded(data: list[dict]) -> list[dict]:
    return [r for r in data if r["status"] == "graded"]


def students_in(fragment: str) -> list[str]:
    return [html.unescape(s) for s in re.findall(r'<span class="student">(.*?)</span>', fragment)]


def table_rows(page: str, table_id: str) -> list[str]:
    table = re.search(rf'<table id="{table_id}">(.*?)</table>', page, flags=re.S)
    assert table, f"no table #{table_id} in the page"
    return re.findall(r"<tr data-.*?</tr>", table.group(1), flags=re.S)


def test_report_is_one_self_contained_file(reported):
    _, _, page, _ = reported
    assert page.startswith("<!DOCTYPE html>") and '<meta charset="utf-8">' in page
    assert not re.search(r"""(src|href)\s*=\s*["']?\s*(https?:)?//""", page), "the page loads something from the web"
    assert "<script" not in page, "no script at all (and a student's <script> is escaped)"
    assert "<link" not in page and "@import" not in page and "url(" not in page, "no external CSS or fonts"


def test_report_embeds_two_png_charts(reported):
    _, _, page, _ = reported
    images = re.findall(r'<img [^>]*src="data:image/png;base64,([A-Za-z0-9+/=]+)"', page)
    assert len(images) == 2, f"expected the histogram and the pass-rate chart, found {len(images)} images"
    for data in images:
        assert base64.b64decode(data).startswith(b"\x89PNG\r\n"), "an embedded image is not a PNG"


def test_histogram_counts_match_the_gradebook(reported):
    _, _, page, data = reported
    shown = {float(low): int(count) for low, count in
             (re.search(r'data-low="(.*?)" data-high=".*?" data-count="(\d+)"', row).groups()
              for row in table_rows(page, "histogram"))}
    expected = Counter(float(int(r["score"])) for r in graded(data))
    assert set(shown) == {0.0, 1.0, 2.0, 3.0}, f"fc_layer is out of 3: a bin per whole score, got {sorted(shown)}"
    assert {k: v for k, v in shown.items() if v} == dict(expected), "histogram counts differ from the gradebook"
    assert sum(shown.values()) == len(graded(data)) == 31, "28 sample students and 3 added graded submissions"


def test_pass_rates_match_the_gradebook(reported):
    _, _, page, data = reported
    rows = {m[0]: (int(m[1]), int(m[2]), float(m[3])) for m in
            (re.search(r'data-question="(.*?)" data-full="(\d+)" data-graded="(\d+)" data-rate="(.*?)"', row).groups()
             for row in table_rows(page, "pass-rates"))}
    assert list(rows) == ["fc_forward", "fc_backward"], "one row per question, in the notebook's order"
    for question, (full, total, rate) in rows.items():
        want = sum(r["questions"][question]["score"] == r["questions"][question]["max_score"] for r in graded(data))
        assert (full, total) == (want, len(graded(data))), f"{question}: {full}/{total} full, gradebook says {want}"
        assert rate == pytest.approx(want / total, abs=1e-4), f"{question}: rate {rate} is not {want}/{total}"


def diagnosis_rows(page: str) -> list[tuple[str, int, str, list[str]]]:
    found = []
    for row in table_rows(page, "diagnoses"):
        question, count = re.search(r'data-question="(.*?)" data-count="(\d+)"', row).groups()
        text = html.unescape(re.search(r'<td class="diagnosis">(.*?)</td>', row).group(1))
        found.append((question, int(count), text, students_in(row)))
    return found


def test_diagnoses_known_from_the_sample_class(reported):
    _, _, page, _ = reported
    rows = diagnosis_rows(page)
    transposed = [r for r in rows if "ожидалось (1, 3), получено (3, 1)" in r[2]]
    assert [(q, n, who) for q, n, _, who in transposed] == [("fc_forward", 1, ["f13"])], transposed
    layer_called = [r for r in rows if "не вызывайте сам слой" in r[2]]
    assert [(q, n, who) for q, n, _, who in layer_called] == [("fc_forward", 2, ["f18", "f19"])], layer_called


def kinds(course, data) -> Counter:
    """(question, kind of mistake) → graded students, from the state files the grader wrote."""
    found = Counter()
    for record in graded(data):
        state = read_state(course, record["student_id"], "fc_layer")
        for question, result in state["questions"].items():
            found.update({(question, kind) for kind, _ in result["diagnoses"]})
    return found


def test_diagnoses_match_the_grading_most_frequent_first(reported):
    course, _, page, data = reported
    rows = diagnosis_rows(page)
    kinds_on_page = [tuple(re.search(r'data-question="(.*?)" data-count="\d+" data-kind="(.*?)"', r).groups())
                     for r in table_rows(page, "diagnoses")]
    assert dict(zip(kinds_on_page, [n for _, n, _, _ in rows], strict=True)) == dict(kinds(course, data)), \
        "a kind's count differs from the grading"
    for question, count, text, who in rows:
        assert len(who) == count, f"{question}: {text!r} counts {count} but names {who}"
        assert any(text in r["questions"][question]["feedback"].splitlines() for r in data
                   if r["student_id"] in who), f"{text!r} is no student's feedback"
    raised = [r for r in table_rows(page, "diagnoses") if 'data-question="fc_forward"' in r
              and 'data-kind="answer_raised"' in r]
    assert len(raised) == 1 and "2 wordings" in raised[0] and students_in(raised[0]) == ["f05", "f11"], \
        "answers that raised different errors are one kind of mistake, counted once"
    counts = [n for _, n, _, _ in rows]
    assert counts == sorted(counts, reverse=True), "the most frequent diagnoses come first"


def test_unrunnable_submission_is_listed_with_its_reason(reported):
    course, _, page, data = reported
    assert [r["student_id"] for r in data if r["status"] == "error"] == ["s_broken"]
    rows = table_rows(page, "unrunnable")
    assert len(rows) == 1 and 'data-student="s_broken"' in rows[0], rows
    reason = read_state(course, "s_broken", "fc_layer")["reason"]
    assert reason and html.unescape(re.search(r'<td class="reason">(.*?)</td>', rows[0]).group(1)) == reason
    assert "NotJSONError" in reason, reason


def test_runs_stopped_early_are_listed_with_their_reason(sample_course):
    page = render(gather(sample_course, "backprop"))  # written nowhere: the shared sample course stays as it is
    rows = table_rows(page, "stopped")
    shown = {html.unescape(re.search(r'data-student="(.*?)"', row).group(1)): html.unescape(
        re.search(r'<td class="reason">(.*?)</td>', row).group(1)) for row in rows}
    assert "b17" in shown and "процесс тетрадки завершился" in shown["b17"], shown
    stopped = {r["student_id"] for r in graded(records(sample_course, "backprop"))
               if read_state(sample_course, r["student_id"], "backprop").get("reason")}
    assert set(shown) == stopped, f"runs stopped early: the page lists {sorted(shown)}, the states {sorted(stopped)}"
    for student, reason in shown.items():
        assert read_state(sample_course, student, "backprop")["reason"] == reason, f"{student}: not its state's reason"


def test_similar_answers_are_clustered_and_different_ones_are_not(reported):
    _, _, page, _ = reported
    found = re.findall(r'<div class="cluster" data-question="(.*?)" data-size="(\d+)">(.*?)</div>', page, flags=re.S)
    assert [(q, n, students_in(body)) for q, n, body in found] == [("fc_backward", "2", ["s_copy", TRICKY])], \
        "only the renamed copy pairs up: not s_other, and not the sample class's answers equal to the reference"
    assert "&lt;/pre&gt;&lt;script&gt;alert(1)&lt;/script&gt;" in page, "the answer is shown escaped"
    assert html.escape(TRICKY) in page and TRICKY not in page, "student ids are escaped"


def test_terminal_summary(reported):
    _, run, _, data = reported
    scores = [r["score"] for r in graded(data)]
    lines = run.stdout.splitlines()
    assert lines[0] == f"fc_layer: 31 graded · mean {statistics.mean(scores):.2f} / 3 · " \
                       f"median {statistics.median(scores):g}", lines
    course = reported[0]
    (question, kind), top = kinds(course, data).most_common(1)[0]
    assert lines[1].startswith(f"most frequent diagnosis: {question}: ") and lines[1].endswith(f" ({top} students)"), \
        lines[1]
    assert lines[2] == "could not run: 1 · similar-answer clusters: 1", lines[2]
    assert lines[3] == "wrote report/fc_layer.html", lines[3]


def test_renaming_spacing_comments_and_prints_do_not_hide_a_copy():
    answers = {"a": {"q": COPIED}, "b": {"q": RENAMED}, "c": {"q": DIFFERENT}}
    (cluster,) = clusters(answers, {"q": STUB}, {"q": ""})
    assert (cluster.question, cluster.students, cluster.source) == ("q", ("a", "b"), COPIED)


def test_stub_reference_short_and_broken_answers_are_never_clustered():
    reference = "our_formula = (x @ w.T + b).sum()\nprint(our_formula)\nour_formula.backward()"
    answers = {
        "stub1": {"q": STUB}, "stub2": {"q": STUB + "\n"},
        "ref1": {"q": reference}, "ref2": {"q": "s = (x @ w.T + b).sum()\ns.backward()"},
        "short1": {"q": "y = (x @ w.T + b).sum().backward()"}, "short2": {"q": "z = (x @ w.T + b).sum().backward()"},
        "broken1": {"q": "our_formula = (x @ w.T +\nour_formula.backward()"},
        "broken2": {"q": "our_formula = (x @ w.T +\nour_formula.backward()"},
    }
    assert clusters(answers, {"q": STUB}, {"q": reference}) == [], "none of these hints at copying"
