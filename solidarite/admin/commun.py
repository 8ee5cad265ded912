"""What the solidarite admin modules share: read-only inlines, the form of an act that takes a reason."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse

from commun.formulaires import erreurs_du_service


class EnLigneEnLecture(admin.TabularInline):
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class MotifForm(forms.Form):
    motif = forms.CharField(label="Motif", widget=forms.Textarea(attrs={"rows": 4}), required=True)


def acte_avec_motif(model_admin, request, pk, *, titre: str, explication: str, service, succes: str):
    """The page of an act that takes a reason (`service(objet, motif, request)`), its refusal shown on the form."""
    if not model_admin.has_change_permission(request):
        raise PermissionDenied
    objet = get_object_or_404(model_admin.get_queryset(request), pk=pk)
    form = MotifForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            service(objet, form.cleaned_data["motif"], request)
        except ValidationError as err:
            erreurs_du_service(form, err)
        except PermissionDenied as err:
            form.add_error(None, str(err))
        else:
            messages.success(request, succes)
            opts = model_admin.model._meta
            return redirect(reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[objet.pk]))
    contexte = {
        **model_admin.admin_site.each_context(request),
        "opts": model_admin.model._meta,
        "title": f"{titre} : {objet}",
        "explication": explication,
        "form": form,
        "media": model_admin.media + form.media,
    }
    return TemplateResponse(request, "admin/formulaire_acte.html", contexte)


def lancer(model_admin, request, queryset, service, succes: str) -> None:
    """A changelist action: the service on each selected row; each refusal said, the others done."""
    faits = 0
    for objet in queryset:
        try:
            service(objet)
            faits += 1
        except (ValidationError, PermissionDenied) as err:
            texte = " ".join(err.messages) if isinstance(err, ValidationError) else str(err)
            model_admin.message_user(request, f"{objet} : {texte}", messages.ERROR)
    if faits:
        model_admin.message_user(request, succes.format(n=faits), messages.SUCCESS)
