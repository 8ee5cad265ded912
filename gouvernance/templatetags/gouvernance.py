"""Template tags of the council, for pages owned by other apps (the espace médecin's home links to the elected
member's declaration of interests)."""

from django import template
from django.utils import timezone

from gouvernance import selectors

register = template.Library()


@register.simple_tag
def est_elu(user) -> bool:
    """Is this user's doctor a member of the council today (one query)?"""
    if user is None or not user.is_authenticated:
        return False
    return selectors.membre_de(date=timezone.localdate(), user=user) is not None


def _libelles() -> dict[str, str]:
    from gouvernance.forms import ActiviteRemunereeForm, FonctionAssesseurForm, MandatOrdinalForm

    libelles = {}
    for form, champ in (
        (MandatOrdinalForm, "conseil"),
        (FonctionAssesseurForm, "instance"),
        (ActiviteRemunereeForm, "remuneration"),
    ):
        libelles.update({code: libelle for code, libelle in form.base_fields[champ].choices if code})
    return libelles


@register.filter
def libelle(code):
    """The French label of a code stored in a declaration's JSON lists ("regional" → "Conseil régional")."""
    return _libelles().get(code, code) if code else ""
