"""The priority places and the other councils' addresses."""

from django.contrib import admin
from django.utils import timezone

from commun.admin import ServiceAdmin

from .. import services
from ..models import ConseilDepartemental, Lieu
from ..services.lieux import CHAMPS_LIEU


@admin.register(Lieu)
class LieuAdmin(ServiceAdmin):
    list_display = ("nom", "commune", "code_postal", "departement", "fuseau_horaire", "actif")
    list_filter = ("actif", "departement")
    search_fields = ("nom", "commune")
    fields = CHAMPS_LIEU

    def creer(self, request, donnees):
        return services.lieu_enregistrer(
            donnees={c: donnees[c] for c in CHAMPS_LIEU if c in donnees}, par=request.user, today=timezone.localdate()
        )

    def modifier(self, request, obj, donnees, changes):
        return services.lieu_enregistrer(
            lieu=obj,
            donnees={c: donnees[c] for c in changes if c in CHAMPS_LIEU},
            par=request.user,
            today=timezone.localdate(),
        )


@admin.register(ConseilDepartemental)
class ConseilDepartementalAdmin(ServiceAdmin):
    list_display = ("departement", "nom", "email")
    search_fields = ("departement", "nom")
    fields = ("departement", "nom", "email")

    def get_readonly_fields(self, request, obj=None):
        return ("departement",) if obj else ()

    def creer(self, request, donnees):
        return services.conseil_enregistrer(
            departement=donnees["departement"],
            nom=donnees["nom"],
            email=donnees["email"],
            par=request.user,
            today=timezone.localdate(),
        )

    def modifier(self, request, obj, donnees, changes):
        return services.conseil_enregistrer(
            departement=obj.departement,
            nom=donnees["nom"],
            email=donnees["email"],
            par=request.user,
            today=timezone.localdate(),
        )
