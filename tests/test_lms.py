"""LMS files, golden: what each importer's documented layout says, for a roster with awkward names."""

import pytest

from tests.conftest import answer, autograder, released_notebook, submit

ROSTER = (
    "student_id,first_name,last_name,email,canvas_id,sis_user_id,sis_login_id,section,moodle_idnumber,username,"
    "orgdefinedid\n"
    's1,Иван,"Петров, ""мл.""",ivan@example.org,101,S-1,ivan,"Группа А",M1,ivan,OD1\n'
    "s3,Anna,O'Neil,anna@example.org,103,S-3,anna,B,M3,anna,OD3\n"
)


@pytest.fixture
def exported(course, tmp_path):
    released = released_notebook(course, "fc_layer")
    submit(course, "s1", "fc_layer", answer(released, fc_forward="fc_out_alternative = x @ w.T + b"))
    submit(course, "s2", "fc_layer", answer(released, fc_forward="fc_out_alternative = x @ w.T + b",
                                            fc_backward="our_formula = (x @ w.T + b).sum()\nour_formula.backward()"))
    assert autograder("grade", "fc_layer", cwd=course.root).returncode == 0
    (tmp_path / "roster.csv").write_text(ROSTER, encoding="utf-8")
    assert autograder("roster", "import", str(tmp_path / "roster.csv"), cwd=course.root).returncode == 0

    def run(to: str, *options: str) -> tuple[str, str]:
        out = tmp_path / f"{to}.csv"
        result = autograder("export", "fc_layer", "--to", to, "-o", str(out), *options, cwd=course.root)
        assert result.returncode == 0, result.stderr
        return out.read_bytes().decode("utf-8"), result.stderr  # as written: CRLF line ends, as RFC 4180 has them

    return run


def test_canvas(exported):
    text, warning = exported("canvas", "--canvas-assignment-id", "4242")
    assert text == (
        "Student,ID,SIS User ID,SIS Login ID,Section,fc_layer (4242)\r\n"
        "    Points Possible,,,,,3\r\n"
        '"Петров, ""мл."", Иван",101,S-1,ivan,Группа А,1\r\n'
        "s2,,,,,3\r\n"
        "\"O'Neil, Anna\",103,S-3,anna,B,0\r\n"
    )
    assert "graded but not in the roster, so without LMS ids: s2" in warning


def test_missing_blank_leaves_the_cell_empty(exported):
    text, _ = exported("canvas", "--canvas-assignment-id", "4242", "--missing", "blank")
    assert text.endswith("\"O'Neil, Anna\",103,S-3,anna,B,\r\n")


def test_canvas_needs_the_assignment_id(course, exported, tmp_path):
    run = autograder("export", "fc_layer", "--to", "canvas", "-o", str(tmp_path / "x.csv"), cwd=course.root)
    assert run.returncode == 2 and "--canvas-assignment-id" in run.stderr


CANVAS_EXPORT = (  # as Canvas exports a gradebook: other assignments, read-only totals, the test student
    "Student,ID,SIS User ID,SIS Login ID,Section,Homework 1 (111),fc_layer (4242),Current Score,Final Score\r\n"
    "    Points Possible,,,,,10,3,(read only),(read only)\r\n"
    '"Student, Test",999,,,Группа А,,,,\r\n'
    '"Петров, ""мл."", Иван",101,S-1,ivan,Группа А,7,,70,70\r\n'
    "\"O'Neil, Anna\",103,S-3,anna,B,9,2,90,90\r\n"
    '"Иванова, Ольга",105,S-5,olga,B,5,,50,50\r\n'
)


@pytest.mark.parametrize("select", [("--canvas-assignment-id", "4242"), ()], ids=["by id", "by title"])
def test_canvas_template_fills_only_the_assignments_column(exported, tmp_path, select):
    template = tmp_path / "canvas-export.csv"
    template.write_bytes(CANVAS_EXPORT.encode("utf-8"))
    text, warning = exported("canvas", "--template", str(template), *select)
    expected = (CANVAS_EXPORT.replace(",ivan,Группа А,7,,70", ",ivan,Группа А,7,1,70")
                .replace(",anna,B,9,2,", ",anna,B,9,0,"))
    assert text == expected, "only the assignment's cells of roster students change"
    assert "graded but without a row in canvas-export.csv, so not in the file: s2" in warning


def test_canvas_template_without_the_assignment_is_refused(course, exported, tmp_path):
    template = tmp_path / "canvas-export.csv"
    template.write_text(CANVAS_EXPORT.replace("fc_layer (4242)", "Lab 2 (4343)"), encoding="utf-8")
    out = tmp_path / "filled.csv"
    run = autograder("export", "fc_layer", "--to", "canvas", "--template", str(template), "-o", str(out),
                     cwd=course.root)
    assert run.returncode == 2 and not out.exists()
    assert ("has no column(s) for the assignment's title 'fc_layer' (its assignment columns: Homework 1 (111), "
            "Lab 2 (4343))") in run.stderr


def test_moodle(exported):
    text, _ = exported("moodle")
    lines = text.split("\r\n")
    assert lines[0] == "email,fc_layer,fc_layer feedback"
    assert lines[1].startswith("ivan@example.org,1,")
    assert "NotImplementedError" in lines[1] or "не решено" in text, "the feedback travels with the grade"
    text, _ = exported("moodle", "--moodle-key", "idnumber")
    assert text.startswith("idnumber,fc_layer,fc_layer feedback\r\nM1,1,")


def test_brightspace(exported):
    text, _ = exported("brightspace")
    assert text == (
        "OrgDefinedId,Username,fc_layer Points Grade,End-of-Line Indicator\r\n"
        "#OD1,#ivan,1,#\r\n"
        "#,#,3,#\r\n"
        "#OD3,#anna,0,#\r\n"
    )


def test_blackboard(exported):
    text, _ = exported("blackboard", "--column-id", "_123_1")
    assert text == (
        "Last Name,First Name,Username,fc_layer [Total Pts: 3 Score] |_123_1\r\n"
        '"Петров, ""мл.""",Иван,ivan,1\r\n'
        ",,,3\r\n"
        "O'Neil,Anna,anna,0\r\n"
    )


def test_names_round_trip_through_csv(exported):
    import csv
    import io

    text, _ = exported("canvas", "--canvas-assignment-id", "1")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[2][0] == 'Петров, "мл.", Иван'


def test_gradescope_results(course, exported, tmp_path):
    import json

    exported("canvas", "--canvas-assignment-id", "1")  # grades the submissions (the fixture does)
    folder = tmp_path / "gradescope"
    run = autograder("export", "fc_layer", "--to", "gradescope", "-o", str(folder), cwd=course.root)
    assert run.returncode == 0, run.stderr
    assert sorted(p.name for p in folder.iterdir()) == ["s1", "s2"], "graded submissions only"
    results = json.loads((folder / "s2" / "results.json").read_text(encoding="utf-8"))
    assert set(results) == {"score", "execution_time", "tests"} and results["score"] == 3.0
    assert results["execution_time"] > 0
    assert results["tests"] == [
        {"name": "fc_forward", "score": 1.0, "max_score": 1.0, "status": "passed", "output": "",
         "visibility": "visible"},
        {"name": "fc_backward", "score": 2.0, "max_score": 2.0, "status": "passed", "output": "",
         "visibility": "visible"},
    ]
    failed = json.loads((folder / "s1" / "results.json").read_text(encoding="utf-8"))["tests"][1]
    assert failed["status"] == "failed" and failed["score"] == 0.0 and "не решено" in failed["output"]


def test_nbgrader_export_plugins_write_the_same_files(course, exported, tmp_path):
    import subprocess

    from tests.conftest import BIN

    ours, _ = exported("canvas", "--canvas-assignment-id", "4242")
    target = tmp_path / "via-nbgrader.csv"
    run = subprocess.run([str(BIN / "nbgrader"), "export", "--exporter=autograder.export.CanvasExport",
                          "--assignment=fc_layer", "--CanvasExport.canvas_assignment_id=4242", f"--to={target}"],
                         cwd=course.root, capture_output=True, text=True)
    assert run.returncode == 0, run.stderr[-2000:]
    assert target.read_bytes().decode("utf-8") == ours
    for name, extra in (("Brightspace", []), ("Blackboard", ["--BlackboardExport.column_id=_9_1"]),
                        ("Moodle", ["--MoodleExport.moodle_key=idnumber"])):
        out = tmp_path / f"{name}.csv"
        run = subprocess.run([str(BIN / "nbgrader"), "export", f"--exporter=autograder.export.{name}Export",
                              "--assignment=fc_layer", *extra, f"--to={out}"], cwd=course.root,
                             capture_output=True, text=True)
        assert run.returncode == 0 and out.stat().st_size > 0, run.stderr[-2000:]
