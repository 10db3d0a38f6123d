"""solutions/ reproduces every number the seed notebooks print, and agrees with autograd."""

import torch

from solutions import backprop, fc_layer


def test_fc_layer_reproduces_seed_002():
    given = fc_layer.seed_inputs()
    out = fc_layer.forward(**given)
    assert out.tolist() == [[381.0, 682.0, 983.0]]
    assert torch.equal(out, torch.nn.functional.linear(given["x"], given["w"], given["b"]))
    grads = fc_layer.backward(**given)
    assert grads["our_formula"].item() == 2046.0, "the seed prints our_formula tensor(2046.)"
    assert grads["w_grad"].tolist() == [[10.0, 20.0]] * 3
    assert grads["b_grad"].tolist() == [[1.0, 1.0, 1.0]]
    assert grads["b_grad"].shape == (1, 3), "the seed's bias has shape (1, 3), and so has its gradient"


def test_backprop_reproduces_seed_000():
    given = backprop.seed_inputs()
    z2 = backprop.forward(given["w"], given["b"], given["x"])["z2"]
    assert backprop.mse_loss(given["y"], z2).item() == 1.2191184759140015
    grads = backprop.manual_backward(**given)
    printed = {  # as the seed prints them, to 4 decimals
        "grad_y_p": [1.5615, -1.5615],
        "grad_z1": [0.5346, -0.5346],
        "grad_w": [[0.1604, 0.1604, 0.4811], [-0.1604, -0.1604, -0.4811]],
        "grad_b": [0.5346, -0.5346],
    }
    for name, values in printed.items():
        assert torch.allclose(grads[name], torch.tensor(values), atol=5e-5), f"{name}: {grads[name]} vs seed {values}"


def test_manual_backward_agrees_with_autograd_on_other_shapes():
    torch.manual_seed(0)
    w, b, x = torch.randn(4, 5, requires_grad=True), torch.randn(4, requires_grad=True), torch.randn(5)
    y = torch.softmax(torch.randn(4), dim=0)
    z1 = w @ x + b
    z1.retain_grad()
    y_p = torch.softmax(z1, dim=-1)
    y_p.retain_grad()
    backprop.mse_loss(y, y_p).backward()
    grads = backprop.manual_backward(w.detach(), b.detach(), x, y)
    torch.testing.assert_close(grads["grad_y_p"], y_p.grad)
    torch.testing.assert_close(grads["grad_z1"], z1.grad)
    torch.testing.assert_close(grads["grad_w"], w.grad)
    torch.testing.assert_close(grads["grad_b"], b.grad)
