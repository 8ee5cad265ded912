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
