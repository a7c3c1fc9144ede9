"""Helpers every app's services share."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction

from core.exceptions import ApplicationError


def save_validated(instance: models.Model, **full_clean_kwargs) -> models.Model:
    """Validate ``instance`` with ``full_clean()`` and save it, turning refusals into words.

    A unique or check constraint that a concurrent request breaks after validation passed
    still reaches the user as an ``ApplicationError``, never a 500.
    """
    try:
        instance.full_clean(**full_clean_kwargs)
        with transaction.atomic():
            instance.save()
    except ValidationError as error:
        raise ApplicationError.from_validation_error(error) from error
    except IntegrityError as error:
        raise ApplicationError(
            "The change conflicts with data saved meanwhile; reload and try again.",
            status_code=409,
        ) from error
    return instance
