"""The API's pagination: DRF's page numbers, refusing a ``page`` that is not a number.

DRF reads an empty ``?page=`` as the first page, so a malformed request got an answer as if it
were well formed; the schema says ``page`` is an integer, and a client that sends something
else is told so.
"""

from rest_framework.exceptions import ValidationError
from rest_framework.pagination import PageNumberPagination


class StrictPageNumberPagination(PageNumberPagination):
    def get_page_number(self, request, paginator):
        value = request.query_params.get(self.page_query_param)
        if value is not None and not (value.isascii() and value.isdigit() and int(value) > 0):
            raise ValidationError({self.page_query_param: ["A page is a whole number from 1."]})
        return super().get_page_number(request, paginator)
