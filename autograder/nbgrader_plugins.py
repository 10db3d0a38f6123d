"""The LMS formats as nbgrader export plugins, so nbgrader's own command writes them too:

    nbgrader export --exporter=autograder.export.CanvasExport --assignment=fc_layer \\
        --CanvasExport.canvas_assignment_id=4242 --to=canvas.csv

Each plugin exports one assignment (the one given with --assignment) with the same code as
`autograder export`, from the course in the current folder.
"""

from __future__ import annotations

from pathlib import Path

from nbgrader.api import Gradebook
from nbgrader.plugins import ExportPlugin
from traitlets import Unicode

from autograder.course import find_course
from autograder.errors import AutograderError
from autograder.lms import LmsOptions


class _LmsExport(ExportPlugin):
    fmt = ""
    missing = Unicode("zero", help="A roster student without a submission: zero or blank.").tag(config=True)

    def options(self, assignment: str) -> LmsOptions:
        return LmsOptions(title=assignment, missing=self.missing)

    def export(self, gradebook: Gradebook) -> None:
        from autograder.export import export

        if len(self.assignment) != 1:
            raise AutograderError(f"{type(self).__name__} exports one assignment: pass --assignment=NAME")
        (assignment,) = self.assignment
        target = Path(self.to or f"{assignment}-{self.fmt}.csv")
        for warning in export(find_course(), assignment, to=self.fmt, output=target, lms=self.options(assignment)):
            self.log.warning(warning)


class CanvasExport(_LmsExport):
    fmt = "canvas"
    canvas_assignment_id = Unicode("", help="The Canvas assignment's id.").tag(config=True)

    def options(self, assignment: str) -> LmsOptions:
        return LmsOptions(title=assignment, missing=self.missing, canvas_assignment_id=self.canvas_assignment_id)


class MoodleExport(_LmsExport):
    fmt = "moodle"
    moodle_key = Unicode("email", help="email, idnumber or username").tag(config=True)

    def options(self, assignment: str) -> LmsOptions:
        return LmsOptions(title=assignment, missing=self.missing, moodle_key=self.moodle_key)


class BrightspaceExport(_LmsExport):
    fmt = "brightspace"


class BlackboardExport(_LmsExport):
    fmt = "blackboard"
    column_id = Unicode("", help="The Grade Center column's id.").tag(config=True)

    def options(self, assignment: str) -> LmsOptions:
        return LmsOptions(title=assignment, missing=self.missing, column_id=self.column_id)
