"""Messages shown to students, in Russian (the course's language) and English."""

DEFAULT_LANG = "ru"

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
        "ru": "{name}: неверный тип данных: ожидалось {expected}, получено {got}",
        "en": "{name}: wrong dtype: expected {expected}, got {got}",
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
    "ok": {"ru": "верно", "en": "correct"},
}


def message(key: str, lang: str = DEFAULT_LANG, **fields: object) -> str:
    """The message `key` in `lang`, with its fields filled in."""
    texts = MESSAGES[key]
    return texts.get(lang, texts[DEFAULT_LANG]).format(**fields)
