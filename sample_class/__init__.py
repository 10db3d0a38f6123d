"""The sample class: submissions with the mistakes real students make and correct answers written differently.

Each assignment's module maps a student id to their answers (the source of each answer cell, by
question), cells they added, and outputs they left in the notebook. `build` writes them into a
course's submitted/ folder from the released notebooks, as `nbgrader collect` would leave them.
"""
