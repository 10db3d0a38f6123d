"""Messages shown to students, in Russian (the course's language) and English."""

DEFAULT_LANG = "ru"
LANGUAGES = ("ru", "en")

MESSAGES: dict[str, dict[str, str]] = {
    "missing": {
        "ru": "{name}: значение не задано (переменная не определена или равна None)",
        "en": "{name}: no value (the variable is not defined or is None)",
    },
    "grad_missing": {
        "ru": "{name}: градиент равен None: не вызван backward() или у тензора не выставлен requires_grad",
        "en": "{name}: the gradient is None: backward() was not called or requires_grad is not set",
    },
    "not_tensor": {
        "ru": "{name}: ожидался torch.Tensor, получено {got}",
        "en": "{name}: expected a torch.Tensor, got {got}",
    },
    "shape": {
        "ru": "{name}: неверная форма: ожидалось {expected}, получено {got}",
        "en": "{name}: wrong shape: expected {expected}, got {got}",
    },
    "dtype": {
        "ru": "{name}: неверный тип данных: ожидалось {expected}, получено {got} (не меняйте dtype и устройство "
        "входных тензоров: без .double(), .half(), .to(...))",
        "en": "{name}: wrong dtype: expected {expected}, got {got} (keep the inputs' dtype and device: no "
        ".double(), .half(), .to(...))",
    },
    "shape_transposed": {
        "ru": "{name}: неверная форма: ожидалось {expected}, получено {got} — результат транспонирован?",
        "en": "{name}: wrong shape: expected {expected}, got {got}: transposed?",
    },
    "sign_flipped": {
        "ru": "{name}: знак перепутан: получено ровно −(ожидаемое); проверьте порядок вычитания",
        "en": "{name}: the sign is flipped: you got exactly −(expected); check the order of the subtraction",
    },
    "grad_accumulated": {
        "ru": "{name}: градиент равен ожидаемому, умноженному на {factor}: backward() вызван несколько раз "
        "({factor}), а градиенты накапливаются (суммируются) в .grad",
        "en": "{name}: the gradient is {factor} times the expected one: backward() was called {factor} times and "
        "gradients accumulate in .grad",
    },
    "scaled_up": {
        "ru": "{name}: получено ожидаемое, умноженное на {factor}: лишний множитель?",
        "en": "{name}: {factor} times the expected value: an extra factor?",
    },
    "divided": {
        "ru": "{name}: получено ожидаемое, делённое на {factor}: среднее (mean) вместо суммы (sum) или "
        "потерянный множитель?",
        "en": "{name}: you got the expected value divided by {factor}: mean instead of sum, or a lost factor?",
    },
    "bias_missing": {
        "ru": "{name}: получилось произведение без сдвига: не забыли прибавить bias (b)?",
        "en": "{name}: this is the product without the bias: did you forget to add b?",
    },
    "softmax_missing": {
        "ru": "{name}: совпадает с z1: softmax не применён",
        "en": "{name}: equals z1: the softmax is not applied",
    },
    "sigmoid_instead": {
        "ru": "{name}: это сигмоида от z1, а нужен softmax",
        "en": "{name}: this is the sigmoid of z1; the softmax is needed",
    },
    "abs_instead_of_square": {
        "ru": "{name}: это сумма модулей ошибок, а нужна сумма квадратов",
        "en": "{name}: this is the sum of absolute errors; the sum of squares is needed",
    },
    "square_missing": {
        "ru": "{name}: ошибки не возведены в квадрат",
        "en": "{name}: the errors are not squared",
    },
    "factor_two_missing": {
        "ru": "{name}: потерян множитель 2 из производной квадрата: d(y − y_p)²/dy_p = 2·(y_p − y)",
        "en": "{name}: the factor 2 of the square's derivative is missing: d(y − y_p)²/dy_p = 2·(y_p − y)",
    },
    "jacobian_missing": {
        "ru": "{name}: пропущен якобиан softmax: dL/dz1 взят равным dL/dy_p, а нужно умножить на "
        "dz2/dz1 = diag(s) − s·sᵀ",
        "en": "{name}: the softmax Jacobian is left out: dL/dz1 was taken equal to dL/dy_p; multiply by "
        "dz2/dz1 = diag(s) − s·sᵀ",
    },
    "outer_order": {
        "ru": "{name}: внешнее произведение в обратном порядке: нужно outer(dL/dz1, x), а не outer(x, dL/dz1)",
        "en": "{name}: the outer product is in the wrong order: outer(dL/dz1, x), not outer(x, dL/dz1)",
    },
    "retain_grad_missing": {
        "ru": "{name}: после backward() градиент не сохранился: вызовите retain_grad() у промежуточного тензора",
        "en": "{name}: no gradient kept after backward(): call retain_grad() on the intermediate tensor",
    },
    "matmul_shapes": {
        "ru": "формы не согласованы для матричного умножения: забыли транспонировать w (x·wᵀ)?",
        "en": "the shapes do not fit a matrix product: did you forget to transpose w (x·wᵀ)?",
    },
    "dim_out_of_range": {
        "ru": "операция по несуществующей размерности: у z1 одна размерность, softmax нужен по dim=-1 (или 0)",
        "en": "an operation over a dimension that does not exist: z1 has one dimension, use softmax over dim=-1 "
        "(or 0)",
    },
    "no_requires_grad": {
        "ru": "backward() по тензору без графа вычислений: у входов не выставлен requires_grad или граф отрезан "
        "(detach)",
        "en": "backward() on a tensor without a graph: the inputs lack requires_grad or the graph was cut "
        "(detach)",
    },
    "graph_freed": {
        "ru": "повторный backward() по уже освобождённому графу: backward() вызывают один раз",
        "en": "a second backward() through a freed graph: call backward() once",
    },
    "not_finite": {
        "ru": "{name}: в результате есть NaN или inf",
        "en": "{name}: the result contains NaN or inf",
    },
    "values": {
        "ru": "{name}: неверные значения: наибольшее расхождение в элементе {index}: ожидалось {expected}, "
        "получено {got}",
        "en": "{name}: wrong values: largest mismatch at index {index}: expected {expected}, got {got}",
    },
    "not_defined": {
        "ru": "{name} не определено: выполните ячейку с решением",
        "en": "{name} is not defined: run the cell with your answer",
    },
    "raised": {
        "ru": "{name}: при вызове возникла ошибка {error}",
        "en": "{name}: calling it raised {error}",
    },
    "not_reached": {
        "ru": "ответ не проверен: до ячейки с проверкой выполнение не дошло",
        "en": "the answer was not checked: the run never reached its test cell",
    },
    "stopped_time": {
        "ru": "ответ не проверен: тетрадка выполнялась дольше {seconds} с и была остановлена",
        "en": "the answer was not checked: the notebook ran longer than {seconds} s and was stopped",
    },
    "stopped_ended": {
        "ru": "ответ не проверен: процесс тетрадки завершился раньше, чем выполнились все ячейки "
        "(os._exit, сбой или нехватка памяти)",
        "en": "the answer was not checked: the notebook's process ended before all cells ran "
        "(os._exit, a crash or no memory left)",
    },
    "stopped_cpu": {
        "ru": "ответ не проверен: тетрадка израсходовала отведённое процессорное время",
        "en": "the answer was not checked: the notebook used up its CPU time",
    },
    "stopped_signal": {
        "ru": "ответ не проверен: процесс тетрадки убит сигналом {signal}",
        "en": "the answer was not checked: the notebook's process was killed by {signal}",
    },
    "stopped_garbage": {
        "ru": "ответ не проверен: тетрадка вернула данные, которые нельзя прочитать ({error})",
        "en": "the answer was not checked: the notebook sent back data that cannot be read ({error})",
    },
    "check_error": {
        "ru": "проверка не смогла обработать ответ ({error})",
        "en": "the check could not process the answer ({error})",
    },
    "answer_raised": {
        "ru": "ячейка с ответом завершилась ошибкой: {error}",
        "en": "the answer cell raised an error: {error}",
    },
    "hard_coded": {
        "ru": "{name}: верно на входах тетрадки, но неверно на других входах ({shapes}): похоже, ответ "
        "захардкожен (скопирован из вывода) или работает только для этих размеров",
        "en": "{name}: right on the notebook's inputs but wrong on other inputs ({shapes}): the answer looks "
        "hard-coded (copied from the output) or works only for these shapes",
    },
    "not_answered": {
        "ru": "не решено: замените raise NotImplementedError() своим кодом",
        "en": "not answered: replace raise NotImplementedError() with your code",
    },
    "rule_broken": {
        "ru": "нарушено правило задания: «{rule}» — за этот вопрос баллы не начисляются",
        "en": "a rule of the exercise is broken: “{rule}”; this question earns no points",
    },
    "rule_no_layer": {
        "ru": "не вызывайте сам слой: fc(...), fc.forward, F.linear",
        "en": "do not call the layer itself: fc(...), fc.forward, F.linear",
    },
    "rule_no_layer_output": {
        "ru": "не используйте выход слоя fc_out: посчитайте x·wᵀ + b сами",
        "en": "do not reuse the layer's output fc_out: compute x·wᵀ + b yourself",
    },
    "rule_backward_required": {
        "ru": "вызовите our_formula.backward(): градиенты должен посчитать backward()",
        "en": "call our_formula.backward(): the gradients must come from backward()",
    },
    "rule_no_grad_assignment": {
        "ru": "не присваивайте .grad вручную",
        "en": "do not assign .grad yourself",
    },
    "rule_no_autograd": {
        "ru": "считайте градиенты вручную: без .backward(), torch.autograd.grad и чтения .grad",
        "en": "compute the gradients by hand: no .backward(), torch.autograd.grad or reading .grad",
    },
    "feedback_title": {"ru": "{assignment}: отзыв для {student}", "en": "{assignment}: feedback for {student}"},
    "feedback_total": {"ru": "Итого: {score} из {max}", "en": "Total: {score} of {max}"},
    "feedback_question": {"ru": "{question}: {score} из {max}", "en": "{question}: {score} of {max}"},
    "feedback_all_passed": {"ru": "все проверки пройдены", "en": "every check passed"},
    "feedback_teacher": {"ru": "Комментарий преподавателя: {comment}", "en": "The instructor's comment: {comment}"},
    "no_shell": {
        "ru": "команды оболочки (!pip install …, %pip) при проверке не выполняются: сети нет; нужный пакет "
        "попросите добавить преподавателя",
        "en": "shell commands (!pip install …, %pip) do not run during grading: there is no network; ask the "
        "instructor to add the package",
    },
    "no_input": {
        "ru": "input() при проверке не работает: отвечать некому; задайте значение в коде",
        "en": "input() does not work during grading: nobody is there to answer; set the value in the code",
    },
    "output_truncated": {
        "ru": "вывод ячейки слишком длинный и обрезан",
        "en": "the cell's output was too long and was cut",
    },
    "no_notebook": {
        "ru": "в папке сдачи нет {name} (есть: {found}); нужна тетрадка .ipynb с этим именем",
        "en": "the submission folder has no {name} (it has: {found}); a notebook .ipynb of that name is needed",
    },
    "too_big": {
        "ru": "тетрадка {name} весит {mb} МБ, больше допустимых {limit} МБ: очистите выводы ячеек",
        "en": "the notebook {name} is {mb} MB, more than the {limit} MB allowed: clear the cells' outputs",
    },
    "unreadable": {
        "ru": "тетрадку {name} не удаётся прочитать ({error}): сдайте файл .ipynb, сохранённый Jupyter",
        "en": "the notebook {name} cannot be read ({error}): hand in an .ipynb file saved by Jupyter",
    },
    "ok": {"ru": "верно", "en": "correct"},
    "column_check": {"ru": "проверка", "en": "check"},
    "column_passed": {"ru": "пройдена", "en": "passed"},
    "column_message": {"ru": "сообщение", "en": "message"},
}


def message(key: str, lang: str = DEFAULT_LANG, **fields: object) -> str:
    """The message `key` in `lang`, with its fields filled in."""
    texts = MESSAGES[key]
    return texts.get(lang, texts[DEFAULT_LANG]).format(**fields)
