"""The OpenAPI schema documents the errors the API really answers, on every operation.

Every error is the same JSON ``{"message": "…", "errors": {"field": ["…"]}}`` (see
``core.exceptions``). Views document their own success responses and any error peculiar to
them (a 409, a 412); this schema class adds the errors the shared stack produces:

- 400 when the request carries data to validate (a body, or query parameters such as filters);
- 401 when the operation needs a signed-in user (token authentication answers 401, not 403);
- 403 for writes (session users without a CSRF token, members whose role may not write) and
  for views whose permissions go beyond "signed in";
- 404 when the URL names something (a production, an object) or the list is paginated (a page
  past the end);
- 415 when the request carries a body (a ``Content-Type`` no parser of the view reads);
- 429 when the view is throttled.

Times of day are wall-clock times in the production's time zone, written ``HH:MM`` or
``HH:MM:SS``; JSON Schema's ``format: time`` demands a UTC offset, so they are described by a
pattern instead (``local_times``).
"""

from drf_spectacular.contrib.knox_auth_token import KnoxTokenScheme
from drf_spectacular.openapi import AutoSchema as SpectacularAutoSchema
from drf_spectacular.utils import OpenApiResponse
from rest_framework import serializers
from rest_framework.permissions import AllowAny, IsAuthenticated


class TokenScheme(KnoxTokenScheme):
    """``Authorization: Token …``, under the name DRF's own token scheme has."""

    target_class = "core.authentication.TokenAuthentication"
    name = "tokenAuth"


class ErrorSerializer(serializers.Serializer):
    message = serializers.CharField()
    errors = serializers.DictField(child=serializers.ListField(child=serializers.CharField()))


ERROR_DESCRIPTIONS = {
    "400": "The request is not valid; `errors` says which field and why.",
    "401": "No valid credentials were sent.",
    "403": "The signed-in user may not do this.",
    "404": "Not found, or a production you may not see.",
    "415": "The request body's `Content-Type` is not one this operation reads.",
    "429": "Too many requests; retry after the time in `Retry-After`.",
}
WRITE_METHODS = ("POST", "PUT", "PATCH", "DELETE")
TIME_OF_DAY = {
    "type": "string",
    "pattern": r"^([01][0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9](\.[0-9]{1,6})?)?$",
    "example": "07:30",
}


class AutoSchema(SpectacularAutoSchema):
    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction=direction)
        if direction != "response":
            return responses
        for code in self._error_codes():
            if code not in responses:
                responses[code] = self._get_response_for_code(
                    OpenApiResponse(ErrorSerializer, ERROR_DESCRIPTIONS[code]), code
                )
        return responses

    def _error_codes(self) -> list[str]:
        codes = []
        permissions = self.view.get_permissions()
        needs_user = any(not isinstance(p, AllowAny) for p in permissions)
        if self.method in ("POST", "PUT", "PATCH") or self._has_query_parameters():
            codes.append("400")
        if needs_user:
            codes.append("401")
            beyond_sign_in = any(
                not isinstance(p, (AllowAny, IsAuthenticated)) for p in permissions
            )
            if self.method in WRITE_METHODS or beyond_sign_in:
                codes.append("403")
        if "{" in self.path or (self._is_list_view() and self._get_paginator() is not None):
            codes.append("404")
        if self.method in ("POST", "PUT", "PATCH") and self._get_request_body() is not None:
            codes.append("415")
        if self.view.get_throttles():
            codes.append("429")
        return codes

    def _has_query_parameters(self) -> bool:
        return any(p.get("in") == "query" for p in self._get_parameters())


def local_times(result, generator, request, public):
    """Postprocessing hook: describe every time of day as local ``HH:MM[:SS]``, no offset."""

    def walk(node):
        if isinstance(node, dict):
            if node.get("type") == "string" and node.get("format") == "time":
                del node["format"]
                for key, value in TIME_OF_DAY.items():
                    node.setdefault(key, value)
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(result)
    return result
