"""The hidden checks: one folder per assignment, one pytest module per question, and its probes.

Never copied into a release and never part of the student package.
"""

from pathlib import Path

CHECKS_DIR = Path(__file__).resolve().parent
