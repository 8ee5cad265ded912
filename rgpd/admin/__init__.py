"""Data protection in the back-office: the announcements and the purges (read only: the nightly task writes them),
and the register of processing for the secrétaire général's yearly report, as a page and as a PDF."""

from django.contrib import admin
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html

from commun.admin import ServiceAdmin
from config.pdf import reponse_pdf
from config.perms import exiger

from .. import documents
from ..models import AnnoncePurge, Purge
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
