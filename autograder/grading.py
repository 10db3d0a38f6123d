"""Grade a chunk of submissions inside a worker: read → merge → run → check → score → write notebook."""

from __future__ import annotations

import json
from pathlib import Path

from autograder.assignment import Assignment
from autograder.checking import Attempt, Case, Outcome, run_checks
from autograder.execute import RunCase
from autograder.lock import write_atomically
from autograder.notebook import Cell, SubmissionError, merge, read_notebook, to_notebook
from autograder.replay import fresh_inputs, input_cell, replay_cells
from autograder.results import Graded, Job, QuestionResult
from autograder.rules import broken_rules
from autograder.runner import Runner, RunRequest
from autograder.worker import RunResult
from coursecheck.messages import LANGUAGES
from coursecheck.problem import Problem, error_hint


def grade_chunk(runner: Runner, assignment: Assignment, job: Job, items: list[tuple[str, Path]]) -> list[Graded]:
    """Run every submission of the chunk, check them all in one pytest session, score and write them."""
    graded: list[Graded] = []
    ran: list[tuple[Attempt, list[Cell]]] = []
    for student, path in items:
        try:
            cells = merge(assignment.source, read_notebook(path))
        except SubmissionError as error:
            graded.append(unreadable(assignment, student, error.problem, job.lang))
            continue
        ran.append((Attempt(student, run_cases(runner, assignment, student, cells, job)), cells))
    outcomes = run_checks(assignment.name, [a for a, _ in ran]) if ran else {}
    for attempt, cells in ran:
        result = score(assignment, attempt, cells, outcomes.get(attempt.student, []), job.lang)
        graded.append(result)
        if job.output_root is not None:
            write_executed(job.output_root, assignment, attempt.student, cells, attempt.seed.result, result)
    return graded


def run_cases(runner: Runner, assignment: Assignment, student: str, cells: list[Cell], job: Job) -> list[Case]:
    """Run the submission on the notebook's own inputs, then replay it on fresh inputs of other shapes."""
    seed_inputs = assignment.inputs()
    fresh = fresh_inputs(assignment.name, student)
    runs = [RunCase(cells, seed_inputs, assignment.given(seed_inputs)),
            RunCase(replay_cells(cells, input_cell(assignment.name), fresh), fresh, assignment.given(fresh))]
    results = runner.run(RunRequest(cases=runs, limits=job.limits))
    return [Case(label, run.inputs, result) for label, run, result in zip(("seed", "replay"), runs, results,
                                                                          strict=True)]


def unreadable(assignment: Assignment, student: str, problem: Problem, lang: str) -> Graded:
    """A submission nothing of which could run: 0 for every question, with the reason."""
    questions = {q.name: feedback(0.0, q.points, [problem], lang) for q in assignment.questions}
    return Graded(student=student, status="error", questions=questions, reason=problem.text(lang))


def score(assignment: Assignment, attempt: Attempt, cells: list[Cell], outcomes: list[Outcome], lang: str) -> Graded:
    """Each question's points from its passed checks, and its feedback from the failed ones."""
    result = attempt.seed.result
    errors = {cells[i].grade_id: record.get("error") for i, record in result.cells.items()}
    answers = {c.grade_id: c.source for c in cells if c.role == "answer"}
    truncated = {cells[i].grade_id for i, record in result.cells.items() if record.get("truncated")}
    questions = {}
    for question in assignment.questions:
        mine = [o for o in outcomes if o.question == question.name]
        earned = float(sum(o.points for o in mine if o.passed))
        error = errors.get(question.answer_id) or ""
        if error.strip() == "NotImplementedError:":  # the release's stub, untouched
            earned, notes = 0.0, [Problem("not_answered", {})]
        else:
            broken = broken_rules(answers.get(question.answer_id, ""), assignment.rules.get(question.name, []))
            notes = [Problem("rule_broken", {"rule": Problem(key, {})}) for key in dict.fromkeys(r.key for r in broken)]
            earned = 0.0 if broken else earned
            if error:
                notes += [Problem("answer_raised", {"error": error}), *filter(None, [error_hint(error)])]
            notes += [o.problem for o in mine if not o.passed and o.problem]
            if question.answer_id in truncated:
                notes.append(Problem("output_truncated", {}))
        questions[question.name] = feedback(min(earned, question.points), question.points, notes, lang)
    reason = result.stopped.text(lang) if result.stopped else None
    if truncated - {q.answer_id for q in assignment.questions}:  # a cell of the student's own or a locked one
        reason = "; ".join(filter(None, [reason, Problem("output_truncated", {}).text(lang)]))
    return Graded(student=attempt.student, status="graded", questions=questions, reason=reason, seconds=result.seconds)


def feedback(earned: float, points: float, notes: list[Problem], lang: str) -> QuestionResult:
    """A question's result, its feedback in the course's language and in every other one."""
    def render(language: str) -> str:
        return "\n".join(dict.fromkeys(note.text(language) for note in notes))

    kinds = {note.text(lang): diagnosis_kind(note) for note in notes}
    return QuestionResult(earned, points, render(lang), {language: render(language) for language in LANGUAGES},
                          [[kind, line] for line, kind in kinds.items()])


def diagnosis_kind(note: Problem) -> str:
    """What kind of mistake a note names, whatever its values: its message key, with the broken rule's."""
    rule = note.fields.get("rule")
    return f"{note.key}:{rule.key}" if isinstance(rule, Problem) else note.key


def report_outputs(name: str, result: QuestionResult) -> list[dict]:
    """A test cell's outputs in the executed notebook: the report, and the score as nbgrader reads it."""
    lines = [f"{name}: {result.score:g} / {result.max_score:g}"] + [f"  ✗ {n}" for n in result.feedback.splitlines()]
    return [
        {"output_type": "stream", "name": "stdout", "text": "\n".join(lines) + "\n"},
        {"output_type": "execute_result", "data": {"text/plain": repr(result.score)}, "metadata": {},
         "execution_count": None},
    ]


def write_executed(root: Path, assignment: Assignment, student: str, cells: list[Cell], result: RunResult,
                   graded: Graded) -> None:
    """The executed notebook, where nbgrader keeps autograded notebooks: autograded/<student>/<name>/."""
    outputs = {i: record.get("outputs", []) for i, record in result.cells.items()}
    for index, cell in enumerate(cells):
        if cell.role == "test":
            outputs[index] = report_outputs(cell.grade_id, graded.questions[cell.grade_id])
    folder = root / student / assignment.name
    folder.mkdir(parents=True, exist_ok=True)
    notebook = to_notebook(cells, outputs, dict(assignment.source.metadata))
    # built from valid parts, so nbformat's schema validation (a few ms a notebook) is skipped
    write_atomically(folder / f"{assignment.name}.ipynb", json.dumps(notebook, ensure_ascii=False, indent=1) + "\n")
