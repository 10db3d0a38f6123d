"""The `autograder` command: a thin layer over release, grade and export."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn
from rich.table import Table

from autograder.course import Course, find_course, load_course
from autograder.errors import AutograderError

console = Console(soft_wrap=True)
errors = Console(stderr=True, soft_wrap=True)


def _course(path: Path | None) -> Course:
    return load_course(path) if path else find_course()


course_option = click.option("--course", "course_dir", type=click.Path(path_type=Path, file_okay=False),
                             help="The course folder (default: here or the nearest one above with nbgrader_config.py).")


@click.group()
def cli() -> None:
    """Grade the PyTorch course's notebooks: release, grade, report, export, send to the LMS."""


@cli.command("release")
@click.argument("assignment")
@course_option
def release_command(assignment: str, course_dir: Path | None) -> None:
    """Generate the student version of ASSIGNMENT into release/ and self-test it."""
    from autograder.release import release

    path = release(_course(course_dir), assignment)
    console.print(f"released {assignment}: {path} (reference scores full marks, blank release scores 0)")


@cli.command("grade")
@click.argument("assignment")
@click.option("--student", "students", multiple=True, help="Grade only this student (repeatable).")
@click.option("--force", is_flag=True, help="Re-grade submissions already graded and unchanged.")
@click.option("--jobs", type=click.IntRange(min=1), default=None, help="Parallel workers (default: the cores).")
@click.option("--lang", type=click.Choice(["ru", "en"]), default=None,
              help="Language of the feedback stored in the gradebook (default: the course's).")
@click.option("--require-sandbox", is_flag=True, help="Refuse to grade if a confinement layer is unavailable.")
@course_option
def grade_command(assignment: str, students: tuple[str, ...], force: bool, jobs: int | None, lang: str | None,
                  require_sandbox: bool, course_dir: Path | None) -> None:
    """Grade every submission of ASSIGNMENT in submitted/ into the gradebook."""
    from autograder.grade import find_submissions, grade

    course = _course(course_dir)
    course.source_notebook(assignment)  # an unknown assignment is one line, before anything else
    report_sandbox(require_sandbox)
    columns = [TextColumn("grading"), BarColumn(), MofNCompleteColumn(),
               TextColumn("{task.fields[rate]}"), TimeRemainingColumn()]
    with Progress(*columns, console=errors, transient=True) as progress:
        task = progress.add_task("grade", total=None, rate="")

        def advance(done: int, total: int) -> None:
            speed = progress.tasks[0].speed
            progress.update(task, completed=done, total=total, rate=f"{speed:.1f} subm/s" if speed else "")

        graded = grade(course, assignment, students=list(students) or None, force=force, jobs=jobs, lang=lang,
                       on_progress=advance)
    from autograder.gradebook import open_gradebook, rows  # after grading: nbgrader's import overlaps the workers'

    with open_gradebook(course) as gradebook:
        submitted = [s for s, _ in find_submissions(course, assignment, list(students) or None)]
        known = {s.id for s in gradebook.students}
        table_rows = rows(gradebook, assignment, [s for s in submitted if s in known])
    console.print(score_table(assignment, table_rows))
    failed = [g for g in graded if g.reason]
    for g in failed:
        errors.print(f"[yellow]{g.student}[/]: {g.reason}")
    unchanged = len(table_rows) - len(graded)
    console.print(f"graded {len(graded)} submission(s); {unchanged} unchanged since their last grading")


def report_sandbox(required: bool) -> None:
    """Say which confinement layers are active; one line per missing layer; an error if they are required."""
    from autograder.sandbox import layers

    found = layers()
    active = " · ".join(f"{layer.name} ✓" for layer in found if layer.active)
    errors.print(f"sandbox: {active}", highlight=False)
    missing = [layer for layer in found if not layer.active]
    for layer in missing:
        errors.print(f"sandbox: {layer.name} is not confined on this machine ({layer.detail})", highlight=False)
    if missing and required:
        raise AutograderError(f"--require-sandbox: {', '.join(layer.name for layer in missing)} unavailable")


def score_table(assignment: str, table_rows: list) -> Table:
    """A row per student, a column per question, and the total."""
    questions = list(table_rows[0].questions) if table_rows else []
    table = Table(title=f"{assignment}: scores")
    table.add_column("student")
    for name in questions:
        table.add_column(f"{name} ({table_rows[0].questions[name].max_score:g})", justify="right")
    table.add_column("total", justify="right")
    for row in table_rows:
        cells = [f"{row.questions[q].score:g}" if row.status == "graded" else "-" for q in questions]
        table.add_row(row.student, *cells, f"{row.score:g} / {row.max_score:g}")
    return table


@cli.command("feedback")
@click.argument("assignment")
@click.option("--student", "students", multiple=True, help="Only this student (repeatable).")
@click.option("--lang", type=click.Choice(["ru", "en"]), default=None, help="Language (default: the course's).")
@course_option
def feedback_command(assignment: str, students: tuple[str, ...], lang: str | None, course_dir: Path | None) -> None:
    """Write feedback/<student>/ASSIGNMENT/ASSIGNMENT.html for every graded submission."""
    from autograder.feedback import write_feedback

    written = write_feedback(_course(course_dir), assignment, students=list(students) or None, lang=lang)
    console.print(f"wrote {len(written)} feedback page(s) into feedback/")


@cli.command("report")
@click.argument("assignment")
@course_option
def report_command(assignment: str, course_dir: Path | None) -> None:
    """Write report/ASSIGNMENT.html: score distribution, pass rates, frequent diagnoses, similar answers."""
    from autograder.report import summary
    from autograder.report_html import write_report

    course = _course(course_dir)
    report, path = write_report(course, assignment)
    for line in summary(report):
        console.print(line, markup=False, highlight=False)  # feedback lines may hold [brackets]
    console.print(f"wrote {path.relative_to(course.root)}", highlight=False)


@cli.group("roster")
def roster_group() -> None:
    """The class list: names, emails and LMS ids."""


@roster_group.command("import")
@click.argument("file", type=click.Path(path_type=Path, dir_okay=False, exists=True))
@course_option
def roster_import_command(file: Path, course_dir: Path | None) -> None:
    """Import FILE (CSV: student_id, first_name, last_name, email, and LMS ids) into the gradebook."""
    from autograder.roster import import_roster

    count = import_roster(_course(course_dir), file)
    console.print(f"imported {count} student(s) from {file}")


@cli.command("export")
@click.argument("assignment")
@click.option("--to", "to", type=click.Choice(["json", "csv", "canvas", "moodle", "brightspace", "blackboard",
                                               "gradescope"]), default="json", show_default=True)
@click.option("-o", "--output", type=click.Path(path_type=Path), required=True,
              help="The file to write (for gradescope: the folder of <student_id>/results.json).")
@click.option("--canvas-assignment-id", help="canvas: the assignment's id (the number in its URL).")
@click.option("--template", type=click.Path(path_type=Path, dir_okay=False, exists=True),
              help="canvas: a gradebook exported from Canvas; its column for the assignment is filled, the rest kept.")
@click.option("--moodle-key", type=click.Choice(["email", "idnumber", "username"]), default="email",
              show_default=True, help="moodle: the column that identifies students.")
@click.option("--column-id", help="blackboard: the Grade Center column's id.")
@click.option("--missing", type=click.Choice(["zero", "blank"]), default="zero", show_default=True,
              help="A roster student without a submission: 0, or an empty cell.")
@course_option
def export_command(assignment: str, to: str, output: Path, canvas_assignment_id: str | None, template: Path | None,
                   moodle_key: str, column_id: str | None, missing: str, course_dir: Path | None) -> None:
    """Export ASSIGNMENT's scores and feedback from the gradebook, for people or for an LMS."""
    from autograder.export import export
    from autograder.lms import LmsOptions

    options = LmsOptions(title=assignment, canvas_assignment_id=canvas_assignment_id, moodle_key=moodle_key,
                         column_id=column_id, missing=missing, template=template)
    if template is not None and to != "canvas":
        raise click.UsageError("--template is for --to canvas (a gradebook exported from Canvas)")
    for warning in export(_course(course_dir), assignment, to=to, output=output, lms=options):
        errors.print(f"warning: {warning}", highlight=False)
    console.print(f"wrote {output}")


@cli.command("gradescope")
@click.argument("assignment")
@click.option("-o", "--output", type=click.Path(path_type=Path, dir_okay=False), default=Path("autograder.zip"),
              show_default=True, help="The zip to write.")
@course_option
def gradescope_command(assignment: str, output: Path, course_dir: Path | None) -> None:
    """Build a Gradescope autograder zip (setup.sh, run_autograder) that grades ASSIGNMENT with this engine."""
    from autograder.gradescope import build_zip

    console.print(f"wrote {build_zip(_course(course_dir), assignment, output)}")


@cli.command("passback")
@click.argument("assignment")
@click.option("--lti-config", "config", type=click.Path(path_type=Path, dir_okay=False), required=True,
              help="The tool's LTI 1.3 settings (JSON): client_id, token_url, private_key_file, key_id, line_items.")
@course_option
def passback_command(assignment: str, config: Path, course_dir: Path | None) -> None:
    """Send ASSIGNMENT's scores to the LMS through LTI 1.3 Assignment and Grade Services."""
    from collections import Counter

    from autograder.lti import passback

    results = passback(_course(course_dir), assignment, config)
    table = Table(title=f"{assignment}: LTI passback")
    for column in ("student", "outcome", "score", "the platform's answer"):
        table.add_column(column)
    for result in results:
        score = "" if result.score is None else f"{result.score:g}"
        table.add_row(result.student, result.outcome, score, result.detail)
    console.print(table)
    counts = Counter(r.outcome for r in results)
    console.print(", ".join(f"{counts[o]} {o}" for o in ("sent", "unchanged", "skipped", "failed")))
    if counts["failed"]:
        raise click.exceptions.Exit(1)


@cli.command("validate")
@click.argument("notebook", type=click.Path(path_type=Path, dir_okay=False))
@click.option("--timeout", type=click.FloatRange(min=1), default=60.0, show_default=True,
              help="Seconds a cell may run before it is interrupted.")
@click.option("--kernel", default="python3", show_default=True, help="The Jupyter kernel to run the notebook in.")
def validate_command(notebook: Path, timeout: float, kernel: str) -> None:
    """Run NOTEBOOK top to bottom and show its public checks; exit 0 when they all pass, 1 otherwise."""
    from autograder.validate import validate

    result = validate(notebook, timeout=timeout, kernel=kernel)
    for check in result.checks:
        click.echo(check.text)
    click.echo(result.summary())
    if not result.passed:
        raise click.exceptions.Exit(1)


def main() -> None:
    code = 0
    try:
        result = cli.main(standalone_mode=False)  # a command's click.exceptions.Exit(n) comes back as n
        code = result if isinstance(result, int) else 0
    except click.exceptions.Abort:
        errors.print("aborted")
        code = 130
    except click.ClickException as error:
        error.show()
        code = error.exit_code
    except AutograderError as error:
        click.echo(f"error: {error}", err=True)
        code = 2
    # Every file is written and closed and the workers have ended by now; tearing down the interpreter's
    # thousands of modules (nbgrader, SQLAlchemy, the Jupyter stack) would only add a quarter of a second.
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)
