"""API token authentication: django-rest-knox, so that only a digest of each token is stored.

``Authorization: Token <64 hex characters>``, as the contract has it. A token lasts
``STUDIO_API_TOKEN_DAYS`` days from its last use.
"""

from django.utils import timezone
from knox.auth import TokenAuthentication as KnoxTokenAuthentication
from knox.models import AuthToken
from knox.settings import knox_settings
from knox.signals import token_expired
from rest_framework import exceptions


def tokens_expired_delete(user, *, keep: AuthToken | None = None) -> int:
    """Delete the user's tokens that have expired (all but ``keep``); return how many."""
    expired = AuthToken.objects.filter(user=user, expiry__lt=timezone.now())
    if keep is not None:
        expired = expired.exclude(digest=keep.digest)
    gone = list(expired)
    for token in gone:
        token.delete()
        token_expired.send(
            sender=TokenAuthentication, username=user.get_username(), source="other_token"
        )
    return len(gone)


class TokenAuthentication(KnoxTokenAuthentication):
    def authenticate_credentials(self, token: bytes):
        # knox decodes the header as UTF-8 unchecked: bytes that are not would be a 500.
        try:
            token.decode("utf-8")
        except UnicodeDecodeError as error:
            raise exceptions.AuthenticationFailed("Invalid token.") from error
        return super().authenticate_credentials(token)

    def _cleanup_token(self, auth_token: AuthToken) -> bool:
        """Refuse (and delete) the token if it has expired.

        knox also reads every other token of the user on each request, to delete the expired
        ones: a query and a model per token on every API call, for housekeeping. That sweep
        runs when a token's expiry is renewed (at most once a minute) and at sign-in instead;
        an expired token is refused on its own use either way.
        """
        if auth_token.expiry is not None and auth_token.expiry < timezone.now():
            username = auth_token.user.get_username()
            auth_token.delete()
            token_expired.send(sender=self.__class__, username=username, source="auth_token")
            return True
        return False

    def renew_token(self, auth_token: AuthToken) -> None:
        before = auth_token.expiry
        super().renew_token(auth_token)
        # knox saves the new expiry only when it moved by more than this: sweep as seldom.
        if (auth_token.expiry - before).total_seconds() > knox_settings.MIN_REFRESH_INTERVAL:
            tokens_expired_delete(auth_token.user, keep=auth_token)
