from django.contrib.auth import views as auth_views
from django.core.exceptions import RequestDataTooBig
from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.views import defaults

from core.exceptions import TOO_LARGE, error_response
from studio import readiness


class ThrottledLoginView(auth_views.LoginView):
    """Django's login; django-axes refuses it for 15 minutes after 5 failures per account or
    per address (``studio.signin``), counting in the database so it works with Redis down."""


def health(request):
    """Answer 200 while the process runs: a liveness check that asks nothing else."""
    return HttpResponse("ok", content_type="text/plain")


def ready(request):
    """Answer whether PostgreSQL, Redis and the broker answer; 503 when one does not."""
    checks = readiness.checks()
    ok = all(value == "ok" for value in checks.values())
    return JsonResponse(checks, status=200 if ok else 503)


def _wants_json(request) -> bool:
    return request.path.startswith("/api/") or "application/json" in request.headers.get(
        "Accept", ""
    )


def not_found(request, exception=None):
    if _wants_json(request):
        return JsonResponse({"message": "Not found.", "errors": {}}, status=404)
    return render(request, "404.html", status=404)


def forbidden(request, exception=None):
    if _wants_json(request):
        message = "You do not have permission to do this."
        return JsonResponse({"message": message, "errors": {}}, status=403)
    return render(request, "403.html", {"reason": str(exception or "")}, status=403)


def server_error(request):
    if _wants_json(request):
        message = "Something went wrong on our side; it has been logged."
        return JsonResponse({"message": message, "errors": {}}, status=500)
    return render(request, "500.html", status=500)


def bad_request(request, exception=None):
    if isinstance(exception, RequestDataTooBig):
        if _wants_json(request):
            return error_response(413, TOO_LARGE)
        return HttpResponse(TOO_LARGE, content_type="text/plain", status=413)
    if _wants_json(request):
        return error_response(400)
    return defaults.bad_request(request, exception)
