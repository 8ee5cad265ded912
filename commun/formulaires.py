"""What every door that parses with a form shares: a service's refusal shown on the form that caused it."""

from django.core.exceptions import ValidationError


def erreurs_du_service(form, err: ValidationError) -> None:
    """Show a service's ValidationError next to the fields it names; the rest (no field, or a field the form does
    not have) above the form. Used by the pages (views) and the admin alike, so a refusal reads the same."""
    if hasattr(err, "error_dict"):
        for champ, erreurs in err.error_dict.items():
            form.add_error(champ if champ in form.fields else None, erreurs)
    else:
        form.add_error(None, err)


# --- uploads of several files (commun.fichiers checks them in the service) ---------------------------------------

from django import forms  # noqa: E402


class PlusieursFichiersInput(forms.FileInput):
    allow_multiple_selected = True


class PlusieursFichiersField(forms.FileField):
    """A file input that takes several files (Django's documented recipe); `cleaned_data` is a list. The content
    and size are judged by the service (commun.fichiers.verifier_fichier), not here: the form only collects."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", PlusieursFichiersInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        un = super().clean
        if isinstance(data, list | tuple):
            return [un(d, initial) for d in data if d] or ([] if not self.required else [un(None, initial)])
        return [un(data, initial)] if data or self.required else []
