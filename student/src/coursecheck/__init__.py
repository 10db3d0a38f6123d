"""Public checks for the course's notebooks.

Students install this package; the released notebooks' test cells call it. It holds no hidden
check and no solution: only the expected values on the notebooks' own inputs and the code that
compares a student's tensors with them and explains what is wrong.
"""

from coursecheck.compare import Problem, compare_tensor, tolerance

__all__ = ["Problem", "compare_tensor", "tolerance"]
