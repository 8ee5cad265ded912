"""The allowances' back-office: the yearly scale (through the parameters' service), the plenary's decision on the
responsibility allowances of a year, the vacations (recorded through the service: its caps apply; never changed nor
deleted here, the history keeps who recorded what)."""

from django.contrib import admin
from django.utils import timezone

from commun.admin import ServiceAdmin

from .. import services
from ..models import BaremeIndemnites, IndemniteAutreStructure, RepartitionIndemnites, Vacation
from ..services.indemnites import CHAMPS_BAREME


@admin.register(BaremeIndemnites)
class BaremeIndemnitesAdmin(ServiceAdmin):
    list_display = (
        "annee",
        "socle_president",
        "vacation_heure",
        "vacation_demi_journee",
        "vacation_journee",
        "plafond_annuel_securite_sociale",
        "taux_csg",
        "taux_crds",
    )
    fields = ("annee", *CHAMPS_BAREME)

    def get_readonly_fields(self, request, obj=None):
        return ("annee",) if obj else ()

    def creer(self, request, donnees):
        donnees = dict(donnees)
        annee = donnees.pop("annee")
        return services.bareme_indemnites_enregistrer(
            annee=annee, donnees=donnees, par=request.user, today=timezone.localdate()
        )

    def modifier(self, request, obj, donnees, changes):
        return services.bareme_indemnites_enregistrer(
            annee=obj.annee,
            donnees={c: donnees[c] for c in changes if c in CHAMPS_BAREME},
            par=request.user,
            today=timezone.localdate(),
        )


CHAMPS_REPARTITION = (
    "inscrits",
    "releve_au_plancher",
    "montant_president",
    "montant_secretaire_general",
    "montant_tresorier",
    "deliberation",
)


@admin.register(RepartitionIndemnites)
class RepartitionIndemnitesAdmin(ServiceAdmin):
    list_display = (
        "annee",
        "inscrits",
        "releve_au_plancher",
        "montant_president",
        "montant_secretaire_general",
        "montant_tresorier",
        "deliberation",
    )
    list_select_related = ("deliberation",)
    fields = ("annee", *CHAMPS_REPARTITION, "enregistree_le", "enregistree_par")
    readonly_fields = ("enregistree_le", "enregistree_par")
    raw_id_fields = ("deliberation",)

    def get_readonly_fields(self, request, obj=None):
        return ("annee", *self.readonly_fields) if obj else self.readonly_fields

    def _enregistrer(self, request, annee, donnees):
        deliberation = donnees.get("deliberation")
        return services.repartition_enregistrer(
            annee=annee,
            deliberation_id=deliberation.pk if deliberation else None,
            inscrits=donnees.get("inscrits"),
            releve_au_plancher=bool(donnees.get("releve_au_plancher")),
            montant_president=donnees.get("montant_president"),
            montant_secretaire_general=donnees.get("montant_secretaire_general"),
            montant_tresorier=donnees.get("montant_tresorier"),
            par=request.user,
            today=timezone.localdate(),
        )

    def creer(self, request, donnees):
        return self._enregistrer(request, donnees["annee"], donnees)

    def modifier(self, request, obj, donnees, changes):
        return self._enregistrer(request, obj.annee, donnees)


@admin.register(Vacation)
class VacationAdmin(ServiceAdmin):
    list_display = ("date", "membre", "nature", "duree", "heures", "montant", "saisie_par")
    list_filter = ("nature", "duree")
    search_fields = ("membre__medecin__nom", "membre__medecin__rpps", "objet")
    list_select_related = ("membre__medecin", "saisie_par")
    date_hierarchy = "date"
    fields = ("membre", "date", "nature", "duree", "heures", "seance", "objet", "nombre_vacations", "montant")
    readonly_fields = ("nombre_vacations", "montant")
    raw_id_fields = ("membre", "seance")

    def get_readonly_fields(self, request, obj=None):
        return self.fields if obj else self.readonly_fields

    def has_delete_permission(self, request, obj=None):
        return False

    def creer(self, request, donnees):
        return services.vacation_enregistrer(
            membre_id=donnees["membre"].pk,
            date=donnees["date"],
            duree=donnees["duree"],
            heures=donnees.get("heures"),
            nature=donnees["nature"],
            seance_id=donnees["seance"].pk if donnees.get("seance") else None,
            objet=donnees.get("objet") or "",
            par=request.user,
            today=timezone.localdate(),
        )


@admin.register(IndemniteAutreStructure)
class IndemniteAutreStructureAdmin(ServiceAdmin):
    list_display = ("annee", "membre", "structure", "montant", "declaree_le")
    list_filter = ("annee", "structure")
    search_fields = ("membre__medecin__nom", "membre__medecin__rpps")
    list_select_related = ("membre__medecin",)
    fields = ("membre", "annee", "structure", "montant")
    raw_id_fields = ("membre",)

    def get_readonly_fields(self, request, obj=None):
        return ("membre", "annee", "structure") if obj else ()

    def has_delete_permission(self, request, obj=None):
        return False

    def _declarer(self, request, membre, annee, structure, montant):
        return services.autre_structure_declarer(
            membre_id=membre.pk,
            annee=annee,
            structure=structure,
            montant=montant,
            par=request.user,
            today=timezone.localdate(),
        )

    def creer(self, request, donnees):
        return self._declarer(request, donnees["membre"], donnees["annee"], donnees["structure"], donnees["montant"])

    def modifier(self, request, obj, donnees, changes):
        return self._declarer(request, obj.membre, obj.annee, obj.structure, donnees["montant"])
