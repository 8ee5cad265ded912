"""The days: planned for a validated volunteer (the cap and the overlap apply), moved, cancelled with a reason,
declared worked, paid (an action: one payment per doctor and month, through the service); a paid day is locked
(the service refuses)."""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html

from commun.admin import ServiceAdmin
from commun.formats import euros

from .. import services
from ..models import Journee
from .commun import acte_avec_motif, lancer


@admin.register(Journee)
class JourneeAdmin(ServiceAdmin):
    list_display = ("date", "debut", "fin", "lieu", "medecin", "statut", "sequence", "payee")
    list_filter = ("statut", "lieu__departement")
    list_select_related = ("lieu", "medecin")
    search_fields = ("medecin__nom", "medecin__rpps", "lieu__nom")
    date_hierarchy = "date"
    raw_id_fields = ("volontaire",)
    fields = ("volontaire", "lieu", "date", "debut", "fin", "statut", "sequence", "motif_annulation", "annuler")
    actions = ["effectuer", "payer"]

    def get_readonly_fields(self, request, obj=None):
        fixes = ("statut", "sequence", "motif_annulation", "annuler")
        return ("volontaire", *fixes) if obj else fixes

    @admin.display(description="payée", boolean=True)
    def payee(self, obj):
        return obj.paiement_id is not None

    @admin.display(description="annulation")
    def annuler(self, obj):
        if obj is None or obj.pk is None or obj.statut == "annulee" or obj.paiement_id:
            return "—"
        return format_html(
            '<a href="{}">Annuler cette journée</a>', reverse("admin:solidarite_journee_annuler", args=[obj.pk])
        )

    def creer(self, request, donnees):
        return services.journee_planifier(
            volontaire=donnees["volontaire"],
            lieu=donnees["lieu"],
            date=donnees["date"],
            debut=donnees["debut"],
            fin=donnees["fin"],
            par=request.user,
            today=timezone.localdate(),
        )

    def modifier(self, request, obj, donnees, changes):
        champs = {c: donnees[c] for c in changes if c in ("lieu", "date", "debut", "fin")}
        return services.journee_modifier(journee=obj, par=request.user, today=timezone.localdate(), **champs)

    @admin.action(description="Déclarer effectuées les journées sélectionnées", permissions=["change"])
    def effectuer(self, request, queryset):
        today = timezone.localdate()
        lancer(
            self,
            request,
            queryset,
            lambda j: services.journee_effectuer(journee=j, par=request.user, today=today),
            "{n} journée(s) déclarée(s) effectuée(s).",
        )

    @admin.action(
        description="Enregistrer le paiement, ce jour, des journées effectuées des médecins et mois sélectionnés",
        permissions=["payer"],
    )
    def payer(self, request, queryset):
        """One payment per doctor and month among the selected days (the service pays every day worked and not yet
        paid of that doctor's month, and locks them), each refusal said."""
        today = timezone.localdate()
        groupes = sorted({(j.medecin, j.date.replace(day=1)) for j in queryset.select_related("medecin")}, key=str)
        faits = 0
        for medecin, mois in groupes:
            try:
                paiement = services.indemnites_payer(
                    medecin=medecin, mois=mois, date_paiement=today, par=request.user, today=today
                )
                faits += 1
                self.message_user(
                    request,
                    f"Dr {medecin.nom_complet}, {mois:%m/%Y} : {paiement.jours} journée(s), {euros(paiement.montant)} "
                    "enregistrés ; ces journées ne se modifient plus.",
                    messages.SUCCESS,
                )
            except (ValidationError, PermissionDenied) as err:
                texte = " ".join(err.messages) if isinstance(err, ValidationError) else str(err)
                self.message_user(request, texte, messages.ERROR)
        if not faits and not groupes:
            self.message_user(request, "Aucune journée sélectionnée.", messages.WARNING)

    def has_payer_permission(self, request):
        return request.user.has_perm("solidarite.add_paiementindemnite")

    def get_urls(self):
        return [
            path("<int:pk>/annuler/", self.admin_site.admin_view(self.annuler_view), name="solidarite_journee_annuler"),
            *super().get_urls(),
        ]

    def annuler_view(self, request, pk):
        return acte_avec_motif(
            self,
            request,
            pk,
            titre="Annuler la journée",
            explication="La journée reste dans les agendas, marquée annulée ; elle ne compte plus dans les deux par mois.",
            service=lambda j, motif, r: services.journee_annuler(
                journee=j, motif=motif, par=r.user, today=timezone.localdate()
            ),
            succes="La journée est annulée.",
        )
