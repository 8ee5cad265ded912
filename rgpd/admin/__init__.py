"""Data protection in the back-office: the announcements and the purges (read only: the nightly task writes them),
the register of processing for the secrétaire général's yearly report, as a page and as a PDF, and the access
requests received outside the espace, answered with the doctor's export."""

from django.contrib import admin
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html

from commun.admin import ServiceAdmin
from config.pdf import reponse_pdf
from config.perms import exiger

from .. import documents, selectors, services
from ..models import AnnoncePurge, DemandeAcces, Purge
from ..purges import GENRES
from ..registre import registre


class LectureSeule(ServiceAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(AnnoncePurge)
class AnnoncePurgeAdmin(LectureSeule):
    list_display = ("nature", "nombre", "annoncee_le", "prevue_le", "conservation", "etat")
    list_filter = ("nature",)
    date_hierarchy = "prevue_le"
    list_select_related = ("executee_par",)
    fields = ("nature", "nombre", "conservation", "depart", "annoncee_le", "prevue_le", "etat", "identifiants")
    readonly_fields = fields

    @admin.display(description="point de départ de la conservation")
    def depart(self, obj):
        return GENRES[obj.nature].depart

    @admin.display(description="état")
    def etat(self, obj):
        if obj.executee_par_id is None:
            return "à effectuer"
        return f"effectuée le {obj.executee_par.date:%d/%m/%Y}"


@admin.register(Purge)
class PurgeAdmin(LectureSeule):
    list_display = ("nature", "date", "dossiers", "lignes", "historique", "envois", "fichiers")
    list_filter = ("nature",)
    date_hierarchy = "date"
    fields = ("nature", "date", "dossiers", "lignes", "historique", "envois", "fichiers", "registre")
    readonly_fields = fields

    @admin.display(description="registre des traitements")
    def registre(self, obj):
        return format_html('<a href="{}">Voir le registre des traitements</a>', reverse("admin:rgpd_purge_registre"))

    def changelist_view(self, request, extra_context=None):
        extra_context = {**(extra_context or {}), "lien_registre": reverse("admin:rgpd_purge_registre")}
        return super().changelist_view(request, extra_context)

    def get_urls(self):
        return [
            path("registre/", self.admin_site.admin_view(self.registre_view), name="rgpd_purge_registre"),
            path("registre.pdf", self.admin_site.admin_view(self.registre_pdf_view), name="rgpd_purge_registre_pdf"),
            *super().get_urls(),
        ]

    def registre_view(self, request):
        exiger(request.user, "rgpd.registre_consulter", date=timezone.localdate())
        contexte = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": "Registre des traitements (article 30 du RGPD)",
            "traitements": registre(),
            "purges": Purge.objects.order_by("-date", "nature")[:20],
        }
        return TemplateResponse(request, "admin/rgpd/registre.html", contexte)

    def registre_pdf_view(self, request):
        jour = timezone.localdate()
        exiger(request.user, "rgpd.registre_consulter", date=jour)
        contenu = documents.registre_pdf(traitements=registre(), today=jour)
        return reponse_pdf(contenu, f"registre-des-traitements-{jour:%Y%m%d}.pdf", telechargement=True)


@admin.register(DemandeAcces)
class DemandeAccesAdmin(ServiceAdmin):
    """A request received outside the espace: recorded here, answered within a month with the doctor's export
    (downloaded from its page, each download a logged read), then marked answered."""

    list_display = ("medecin", "recue_le", "canal", "echeance", "etat")
    list_filter = ("canal", ("repondue_le", admin.EmptyFieldListFilter))
    search_fields = ("medecin__nom", "medecin__rpps")
    search_help_text = "Nom ou numéro RPPS du médecin."
    list_select_related = ("medecin",)
    autocomplete_fields = ("medecin",)
    date_hierarchy = "recue_le"

    def get_fields(self, request, obj=None):
        if obj is None:
            return ("medecin", "recue_le", "canal", "precisions")
        return (
            "medecin",
            "recue_le",
            "canal",
            "precisions",
            "echeance",
            "telechargements",
            "repondue_le",
            "reponse_canal",
            "enregistree_par",
        )

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return ()
        fixes = ["medecin", "recue_le", "canal", "precisions", "echeance", "telechargements", "enregistree_par"]
        if obj.repondue_le is not None:
            fixes += ["repondue_le", "reponse_canal"]
        return fixes

    @admin.display(description="à répondre avant le")
    def echeance(self, obj):
        return obj.echeance

    @admin.display(description="état")
    def etat(self, obj):
        if obj.repondue_le is not None:
            return f"répondue le {obj.repondue_le:%d/%m/%Y}"
        if obj.echeance < timezone.localdate():
            return f"en retard (échéance du {obj.echeance:%d/%m/%Y})"
        return "à répondre"

    @admin.display(description="données du médecin")
    def telechargements(self, obj):
        return format_html(
            '<a href="{}">Télécharger ses données (PDF)</a> · <a href="{}">Télécharger ses données (JSON)</a> — '
            "chaque téléchargement est inscrit au journal des consultations.",
            reverse("admin:rgpd_demandeacces_pdf", args=[obj.pk]),
            reverse("admin:rgpd_demandeacces_json", args=[obj.pk]),
        )

    def creer(self, request, donnees):
        return services.demande_acces_enregistrer(
            medecin=donnees["medecin"],
            recue_le=donnees["recue_le"],
            canal=donnees["canal"],
            precisions=donnees.get("precisions", ""),
            par=request.user,
            today=timezone.localdate(),
        )

    def modifier(self, request, obj, donnees, changes):
        if not {"repondue_le", "reponse_canal"} & set(changes):
            return obj
        return services.demande_acces_repondre(
            demande=obj,
            repondue_le=donnees.get("repondue_le"),
            canal=donnees.get("reponse_canal", ""),
            par=request.user,
            today=timezone.localdate(),
        )

    def has_delete_permission(self, request, obj=None):
        return False

    def get_urls(self):
        return [
            path("<int:pk>/donnees.pdf", self.admin_site.admin_view(self.pdf_view), name="rgpd_demandeacces_pdf"),
            path("<int:pk>/donnees.json", self.admin_site.admin_view(self.json_view), name="rgpd_demandeacces_json"),
            *super().get_urls(),
        ]

    def _donnees(self, request, pk):
        from django.shortcuts import get_object_or_404

        demande = get_object_or_404(DemandeAcces.objects.select_related("medecin"), pk=pk)
        jour = timezone.localdate()
        return demande, selectors.donnees_pour_une_demande(demande=demande, par=request.user, today=jour), jour

    def pdf_view(self, request, pk):
        demande, donnees, jour = self._donnees(request, pk)
        return reponse_pdf(
            documents.donnees_pdf(donnees),
            f"donnees-{demande.medecin.rpps}-{jour:%Y%m%d}.pdf",
            telechargement=True,
        )

    def json_view(self, request, pk):
        from ..views import reponse_json

        demande, donnees, jour = self._donnees(request, pk)
        return reponse_json(donnees, f"donnees-{demande.medecin.rpps}-{jour:%Y%m%d}.json")
