"""Auto-grader for the PyTorch course: confined execution, hidden pytest checks, nbgrader gradebook."""

import sys

# jsonschema builds Lark grammars for the rfc3987 "iri" formats when it is imported (about 2 s here);
# nbformat's schema never uses those formats, so that optional module is kept from loading.
sys.modules.setdefault("rfc3987_syntax", None)

__version__ = "0.1.0"
