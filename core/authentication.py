"""API token authentication: django-rest-knox, so that only a digest of each token is stored.

``Authorization: Token <64 hex characters>``, as the contract has it. A token lasts
``STUDIO_API_TOKEN_DAYS`` days from its last use.
"""

from knox.auth import TokenAuthentication as KnoxTokenAuthentication
from rest_framework import exceptions


class TokenAuthentication(KnoxTokenAuthentication):
    def authenticate_credentials(self, token: bytes):
        # knox decodes the header as UTF-8 unchecked: bytes that are not would be a 500.
        try:
            token.decode("utf-8")
        except UnicodeDecodeError as error:
            raise exceptions.AuthenticationFailed("Invalid token.") from error
        return super().authenticate_credentials(token)
