"""Sign-in throttling with django-axes: failures are counted in the database, not the cache.

Five failed sign-ins per account or per address lock that account or address out for 15
minutes (``AXES_*`` in settings), on the sign-in page and on ``POST /api/v1/auth/token/``
alike. The database is the one part Studio cannot run without, so a Redis outage changes
nothing here.
"""

from axes.backends import AxesStandaloneBackend
from django.contrib.auth.forms import AuthenticationForm
from django.template.response import TemplateResponse

from core.exceptions import error_response

LOCKED_OUT = "Too many failed sign-ins. Wait 15 minutes or reset your password."


class SigninLockoutBackend(AxesStandaloneBackend):
    """Axes' lockout check, skipped where no request is at hand (``Client.login``, scripts):
    without a request there is neither an address nor a page to answer."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)


def username_of(request, credentials) -> str:
    """Return the username a sign-in is for, lower-cased as accounts are matched."""
    username = (credentials or {}).get("username") or request.POST.get("username") or ""
    return username.strip().lower()


def locked_out(request, original_response=None, credentials=None):
    """Answer a locked-out sign-in: 429 JSON under /api/, the sign-in page with the reason."""
    if request.path.startswith("/api/"):
        response = error_response(429, LOCKED_OUT)
    else:
        form = AuthenticationForm(request, data=request.POST or None)
        form.errors.clear()
        form.add_error(None, LOCKED_OUT)
        response = TemplateResponse(
            request, "registration/login.html", {"form": form}, status=429
        ).render()
    response["Retry-After"] = "900"
    return response
