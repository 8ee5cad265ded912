"""Every route of the project, read from the URL resolver, for the tests that walk them all (the authorization
walk, the completeness of the query budgets): a new app's pages, API and admin are covered without a line here."""

import re
from dataclasses import dataclass
from functools import cache, cached_property

from django.apps import apps
from django.conf import settings
from django.contrib import admin
from django.urls import URLPattern, URLResolver, get_resolver

from tests.requetes import app_de_la_vue


@dataclass(frozen=True, eq=False)
class Route:
    nom: str  # "namespace:name" as reverse() takes it, "" for an unnamed route
    chemin: str  # the patterns of the route and its includes, joined (route syntax or regex)
    motif: URLPattern

    @property
    def vue(self):
        return self.motif.callback

    @property
    def viewset(self):
        """The DRF viewset or APIView class, None for any other view."""
        return getattr(self.vue, "cls", None)

    @property
    def actions(self) -> dict:
        """DRF: HTTP method -> viewset action ({"get": "list", "post": "create"})."""
        return getattr(self.vue, "actions", None) or {}

    @property
    def suffixe_format(self) -> bool:
        """DRF's `.json` duplicates of every route (format_suffix_patterns): walked through the originals."""
        return "format" in self.motif.pattern.regex.groupindex or "<format>" in self.chemin

    @cached_property
    def model_admin(self):
        """The ModelAdmin of an admin route: Django marks its own views, the rest is found by the URL name
        (`admin:<app>_<model>_<view>`, also for custom views and django-simple-history's)."""
        model_admin = getattr(self.vue, "model_admin", None)
        if model_admin is not None or not self.nom.startswith("admin:"):
            return model_admin
        nom = self.nom.removeprefix("admin:")
        candidats = [
            ma
            for model, ma in admin.site._registry.items()
            if nom.startswith(f"{model._meta.app_label}_{model._meta.model_name}_")
        ]
        return max(candidats, key=lambda ma: len(ma.model._meta.model_name), default=None)

    @property
    def app(self) -> str:
        """The app that owns the route: the admin's model's app, or the view's module."""
        if self.model_admin is not None:
            return self.model_admin.model._meta.app_label
        return app_de_la_vue(self.vue)

    @property
    def parametres(self) -> list[str]:
        """The route's parameters by name; a regex's unnamed groups take the view's argument names."""
        regex = self.motif.pattern.regex
        noms = list(regex.groupindex)
        anonymes = regex.groups - len(noms)
        if anonymes:
            import inspect

            arguments = [p for p in inspect.signature(self.vue).parameters if p not in ("self", "request")]
            noms += arguments[:anonymes]
        return noms


def _parcourir(resolver, prefixe="", ns=""):
    for motif in resolver.url_patterns:
        if isinstance(motif, URLResolver):
            sous_ns = f"{ns}:{motif.namespace}".strip(":") if motif.namespace else ns
            yield from _parcourir(motif, prefixe + str(motif.pattern), sous_ns)
        elif isinstance(motif, URLPattern):
            nom = f"{ns}:{motif.name}".strip(":") if motif.name else ""
            yield Route(nom, prefixe + str(motif.pattern), motif)


@cache
def routes() -> tuple[Route, ...]:
    return tuple(_parcourir(get_resolver()))


def noms_des_routes() -> set[str]:
    return {r.nom for r in routes() if r.nom}


def apps_du_projet() -> set[str]:
    """The project's own apps (those in its checkout), without `config`, whose pages are the site's frame."""
    racine = str(settings.BASE_DIR)
    # The virtualenv may live inside the checkout (make install creates .venv there): its apps are not ours.
    return {
        a.label
        for a in apps.get_app_configs()
        if str(a.path).startswith(racine) and "site-packages" not in str(a.path) and a.label != "config"
    }


def remplir(route: Route, valeurs: dict) -> str:
    """The concrete path of a route, its parameters taken from `valeurs` (a KeyError names a missing one)."""
    chemin = route.chemin
    for nom in route.parametres:
        valeurs[nom]  # noqa: B018 (fail on a parameter without value, before any substitution)
    # Regex groups first, named then unnamed (in order); then <converter:name> of route syntax.
    chemin = re.sub(r"\(\?P<(\w+)>[^)]*\)", lambda m: str(valeurs[m.group(1)]), chemin)
    anonymes = iter(route.parametres[len(route.motif.pattern.regex.groupindex) :])
    chemin = re.sub(r"\((?!\?)[^)]*\)", lambda m: str(valeurs[next(anonymes)]), chemin)
    chemin = re.sub(r"<(?:\w+:)?(\w+)>", lambda m: str(valeurs[m.group(1)]), chemin)
    chemin = chemin.replace("^", "").replace("$", "").replace("\\Z", "").replace("\\.", ".")
    return "/" + chemin
