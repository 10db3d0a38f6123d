"""Auto-grader for the PyTorch course: confined execution, hidden pytest checks, nbgrader gradebook."""

__version__ = "0.1.0"
