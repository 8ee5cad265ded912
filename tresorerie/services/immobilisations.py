"""The fixed-asset register (seed 002 L.II T.I 2.4 a and 2.6): recording an asset with its category's period, and its
disposal (cession or mise au rebut). The plan d'amortissement is read in tresorerie/comptabilite.py."""

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction

from commun.services import enregistrer
from config.perms import exiger

from ..models import CategorieImmobilisation, Cloture, Immobilisation, MotifSortie, StatutCloture
from .caisse import montant_valider


def _exercice_ouvert(date: datetime.date, champ: str) -> None:
    if Cloture.objects.filter(annee=date.year, statut=StatutCloture.APPROUVEE).exists():
        raise ValidationError({champ: [f"L'exercice {date.year} est clos (comptes approuvés) : rien ne s'y ajoute."]})


def immobilisation_enregistrer(
    *,
    designation: str,
    categorie: str,
    valeur_origine: Decimal,
    date_acquisition: datetime.date,
    date_mise_en_service: datetime.date,
    fournisseur: str = "",
    reference_facture: str = "",
    par,
    today: datetime.date,
) -> Immobilisation:
    """Enter an asset in the register; its depreciation period is its category's on that day."""
    exiger(par, "tresorerie.immobilisation_enregistrer", date=today)
    if not (designation or "").strip():
        raise ValidationError({"designation": ["Indiquez ce qu'est le bien (désignation)."]})
    valeur_origine = montant_valider(valeur_origine, "valeur_origine")
    cat = CategorieImmobilisation.objects.filter(code=categorie).first()
    if cat is None:
        codes = ", ".join(CategorieImmobilisation.objects.order_by("code").values_list("code", flat=True))
        raise ValidationError({"categorie": [f"Catégorie inconnue : choisissez parmi {codes}."]})
    if date_acquisition > today:
        raise ValidationError({"date_acquisition": ["La date d'acquisition ne peut être dans le futur."]})
    if date_mise_en_service < date_acquisition:
        raise ValidationError({"date_mise_en_service": ["La mise en service ne peut précéder l'acquisition du bien."]})
    _exercice_ouvert(date_acquisition, "date_acquisition")
    with transaction.atomic():
        immo = Immobilisation(
            designation=designation.strip(),
            categorie=cat,
            duree_annees=cat.duree_annees,
            valeur_origine=valeur_origine,
            date_acquisition=date_acquisition,
            date_mise_en_service=date_mise_en_service,
            fournisseur=(fournisseur or "").strip(),
            reference_facture=(reference_facture or "").strip(),
            enregistree_par=par,
        )
        enregistrer(immo, par=par)
        immo.numero = f"I{date_acquisition.year}-{immo.pk:04d}"
        enregistrer(immo, par=par, update_fields=["numero"])
    return immo


def immobilisation_sortir(
    *,
    immobilisation_id: int,
    date: datetime.date,
    motif: str,
    prix_cession: Decimal | None = None,
    par,
    today: datetime.date,
) -> Immobilisation:
    """Record the disposal of an asset: a sale (cession, with its price, zero for a free transfer) or a scrapping
    (rebut: destroyed, stolen, lost; no price). Its depreciation stops on that date; it stays in the register."""
    exiger(par, "tresorerie.immobilisation_sortir", date=today)
    if motif not in MotifSortie.values:
        raise ValidationError({"motif": ["Le motif de sortie est « cession » ou « rebut »."]})
    if motif == MotifSortie.CESSION:
        if prix_cession is None:
            raise ValidationError({"prix_cession": ["Indiquez le prix de cession (0 pour une cession gratuite)."]})
        if prix_cession != 0:
            prix_cession = montant_valider(prix_cession, "prix_cession")
    elif prix_cession:
        raise ValidationError({"prix_cession": ["Un bien mis au rebut n'a pas de prix de cession."]})
    else:
        prix_cession = None
    if date > today:
        raise ValidationError({"date": ["La sortie ne peut être datée dans le futur."]})
    with transaction.atomic():
        try:
            immo = Immobilisation.objects.select_for_update().get(pk=immobilisation_id)
        except Immobilisation.DoesNotExist:
            raise ValidationError("Cette immobilisation n'existe pas.") from None
        if immo.date_sortie is not None:
            raise ValidationError(f"Le bien {immo.numero} est déjà sorti du patrimoine le {immo.date_sortie:%d/%m/%Y}.")
        if date < immo.date_mise_en_service:
            raise ValidationError({"date": ["La sortie ne peut précéder la mise en service du bien."]})
        _exercice_ouvert(date, "date")
        immo.date_sortie, immo.motif_sortie, immo.prix_cession, immo.sortie_par = date, motif, prix_cession, par
        enregistrer(immo, par=par, update_fields=["date_sortie", "motif_sortie", "prix_cession", "sortie_par"])
    return immo
