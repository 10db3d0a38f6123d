"""The public checks students run in their notebook: the score as the cell's value, and what is wrong in words."""

import torch
import torch.nn as nn

from coursecheck import backprop, fc_layer

X, W, B = torch.tensor([[10.0, 20.0]]), torch.tensor([[11.0, 12.0], [21.0, 22.0], [31.0, 32.0]]), \
    torch.tensor([[31.0, 32.0, 33.0]])


def test_fc_forward_says_shape_and_values(capsys):
    assert fc_layer.fc_forward(X @ W.T + B) == 1.0
    assert "fc_forward: 1 / 1" in capsys.readouterr().out
    assert fc_layer.fc_forward((X @ W.T + B).T) == 0.0
    assert "неверная форма: ожидалось (1, 3), получено (3, 1)" in capsys.readouterr().out
    assert fc_layer.fc_forward(X @ W.T) == 0.0
    assert "ожидалось 983.0, получено 950.0" in capsys.readouterr().out


def test_fc_backward_says_missing_gradient(capsys):
    w, b = W.clone().requires_grad_(True), B.clone().requires_grad_(True)
    assert fc_layer.fc_backward(w, b) == 0.0
    assert "w.grad: градиент равен None" in capsys.readouterr().out
    (X @ w.T + b).sum().backward()
    assert fc_layer.fc_backward(w, b) == 2.0


class Net(nn.Module):
    def __init__(self, w, b, keep=True):
        super().__init__()
        self.w, self.b, self.keep = nn.Parameter(w), nn.Parameter(b), keep

    def forward(self, x):
        self.z1 = self.w @ x + self.b
        self.z2 = torch.softmax(self.z1, dim=-1)
        if self.keep:
            self.z1.retain_grad()
            self.z2.retain_grad()
        return self.z2


def test_net_forward_scores_values_and_kept_gradients_apart(capsys):
    assert backprop.net_forward(Net) == 2.0
    assert backprop.net_forward(lambda w, b: Net(w, b, keep=False)) == 1.0
    assert "net.z1.grad: после backward() градиент не сохранился" in capsys.readouterr().out


def test_net_forward_reports_what_the_net_raised(capsys):
    class Broken(nn.Module):
        def __init__(self, w, b):
            super().__init__()

        def forward(self, x):
            raise NotImplementedError()

    assert backprop.net_forward(Broken) == 0.0
    assert "NotImplementedError" in capsys.readouterr().out


def test_manual_backward_gives_a_point_per_gradient(capsys):
    good = {"grad_y_p": torch.tensor([1.5614858, -1.5614858]), "grad_z1": torch.tensor([0.5346014, -0.5346014])}
    score = backprop.manual_backward(good["grad_y_p"], good["grad_z1"], None, torch.zeros(2))
    out = capsys.readouterr().out
    assert score == 2.0, out
    assert "grad_w: значение не задано" in out and "grad_b: неверные значения" in out
