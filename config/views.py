"""Views of the project itself (not of a domain app)."""

from django.http import HttpResponse
from django.views.decorators.cache import never_cache


@never_cache
def sante(request):
    """Health check (Docker HEALTHCHECK) and the bench's bare view: answers "ok" without touching the database."""
    return HttpResponse("ok", content_type="text/plain; charset=utf-8")
