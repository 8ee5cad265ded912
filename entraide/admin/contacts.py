"""The helplines' back-office (entraide-aides): editable data, written through entraide.services.contacts."""

from django.contrib import admin
from django.utils import timezone

from commun.admin import ServiceAdmin

from .. import services
from ..models import Contact
from ..services.contacts import CHAMPS


@admin.register(Contact)
class ContactAdmin(ServiceAdmin):
    list_display = ("nom", "telephone", "ordre", "actif")
    list_filter = ("actif",)
    list_editable = ()
    search_fields = ("nom", "telephone")
    fields = CHAMPS

    def has_delete_permission(self, request, obj=None):
        return False  # a line no longer shown is unticked (« affiché »), its history kept

    def creer(self, request, donnees):
        return services.contact_enregistrer(donnees=donnees, par=request.user, today=timezone.localdate())

    def modifier(self, request, obj, donnees, changes):
        return services.contact_enregistrer(contact=obj, donnees=donnees, par=request.user, today=timezone.localdate())
