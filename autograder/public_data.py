"""Build the expected values the student package ships, from solutions/ on the notebooks' inputs.

Run `python -m autograder.public_data` after changing solutions/; a test keeps the files in sync.
"""

import json
from pathlib import Path

from coursecheck.expected import tensor_to_json
from solutions import backprop, fc_layer

STUDENT_DATA = Path(__file__).resolve().parent.parent / "student" / "src" / "coursecheck" / "expected"


def fc_layer_data() -> dict:
    given = fc_layer.seed_inputs()
    grads = fc_layer.backward(**given)
    want = {"fc_out_alternative": fc_layer.forward(**given), "w_grad": grads["w_grad"], "b_grad": grads["b_grad"]}
    return {"inputs": given, "expected": want}


def backprop_data() -> dict:
    given = backprop.seed_inputs()
    out = backprop.forward(given["w"], given["b"], given["x"])
    want = {**out, "loss": backprop.mse_loss(given["y"], out["z2"]), **backprop.manual_backward(**given)}
    return {"inputs": given, "expected": want}


BUILDERS = {"fc_layer": fc_layer_data, "backprop": backprop_data}


def render(assignment: str) -> str:
    """The JSON text of one assignment's public data."""
    data = BUILDERS[assignment]()
    as_json = {part: {k: tensor_to_json(v) for k, v in data[part].items()} for part in ("inputs", "expected")}
    return json.dumps(as_json, indent=1) + "\n"


def main() -> None:
    for assignment in BUILDERS:
        (STUDENT_DATA / f"{assignment}.json").write_text(render(assignment), encoding="utf-8")


if __name__ == "__main__":
    main()
