"""Template tags of the council, for pages owned by other apps (the espace médecin's home links to the elected
member's declaration of interests)."""

from django import template
from django.utils import timezone

from config.perms import peut
from gouvernance import selectors

register = template.Library()


@register.simple_tag
def est_elu(user) -> bool:
    """Is this user's doctor a member of the council today? One query per request: the espace's navigation and its
    home page both ask, so the answer is kept on the request's user."""
    if user is None or not user.is_authenticated:
        return False
    if not hasattr(user, "_gouvernance_elu"):
        user._gouvernance_elu = selectors.membre_de(date=timezone.localdate(), user=user) is not None
    return user._gouvernance_elu


@register.simple_tag
def peut_conduire_les_seances(user) -> bool:
    """May this elected member open the list of the council's sessions today (the président, the secrétaire
    général…)? The list's own rule (config.perms), so that the espace links to it exactly when it opens."""
    if not est_elu(user):
        return False
    if not hasattr(user, "_gouvernance_conduite"):
        user._gouvernance_conduite = peut(user, "gouvernance.seances_lister", date=timezone.localdate())
    return user._gouvernance_conduite


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
