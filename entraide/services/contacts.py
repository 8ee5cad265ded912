"""The helplines (issue 12 point 12; seed 003): editable data, loaded by entraide/migrations/0002_contacts.py,
changed from the admin by the entraide secretariat."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction

from commun.services import enregistrer
from config.perms import exiger
from entraide.models import Contact

CHAMPS = ("nom", "telephone", "description", "ordre", "actif")


def _chiffres(telephone: str) -> str:
    return "".join(c for c in telephone if c.isdigit())


def contact_enregistrer(*, donnees: dict, par, today: datetime.date, contact: Contact | None = None) -> Contact:
    """Create or change a helpline: a name, a telephone number a doctor can dial (10 digits, or a short number of
    4 to 6), a description of what the line is for."""
    exiger(par, "entraide.contacts_modifier", objet=contact, date=today)
    erreurs = {}
    nom = (donnees.get("nom") or "").strip()
    telephone = (donnees.get("telephone") or "").strip()
    description = (donnees.get("description") or "").strip()
    if not nom:
        erreurs["nom"] = ["Nommez la ligne d'écoute."]
    chiffres = _chiffres(telephone)
    if not (len(chiffres) == 10 or 4 <= len(chiffres) <= 6) or any(c not in "0123456789 .+-" for c in telephone):
        erreurs["telephone"] = [
            "Indiquez un numéro que le médecin peut composer : dix chiffres (« 0800 288 038 ») ou un numéro court."
        ]
    if not description:
        erreurs["description"] = ["Dites en une phrase à quoi sert cette ligne et qui y répond."]
    if erreurs:
        raise ValidationError(erreurs)
    with transaction.atomic():
        contact = contact or Contact()
        contact.nom, contact.telephone, contact.description = nom, telephone, description
        if donnees.get("ordre") is not None:
            contact.ordre = donnees["ordre"]
        if donnees.get("actif") is not None:
            contact.actif = bool(donnees["actif"])
        return enregistrer(contact, par=par)


def lien_tel(telephone: str) -> str:
    """The tel: URI of a French number (« 0800 288 038 » → « tel:+33800288038 »)."""
    chiffres = _chiffres(telephone)
    if len(chiffres) == 10 and chiffres.startswith("0"):
        return f"tel:+33{chiffres[1:]}"
    return f"tel:{chiffres}"
