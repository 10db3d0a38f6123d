"""backprop submissions: TransparentNet.forward, the squared error, and the backward pass by hand."""

NET = '''class TransparentNet(nn.Module):

    def __init__(self, w: torch.Tensor, b: torch.Tensor):

        super().__init__()
        self.w = nn.Parameter(w)
        self.b = nn.Parameter(b)
        self.softmax = nn.Softmax(dim=-1)


    def forward(self, x):
{body}
'''
FORWARD = '''        self.z1 = self.w @ x + self.b
        self.z1.retain_grad()

        self.z2 = self.softmax(self.z1)
        self.z2.retain_grad()

        return self.z2'''
LOSS = "dy = y - y_p\nloss = torch.pow(dy, 2).sum()\nprint(f'Loss: {loss}')"
MANUAL = '''s = y_p.detach()
grad_y_p = 2 * (s - y)
jacobian = torch.diag(s) - torch.outer(s, s)
grad_z1 = jacobian.T @ grad_y_p
grad_w = torch.outer(grad_z1, x)
grad_b = grad_z1'''


def net(body: str) -> str:
    return NET.format(body=body)


def correct(**changes: str) -> dict:
    answers = {"net_forward": net(FORWARD), "mse_loss": LOSS, "manual_backward": MANUAL}
    answers.update(changes)
    return {"answers": answers}


STUDENTS = {
    "b01": correct(),
    "b02": correct(net_forward=net(FORWARD.replace("self.softmax(self.z1)",
                                                    "torch.nn.functional.softmax(self.z1, dim=0)"))),
    # a hand-written softmax
    "b03": correct(net_forward=net(FORWARD.replace("self.softmax(self.z1)",
                                                    "torch.exp(self.z1) / torch.exp(self.z1).sum()"))),
    # no retain_grad: the values are right, the intermediate gradients are lost
    "b04": correct(net_forward=net("        self.z1 = self.w @ x + self.b\n        self.z2 = self.softmax(self.z1)\n"
                                   "        return self.z2")),
    # bias missing in the forward; the loss and gradients then follow the wrong forward
    "b05": correct(net_forward=net(FORWARD.replace("self.w @ x + self.b", "self.w @ x"))),
    # mean instead of sum in the loss
    "b06": correct(mse_loss="loss = torch.pow(y - y_p, 2).mean()"),
    # absolute error instead of the square
    "b07": correct(mse_loss="loss = (y - y_p).abs().sum()"),
    # the softmax Jacobian left out
    "b08": correct(manual_backward=MANUAL.replace("jacobian.T @ grad_y_p", "grad_y_p")),
    # the outer product in the wrong order: (3, 2) instead of (2, 3)
    "b09": correct(manual_backward=MANUAL.replace("torch.outer(grad_z1, x)", "torch.outer(x, grad_z1)")),
    # the sign flipped in dL/dy_p, and so in everything after it
    "b10": correct(manual_backward=MANUAL.replace("2 * (s - y)", "2 * (y - s)")),
    # autograd instead of the chain rule by hand
    "b11": correct(manual_backward="loss.backward()\ngrad_y_p = y_p.grad\ngrad_z1 = net.z1.grad\n"
                                   "grad_w = net.w.grad\ngrad_b = net.b.grad"),
    # the compact softmax formula instead of the Jacobian matrix
    "b12": correct(manual_backward="s = y_p.detach()\ngrad_y_p = 2 * (s - y)\n"
                                   "grad_z1 = s * (grad_y_p - (grad_y_p * s).sum())\n"
                                   "grad_w = grad_z1[:, None] * x[None, :]\ngrad_b = grad_z1.clone()"),
    # a syntax error in the class: nothing after it can run
    "b13": correct(net_forward=net(FORWARD).replace("def forward(self, x):", "def forward(self, x)")),
    # a blank notebook
    "b14": {"answers": {}},
    # the seed's printed values copied by hand (4 decimals)
    "b15": correct(mse_loss="loss = torch.tensor(1.2191184759140015)",
                   manual_backward="grad_y_p = torch.tensor([1.5615, -1.5615])\n"
                                   "grad_z1 = torch.tensor([0.5346, -0.5346])\n"
                                   "grad_w = torch.tensor([[0.1604, 0.1604, 0.4811], [-0.1604, -0.1604, -0.4811]])\n"
                                   "grad_b = torch.tensor([0.5346, -0.5346])"),
    # a cell of their own that asks for far too much memory: it fails, the rest counts
    "b16": {**correct(), "extra": [("net_forward", "big = torch.zeros(10**11)")]},
    # a cell of their own that kills the process after the loss: what it answered before keeps its score
    "b17": {**correct(), "extra": [("mse_loss", "import os\nos._exit(3)")]},
    # softmax over a dimension z1 does not have
    "b18": correct(net_forward=net(FORWARD.replace("self.softmax(self.z1)", "torch.softmax(self.z1, dim=1)"))),
    # no softmax at all
    "b19": correct(net_forward=net(FORWARD.replace("self.softmax(self.z1)", "self.z1 * 1"))),
    # the factor 2 of the square's derivative left out
    "b20": correct(manual_backward=MANUAL.replace("2 * (s - y)", "(s - y)")),
    # float64 in the manual backward
    "b21": correct(manual_backward=MANUAL.replace("s = y_p.detach()", "s = y_p.detach().double()")),
    # a division by zero: inf and NaN
    "b22": correct(manual_backward=MANUAL.replace("jacobian.T @ grad_y_p", "jacobian.T @ grad_y_p / (s - s).sum()")),
    # written for two outputs only: right here, wrong with four
    "b23": correct(manual_backward=MANUAL.replace("torch.outer(grad_z1, x)",
                                                  "torch.stack([grad_z1[0] * x, grad_z1[1] * x])")),
    # a sigmoid instead of the softmax
    "b24": correct(net_forward=net(FORWARD.replace("self.softmax(self.z1)", "torch.sigmoid(self.z1)"))),
}
