"""The conciliators of a file, designated by the président among the members seated on the conciliation
commission on the date of the designation (he may be one, L4123-2 CSP); and the links a member declares with a
party, after which he steps aside (DOMAIN.md 5)."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction

from commun.services import enregistrer
from conciliation import selectors
from conciliation.models import Conciliateur, LienDeclare, NaturePlainte, Plainte, QualitePlaignant
from config.perms import exiger

from .plaintes import _verrouiller


def sans_conciliation_refus(plainte: Plainte, quoi: str) -> str | None:
    """Why no conciliation is due on this file ("" when one is)."""
    if plainte.nature != NaturePlainte.PLAINTE:
        return (
            f"Le dossier {plainte.numero} est une {plainte.get_nature_display().lower()} : seule une plainte est "
            f"soumise à la conciliation ({quoi} impossible). Requalifiez-la en plainte d'abord."
        )
    if plainte.sans_conciliation:
        return (
            f"Une plainte déposée par « {QualitePlaignant(plainte.plaignant_qualite).label} » n'est pas soumise à "
            f"la conciliation ({quoi} sans objet) : le conseil la transmet directement à la chambre disciplinaire "
            "avec son avis motivé (article L4123-2 du code de la santé publique)."
        )
    return None


def conciliateurs_designer(*, plainte_id: int, membres: list[int], par, today: datetime.date) -> list[Conciliateur]:
    """Designate the conciliators. Each must sit on the conciliation commission on that date, and be no party to
    the file: not the doctor concerned, not the complainant, not a member who declared a link with a party.
    Refused as a whole (400 on `membres`, naming each member refused and why)."""
    from gouvernance import selectors as gouvernance
    from gouvernance.models import Membre, NatureCommission

    with transaction.atomic():
        plainte = _verrouiller(plainte_id)
        exiger(par, "conciliation.conciliateurs_designer", objet=plainte, date=today)
        motif = sans_conciliation_refus(plainte, "désignation de conciliateurs")
        if motif:
            raise ValidationError({"membres": [motif]})
        ids = list(dict.fromkeys(membres or []))
        if not ids:
            raise ValidationError(
                {"membres": ["Désignez au moins un conciliateur parmi les membres de la commission."]}
            )
        trouves = {m.pk: m for m in Membre.objects.filter(pk__in=ids).select_related("medecin")}
        lies = selectors.membres_lies(plainte)
        deja = set(plainte.conciliateurs.filter(retire_le__isnull=True).values_list("membre_id", flat=True))
        erreurs = []
        for pk in ids:
            membre = trouves.get(pk)
            if membre is None:
                erreurs.append(f"Le membre n° {pk} n'existe pas.")
                continue
            nom = f"Dr {membre.medecin.nom_complet}"
            if membre.medecin_id == plainte.medecin_id:
                erreurs.append(f"{nom} est le médecin mis en cause : il ne peut pas concilier sa propre affaire.")
            elif pk in lies:
                erreurs.append(f"{nom} doit se déporter ({lies[pk]}) : il ne peut pas être conciliateur.")
            elif not gouvernance.siege_en_commission(
                medecin=membre.medecin, nature=NatureCommission.CONCILIATION, date=today
            ):
                erreurs.append(
                    f"{nom} ne siège pas à la commission de conciliation le {today:%d/%m/%Y} : les conciliateurs sont "
                    "choisis parmi ses membres à la date de la désignation."
                )
            elif pk in deja:
                erreurs.append(f"{nom} est déjà conciliateur de ce dossier.")
        if erreurs:
            raise ValidationError({"membres": erreurs})
        crees = []
        for pk in ids:
            conciliateur = Conciliateur(plainte=plainte, membre=trouves[pk], designe_le=today, designe_par=par)
            enregistrer(conciliateur, par=par)
            crees.append(conciliateur)
    return crees


def lien_declarer(*, plainte_id: int, membre_id: int, description: str, par, today: datetime.date) -> LienDeclare:
    """Record a member's link with a party (family, care, professional, conflict). He steps aside at once: a
    conciliator of the file is withdrawn (déport), he may not be designated, nor vote on the transmission."""
    from gouvernance.models import Membre

    with transaction.atomic():
        plainte = _verrouiller(plainte_id)
        exiger(par, "conciliation.lien_declarer", objet=plainte, date=today)
        membre = Membre.objects.select_related("medecin").filter(pk=membre_id).first()
        if membre is None:
            raise ValidationError({"membre": ["Ce membre du conseil n'existe pas."]})
        description = (description or "").strip()
        if not description:
            raise ValidationError({"description": ["Décrivez le lien avec la partie (familial, soins, associé…)."]})
        if plainte.liens.filter(membre=membre).exists():
            raise ValidationError({"membre": [f"Le Dr {membre.medecin.nom_complet} a déjà déclaré un lien."]})
        lien = LienDeclare(plainte=plainte, membre=membre, description=description, declare_le=today, declare_par=par)
        enregistrer(lien, par=par)
        for conciliateur in plainte.conciliateurs.filter(membre=membre, retire_le__isnull=True):
            conciliateur.retire_le = today
            conciliateur.motif_retrait = f"Lien déclaré avec une partie : {description}"
            enregistrer(conciliateur, par=par, update_fields=["retire_le", "motif_retrait"])
    return lien
