"""The course's nbgrader configuration: the repository root is the course directory."""

c = get_config()  # noqa: F821 - provided by traitlets when nbgrader loads this file

c.CourseDirectory.course_id = "dl-pytorch"
c.CourseDirectory.source_directory = "assignments"
c.CourseDirectory.db_assignments = []
c.GenerateAssignment.create_assignment = True
c.ClearSolutions.code_stub = {"python": "# YOUR CODE HERE\nraise NotImplementedError()"}

# Settings of the `autograder` command (see autograder/config.py for all of them).
c.Autograder.cell_timeout = 5.0
c.Autograder.submission_timeout = 60.0
c.Autograder.memory_limit_mb = 1024
