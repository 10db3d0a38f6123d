"""fc_layer submissions: forward x·wᵀ + b, backward of SUM(x·wᵀ + b)."""

FORWARD = 'fc_out_alternative =  torch.add(torch.matmul(x, w.transpose(0, 1)), b) # x * w^T + b'
BACKWARD = 'our_formula = torch.add(torch.matmul(x, w.transpose(0, 1)), b).sum()\nour_formula.backward()'

STUDENTS = {
    "f01": {"answers": {"fc_forward": FORWARD, "fc_backward": BACKWARD}},
    "f02": {"answers": {
        "fc_forward": 'fc_out_alternative = torch.einsum("ij,kj->ik", x, w) + b',
        "fc_backward": 'our_formula = torch.einsum("ij,kj->ik", x, w).add(b).sum()\nour_formula.backward()'}},
    "f03": {"answers": {"fc_forward": "fc_out_alternative = torch.addmm(b, x, w.T)",
                        "fc_backward": "our_formula = torch.addmm(b, x, w.T).sum()\nour_formula.backward()"}},
    "f04": {"answers": {"fc_forward": "fc_out_alternative = x @ w.T + b\nprint(fc_out_alternative)",
                        "fc_backward": "our_formula = (x @ w.T + b).sum()\nour_formula.backward()"}},
    # missing transpose: (1, 2) @ (3, 2) raises
    "f05": {"answers": {"fc_forward": "fc_out_alternative = torch.matmul(x, w) + b", "fc_backward": BACKWARD}},
    # missing bias
    "f06": {"answers": {"fc_forward": "fc_out_alternative = torch.matmul(x, w.T)", "fc_backward": BACKWARD}},
    # the printed output copied by hand
    "f07": {"answers": {"fc_forward": "fc_out_alternative = torch.tensor([[381., 682., 983.]])",
                        "fc_backward": BACKWARD}},
    # backward called twice: the gradients accumulate
    "f08": {"answers": {"fc_forward": FORWARD, "fc_backward":
                        "our_formula = (x @ w.T + b).sum()\n"
                        "our_formula.backward(retain_graph=True)\nour_formula.backward()"}},
    # no backward
    "f09": {"answers": {"fc_forward": FORWARD, "fc_backward": "our_formula = (x @ w.T + b).sum()"}},
    # mean instead of sum
    "f10": {"answers": {"fc_forward": FORWARD,
                        "fc_backward": "our_formula = (x @ w.T + b).mean()\nour_formula.backward()"}},
    # a syntax error in the forward answer; the backward answer still counts
    "f11": {"answers": {"fc_forward": "fc_out_alternative = x @ w.T +", "fc_backward": BACKWARD}},
    # a blank notebook: the release untouched
    "f12": {"answers": {}},
    # the result transposed: (3, 1) instead of (1, 3)
    "f13": {"answers": {"fc_forward": "fc_out_alternative = w @ x.T + b.T", "fc_backward": BACKWARD}},
    # the bias cut out of the graph: b.grad stays None
    "f14": {"answers": {"fc_forward": FORWARD,
                        "fc_backward": "our_formula = (x @ w.T + b.detach()).sum()\nour_formula.backward()"}},
    # correct, with cells of their own (a print, a warning) and outputs left from their own run
    "f15": {"answers": {"fc_forward": FORWARD, "fc_backward": BACKWARD},
            "extra": [("fc_forward",
                       "import warnings\nwarnings.warn('my own warning')\nprint('checking', fc_out_alternative)")],
            "fake_outputs": True},
    # correct, then a cell of their own that never ends: it is stopped and grading goes on
    "f16": {"answers": {"fc_forward": FORWARD, "fc_backward": BACKWARD},
            "extra": [("fc_forward", "import time\ntime.sleep(1000)")]},
    # the backward answer raises half-way, after our_formula is computed
    "f17": {"answers": {"fc_forward": FORWARD,
                        "fc_backward": "our_formula = (x @ w.T + b).sum()\nraise ValueError('not sure what to do')"}},
    # rules of the exercise: the layer called, F.linear, the layer's output reused, .grad assigned by hand
    "f18": {"answers": {"fc_forward": "fc_out_alternative = fc(x)", "fc_backward": BACKWARD}},
    "f19": {"answers": {"fc_forward": "import torch.nn.functional as F\nfc_out_alternative = F.linear(x, w, b)",
                        "fc_backward": BACKWARD}},
    "f20": {"answers": {"fc_forward": "fc_out_alternative = fc_out.clone()", "fc_backward": BACKWARD}},
    "f21": {"answers": {"fc_forward": FORWARD,
                        "fc_backward": "our_formula = (x @ w.T + b).sum()\n"
                                       "w.grad = weight_grad.clone()\nb.grad = bias_grad.clone()"}},
    # float64 instead of the inputs' float32
    "f22": {"answers": {"fc_forward": "fc_out_alternative = x.double() @ w.double().T + b.double()",
                        "fc_backward": BACKWARD}},
    # NaN from a log of negative numbers
    "f23": {"answers": {"fc_forward": "fc_out_alternative = torch.log(x @ w.T + b - 1000)", "fc_backward": BACKWARD}},
    # code written for the notebook's shapes only: right here, wrong on other inputs
    "f24": {"answers": {"fc_forward": "fc_out_alternative = torch.stack([x[0, 0] * w[:, 0] + x[0, 1] * w[:, 1]]) + b",
                        "fc_backward": BACKWARD}},
    # the sign flipped in the formula
    "f25": {"answers": {"fc_forward": FORWARD,
                        "fc_backward": "our_formula = -(x @ w.T + b).sum()\nour_formula.backward()"}},
    # correct: broadcasting and sum; torch.mm with .t() and an einsum backward
    "f26": {"answers": {"fc_forward": "fc_out_alternative = (x[:, None, :] * w[None, :, :]).sum(-1) + b",
                        "fc_backward": "our_formula = ((x[:, None, :] * w[None, :, :]).sum(-1) + b).sum()\n"
                                       "our_formula.backward()"}},
    "f27": {"answers": {"fc_forward": "fc_out_alternative = torch.mm(x, w.t()) + b\nprint(fc_out_alternative.shape)",
                        "fc_backward": "our_formula = (torch.mm(x, w.t()) + b).sum()\nour_formula.backward()"}},
    # the bias counted once: right for one row of x, wrong for several
    "f28": {"answers": {"fc_forward": FORWARD,
                        "fc_backward": "our_formula = torch.einsum('ij,kj->', x, w) + b.sum()\n"
                                       "our_formula.backward()"}},
}
