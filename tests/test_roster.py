"""`autograder roster import`: the class list into nbgrader's gradebook, and every column kept beside it."""

import json

from nbgrader.api import Gradebook

from tests.conftest import autograder

ROSTER = (
    "student_id,first_name,last_name,email,canvas_id,sis_user_id,section,lti_user_id\n"
    'f01,Иван,"Петров, мл.",ivan@example.org,101,S-1,"Группа ""А""",lti-1\n'
    "f02,Anna,O'Neil,anna@example.org,102,S-2,B,\n"
)


def test_import_into_the_gradebook_and_beside_it(course, tmp_path):
    path = tmp_path / "roster.csv"
    path.write_text("\ufeff" + ROSTER, encoding="utf-8")  # with the byte-order mark Excel writes
    run = autograder("roster", "import", str(path), cwd=course.root)
    assert run.returncode == 0, run.stderr
    assert "imported 2 student(s)" in run.stdout
    with Gradebook(course.db_url) as gradebook:
        ivan = gradebook.find_student("f01")
        assert (ivan.first_name, ivan.last_name, ivan.email, ivan.lms_user_id) == \
            ("Иван", "Петров, мл.", "ivan@example.org", "lti-1")
        assert gradebook.find_student("f02").lms_user_id is None
    kept = json.loads((course.root / "roster.json").read_text(encoding="utf-8"))
    assert kept["f01"]["section"] == 'Группа "А"' and kept["f02"]["canvas_id"] == "102"


def test_bad_rosters_are_one_line_each(course, tmp_path):
    cases = {
        "student_id,first_name,email\nf01,A,a@x\n": "has no column last_name",
        "student_id,first_name,last_name,email,shoe_size\nf01,A,B,a@x,42\n": "unknown column(s) shoe_size",
        "student_id,first_name,last_name,email\nf01,A,B,a@x\nf01,C,D,c@x\n": "line 3: student_id 'f01' appears twice",
        "student_id,first_name,last_name,email\n,A,B,a@x\n": "line 2: student_id is empty",
    }
    for text, phrase in cases.items():
        path = tmp_path / "roster.csv"
        path.write_text(text, encoding="utf-8")
        run = autograder("roster", "import", str(path), cwd=course.root)
        assert run.returncode == 2, text
        assert phrase in run.stderr and run.stderr.strip().count("\n") == 0, run.stderr
    assert not (course.root / "roster.json").exists(), "a refused roster changes nothing"
