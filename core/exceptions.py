"""One error type for the domain, rendered one way.

Services raise ``ApplicationError``; the API answers it (and every DRF error) as
``{"message": "…", "errors": {"field": ["…"]}}``, and pages show the same words in the form.
"""

from __future__ import annotations

from http import HTTPStatus

from django.core.exceptions import PermissionDenied, RequestDataTooBig
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, JsonResponse
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler


class ApplicationError(Exception):
    """A request the domain refuses, with a message in words and optional field errors."""

    status_code = status.HTTP_400_BAD_REQUEST

    def __init__(
        self,
        message: str,
        *,
        errors: dict[str, list[str]] | None = None,
        status_code: int | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.errors = errors or {}
        if status_code is not None:
            self.status_code = status_code

    @classmethod
    def from_validation_error(cls, error: DjangoValidationError) -> ApplicationError:
        if hasattr(error, "error_dict"):
            errors = {
                ("non_field_errors" if field == "__all__" else field): list(messages)
                for field, messages in error.message_dict.items()
            }
            first = next(iter(next(iter(errors.values()))), "The data is not valid.")
            return cls(first, errors=errors)
        messages = list(error.messages)
        return cls(messages[0] if messages else "The data is not valid.", errors={})


class StaleEdit(ApplicationError):
    """Raised when an edit was based on a version that has changed since."""

    status_code = status.HTTP_412_PRECONDITION_FAILED


def _first_message(detail) -> str:
    if isinstance(detail, dict):
        for field, value in detail.items():
            text = _first_message(value)
            if text:
                return text if field in ("non_field_errors", "detail") else f"{field}: {text}"
        return ""
    if isinstance(detail, list):
        return _first_message(detail[0]) if detail else ""
    return str(detail)


def _field_errors(detail) -> dict[str, list[str]]:
    if not isinstance(detail, dict):
        return {}
    return {
        field: [str(item) for item in value] if isinstance(value, list) else [str(value)]
        for field, value in detail.items()
    }


def api_exception_handler(exc, context):
    """Render every API error as ``{"message", "errors"}`` with the right status."""
    if isinstance(exc, DjangoValidationError):
        exc = ApplicationError.from_validation_error(exc)
    if isinstance(exc, RequestDataTooBig):
        exc = ApplicationError(TOO_LARGE, status_code=status.HTTP_413_REQUEST_ENTITY_TOO_LARGE)
    if isinstance(exc, ApplicationError):
        return Response({"message": exc.message, "errors": exc.errors}, status=exc.status_code)
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied()
    response = exception_handler(exc, context)
    if response is None:
        return None
    detail = response.data
    if isinstance(exc, exceptions.ValidationError):
        message = _first_message(detail) or "The data is not valid."
        body = {"message": message, "errors": _field_errors(detail)}
    else:
        message = detail.get("detail") if isinstance(detail, dict) else _first_message(detail)
        body = {"message": str(message or exc.default_detail), "errors": {}}
    response.data = body
    return response


TOO_LARGE = "The request body is too large (at most 11 MB)."
# Words for the statuses Django or a proxy may answer with before any API view runs.
MESSAGES = {
    400: "The request could not be read.",
    403: "You do not have permission to do this.",
    404: "Not found.",
    405: "This method is not allowed here.",
    413: TOO_LARGE,
    500: "Something went wrong on our side; it has been logged.",
}


def error_response(status_code: int, message: str | None = None) -> JsonResponse:
    """Return the API's error shape for ``status_code``, in words."""
    if message is None:
        message = MESSAGES.get(status_code) or HTTPStatus(status_code).phrase + "."
    return JsonResponse({"message": message, "errors": {}}, status=status_code)


def _is_json(response) -> bool:
    return response.get("Content-Type", "").split(";")[0].strip().endswith("json")


class ApiJsonErrorsMiddleware:
    """Answer every error under ``/api/`` as JSON in the API's error shape.

    The API's own views already do; this catches what answers before them or around them:
    Django's debug 404 and 500 pages, a body too large for ``DATA_UPLOAD_MAX_MEMORY_SIZE``,
    a CSRF refusal, a 405 from a plain Django view.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if (
            request.path.startswith("/api/")
            and response.status_code >= 400
            and not _is_json(response)
        ):
            replacement = error_response(response.status_code)
            for header in ("Allow", "Retry-After", "WWW-Authenticate"):
                if header in response:
                    replacement[header] = response[header]
            return replacement
        return response
