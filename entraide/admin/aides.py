"""The back-office of the aids and of the transmissions to the commission nationale d'entraide (entraide-aides).

Aids are decided by the commission (API, rule `entraide.aide_decider`: never staff): here they are read, each
read logged like any read of the file, and those not yet reported are reported to the commission nationale
(action). The commission nationale's answer to a transmission is recorded on its page (decision, amount, date)."""

from django.contrib import admin, messages
from django.utils import timezone

from commun.admin import ListeJournalisee, ServiceAdmin
from config.perms import exiger

from .. import services
from ..models import Aide, TransmissionCnom


def _lire(request, demande) -> None:
    exiger(request.user, "entraide.demande_lire", objet=demande, date=timezone.localdate(), lecture=True)


class LectureJournalisee(ListeJournalisee):
    """Every page of an entraide object is a read of its request, logged (commun.JournalAcces): its change page,
    its history, a past version, and each line of the list."""

    action_lue = "entraide.demande_lire"

    def objets_lus(self, lignes):
        return [ligne.demande for ligne in lignes]

    def _lire_objet(self, request, object_id) -> None:
        obj = self.get_object(request, object_id)
        if obj is not None:
            _lire(request, obj.demande)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        self._lire_objet(request, object_id)
        return super().change_view(request, object_id, form_url, extra_context)

    def history_view(self, request, object_id, extra_context=None):
        self._lire_objet(request, object_id)
        return super().history_view(request, object_id, extra_context)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        self._lire_objet(request, object_id)
        return super().history_form_view(request, object_id, version_id, extra_context)


@admin.register(Aide)
class AideAdmin(LectureJournalisee, ServiceAdmin):
    list_display = ("demande", "type", "montant", "date", "engagement", "signalee_cnom_le")
    list_filter = ("type", "date", "signalee_cnom_le")
    search_fields = ("demande__numero",)
    list_select_related = ("demande", "engagement")
    actions = ["signaler_cnom"]
    fields = (
        "demande",
        "type",
        "montant",
        "date",
        "motivation",
        "organisme",
        "taux",
        "cotisation",
        "exoneration",
        "echeancier",
        "decidee_par",
        "engagement",
        "signalee_cnom_le",
    )
    readonly_fields = fields

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.action(description="Signaler à la commission nationale d'entraide les aides qui ne l'ont pas été")
    def signaler_cnom(self, request, queryset):
        nombre = services.aides_signaler_cnom(par=request.user, today=timezone.localdate(), aides=list(queryset))
        if nombre:
            messages.success(request, f"{nombre} signalement(s) programmé(s) à la commission nationale d'entraide.")
        else:
            messages.info(request, "Chacune de ces aides est déjà signalée ou son signalement est déjà programmé.")


@admin.register(TransmissionCnom)
class TransmissionCnomAdmin(LectureJournalisee, ServiceAdmin):
    list_display = ("demande", "transmise_le", "decision_le", "montant_accorde")
    list_filter = ("transmise_le", "decision_le")
    search_fields = ("demande__numero",)
    list_select_related = ("demande",)
    fields = (
        "demande",
        "transmise_le",
        "transmise_par",
        "avis",
        "aide_proposee",
        "decision",
        "montant_accorde",
        "decision_le",
    )

    def get_readonly_fields(self, request, obj=None):
        fixes = ("demande", "transmise_le", "transmise_par", "avis", "aide_proposee")
        if obj is not None and obj.decision_le is not None:
            return self.fields
        return fixes

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def modifier(self, request, obj, donnees, changes):
        return services.cnom_decision_enregistrer(
            transmission=obj,
            decision=donnees.get("decision", ""),
            montant_accorde=donnees.get("montant_accorde"),
            decision_le=donnees.get("decision_le") or timezone.localdate(),
            par=request.user,
            today=timezone.localdate(),
        )
