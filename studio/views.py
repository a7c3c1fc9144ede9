from django.contrib.auth import views as auth_views
from django.core.cache import cache
from django.http import HttpResponse, JsonResponse
from django.shortcuts import render

LOGIN_FAILURE_LIMIT = 5
LOGIN_LOCK_SECONDS = 15 * 60


def _failure_keys(request) -> list[str]:
    address = request.META.get("REMOTE_ADDR", "unknown")
    username = (request.POST.get("username") or "").strip().lower()
    return [f"login-fail:addr:{address}", f"login-fail:user:{username}"]


class ThrottledLoginView(auth_views.LoginView):
    """Django's login, refused for 15 minutes after 5 failures per account or per address."""

    def post(self, request, *args, **kwargs):
        keys = _failure_keys(request)
        if any((cache.get(key) or 0) >= LOGIN_FAILURE_LIMIT for key in keys):
            form = self.get_form()
            form.errors.clear()
            form.add_error(
                None, "Too many failed sign-ins. Wait 15 minutes or reset your password."
            )
            return self.render_to_response(self.get_context_data(form=form), status=429)
        return super().post(request, *args, **kwargs)

    def form_invalid(self, form):
        for key in _failure_keys(self.request):
            cache.add(key, 0, LOGIN_LOCK_SECONDS)
            cache.incr(key)
        return super().form_invalid(form)


def health(request):
    return HttpResponse("ok", content_type="text/plain")


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
