"""The course's nbgrader configuration: the repository root is the course directory."""

import os

c = get_config()  # noqa: F821 - provided by traitlets when nbgrader loads this file

c.CourseDirectory.course_id = "dl-pytorch"
c.CourseDirectory.source_directory = "assignments"
c.GenerateAssignment.create_assignment = True
# nbgrader's exchange (release_assignment / fetch / submit) inside the course, where it can be written.
c.Exchange.root = os.path.join(os.path.dirname(os.path.abspath(__file__)), "exchange")
c.ClearSolutions.code_stub = {"python": "# YOUR CODE HERE\nraise NotImplementedError()"}

# Settings of the `autograder` command (see autograder/config.py for all of them).
c.Autograder.cell_timeout = 5.0
c.Autograder.submission_timeout = 60.0
c.Autograder.memory_limit_mb = 1024
