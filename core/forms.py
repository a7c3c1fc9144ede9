"""How pages show an ``ApplicationError``: the same words, on the form's fields."""

from core.exceptions import ApplicationError


def show_application_error(view, form, error: ApplicationError):
    """Put the error's field messages on ``form`` and render it again."""
    placed = False
    for field, messages in error.errors.items():
        target = field if field in form.fields else None
        for message in messages:
            form.add_error(target, message)
            placed = True
    if not placed:
        form.add_error(None, error.message)
    return view.form_invalid(form)
