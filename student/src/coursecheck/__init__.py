"""Public checks for the course's notebooks.

Students install this package; the released notebooks' test cells call it (`from coursecheck import
fc_layer as check`). It holds no hidden check and no solution: only the expected values on the
notebooks' own inputs and the code that compares a student's tensors with them and explains what is
wrong. The package itself imports nothing, so `coursecheck.problem` can be used without torch.
"""
