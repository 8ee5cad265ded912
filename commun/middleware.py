"""The client's address of the request being served, for the log of confidential reads (commun.JournalAcces).

A context variable, not a thread-local: it follows the request through the view, the service and the permission
helper (config.perms.exiger(..., lecture=True)) without any door having to pass it, and it is empty outside a
request (a command, a task: the log row then has no address). Behind the reverse proxy of docker-compose the
address is the proxy's unless DJANGO_TRUSTED_PROXY_HEADER names the header it sets (X-Forwarded-For)."""

import contextvars
import ipaddress

from django.conf import settings

ADRESSE_CLIENT: contextvars.ContextVar[str | None] = contextvars.ContextVar("adresse_client", default=None)


def adresse_de(request) -> str | None:
    entete = getattr(settings, "CDOM_ENTETE_PROXY", "")
    brute = ""
    if entete:
        brute = request.META.get(entete, "").split(",")[0].strip()
    brute = brute or request.META.get("REMOTE_ADDR", "")
    try:
        return str(ipaddress.ip_address(brute))
    except ValueError:
        return None


def adresse_client() -> str | None:
    return ADRESSE_CLIENT.get()


class AdresseClientMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        jeton = ADRESSE_CLIENT.set(adresse_de(request))
        try:
            return self.get_response(request)
        finally:
            ADRESSE_CLIENT.reset(jeton)
