"""The course directory: where nbgrader's folders are, and the course's settings."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from traitlets import Float, Integer, Unicode
from traitlets.config import Config, Configurable
from traitlets.config.loader import PyFileConfigLoader

from autograder.errors import AutograderError

CONFIG_FILE = "nbgrader_config.py"


class Autograder(Configurable):
    """The `autograder` command's settings, read from `c.Autograder.*` in nbgrader_config.py."""

    cell_timeout = Float(10.0, help="Wall-clock seconds a cell may run before it is stopped.").tag(config=True)
    submission_timeout = Float(60.0, help="Wall-clock seconds a whole submission may run.").tag(config=True)
    memory_limit_mb = Integer(1024, help="Memory a submission may allocate, in MB.").tag(config=True)
    output_limit = Integer(100_000, help="Characters of output kept per cell.").tag(config=True)
    lang = Unicode("ru", help="Language of the feedback: ru or en.").tag(config=True)


@dataclass(frozen=True)
class Course:
    """An nbgrader course directory and the settings its nbgrader_config.py gives."""

    root: Path
    config: Config

    @property
    def settings(self) -> Autograder:
        return Autograder(config=self.config)

    @property
    def source_dir(self) -> Path:
        name = self.config.CourseDirectory.get("source_directory", "source")
        return self.root / name

    @property
    def db_path(self) -> Path:
        return self.root / "gradebook.db"

    @property
    def db_url(self) -> str:
        return f"sqlite:///{self.db_path}"

    def source_notebook(self, assignment: str) -> Path:
        """The instructor's notebook of an assignment; an error naming the known ones if there is none."""
        path = self.source_dir / assignment / f"{assignment}.ipynb"
        if not path.is_file():
            known = ", ".join(sorted(self.assignments())) or "none"
            raise AutograderError(
                f"unknown assignment {assignment!r}: no {path.relative_to(self.root)} (known: {known})"
            )
        return path

    def assignments(self) -> list[str]:
        return [p.name for p in self.source_dir.iterdir() if (p / f"{p.name}.ipynb").is_file()]

    def release_notebook(self, assignment: str) -> Path:
        return self.root / "release" / assignment / f"{assignment}.ipynb"

    def submitted_dir(self) -> Path:
        return self.root / "submitted"

    def autograded_dir(self, student: str, assignment: str) -> Path:
        return self.root / "autograded" / student / assignment


def find_course(start: Path | None = None) -> Course:
    """The course at `start` or the nearest folder above it that holds nbgrader_config.py."""
    start = (start or Path.cwd()).resolve()
    for folder in (start, *start.parents):
        if (folder / CONFIG_FILE).is_file():
            return load_course(folder)
    raise AutograderError(f"no course here: neither {start} nor a folder above it has {CONFIG_FILE}; pass --course DIR")


def load_course(root: Path) -> Course:
    """Read the course's nbgrader_config.py."""
    root = root.resolve()
    if not (root / CONFIG_FILE).is_file():
        raise AutograderError(f"no course at {root}: it has no {CONFIG_FILE}")
    try:
        config = PyFileConfigLoader(CONFIG_FILE, path=str(root)).load_config()
    except Exception as error:
        raise AutograderError(f"cannot read {root / CONFIG_FILE}: {error}") from error
    return Course(root=root, config=config)
