"""The helplines block (issue 12 point 12), for the espace médecin's home and the public page:
`{% load entraide_contacts %}{% lignes_ecoute %}` (one query)."""

from django import template

from entraide.selectors import contacts_affiches
from entraide.services.contacts import lien_tel

register = template.Library()


@register.inclusion_tag("entraide/_lignes_ecoute.html")
def lignes_ecoute(titre_niveau: int = 2):
    contacts = [(c, lien_tel(c.telephone)) for c in contacts_affiches()]
    return {"contacts": contacts, "titre_niveau": titre_niveau}
