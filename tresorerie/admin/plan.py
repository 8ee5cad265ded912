from django.contrib import admin
from django.utils import timezone

from commun.admin import ServiceAdmin

from .. import services
from ..models import CompteComptable


@admin.register(CompteComptable)
class CompteComptableAdmin(ServiceAdmin):
    list_display = ("numero", "libelle", "nature", "budgetaire", "actif")
    list_filter = ("nature", "budgetaire", "actif")
    search_fields = ("numero", "libelle")
    fields = services.parametres.CHAMPS_COMPTE

    def get_readonly_fields(self, request, obj=None):
        return ("numero",) if obj else ()

    def creer(self, request, donnees):
        donnees = dict(donnees)
        return services.compte_enregistrer(
            numero=donnees.pop("numero"), donnees=donnees, par=request.user, today=timezone.localdate()
        )

    def modifier(self, request, obj, donnees, changes):
        return services.compte_enregistrer(
            numero=obj.numero,
            donnees={c: donnees[c] for c in changes if c in services.parametres.CHAMPS_COMPTE},
            par=request.user,
            today=timezone.localdate(),
        )
