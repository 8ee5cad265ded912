"""Template tags of the shared admin templates (templates/admin/)."""

from django import template
from django.utils.text import capfirst

register = template.Library()


@register.simple_tag
def champ_en_ligne(champ, inline_admin_form, libelle=None):
    """A tabular inline's input with an accessible name: its column's label and the row it belongs to ("Intitulé
    – Pédiatrie (01/10/2010)"), since the column header is not a <label> (axe-core: critical, RGAA 11.1)."""
    libelle = capfirst(libelle or champ.label)
    original = inline_admin_form.original
    ligne = (
        str(original)
        if original is not None
        else f"nouvelle ligne ({inline_admin_form.form._meta.model._meta.verbose_name})"
    )
    html = champ.as_widget(attrs={"aria-label": f"{libelle} – {ligne}"})
    if champ.field.show_hidden_initial:
        html += champ.as_hidden(only_initial=True)
    return html
