"""The référent entraide, designated by the council while it has no entraide commission (never the trésorier on
the date: `referent_designer` refuses him)."""

from django.contrib import admin
from django.utils import timezone

from commun.admin import ServiceAdmin

from .. import services
from ..models import ReferentEntraide


@admin.register(ReferentEntraide)
class ReferentEntraideAdmin(ServiceAdmin):
    list_display = ("membre", "date_debut", "date_fin", "deliberation")
    list_select_related = ("membre__medecin", "deliberation")
    fields = ("membre", "date_debut", "date_fin", "deliberation")
    raw_id_fields = ("deliberation",)

    def get_readonly_fields(self, request, obj=None):
        return ("membre", "date_debut", "deliberation") if obj is not None else ()

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "membre":
            from gouvernance.models import Membre

            kwargs["queryset"] = Membre.objects.select_related("medecin")
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def creer(self, request, donnees):
        return services.referent_designer(
            membre=donnees["membre"],
            date_debut=donnees["date_debut"],
            date_fin=donnees.get("date_fin"),
            deliberation=donnees.get("deliberation"),
            par=request.user,
            today=timezone.localdate(),
        )

    def modifier(self, request, obj, donnees, changes):
        return services.referent_clore(
            referent=obj, date_fin=donnees.get("date_fin"), par=request.user, today=timezone.localdate()
        )

    def has_delete_permission(self, request, obj=None):
        return False
