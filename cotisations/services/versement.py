"""The monthly transfer to the CNOM (issue 10 point 6; DOMAIN.md 2: « money collected by the council goes to a transit
account and is transferred to the CNOM monthly»): the accounts' parameters, the SEPA credit transfer file
(pain.001.001.03, built and validated against its schema by sepaxml) and the row that records it.

What is transferred: the dues collected in the month (payments dated in the month, less the counter-entries dated
in it), by category. The postage collected with them (the registered letters' costs the council spent and claims
back) is shown apart and stays with the council: it is not the CNOM's money. A month is transferred once
(`versement_cnom_un_par_mois`, a partial unique constraint): to do it again, cancel the first with a reason."""

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from stdnum import bic as stdnum_bic
from stdnum import iban as stdnum_iban
from stdnum.exceptions import ValidationError as ErreurStdnum

from commun.services import enregistrer, verrouiller
from config.perms import exiger

from ..models import CompteBancaire, RoleCompte, VersementCNOM
from ..selectors import etat_mensuel

CHAMPS_COMPTE = ("titulaire", "iban", "bic", "a_completer")


def iban_valider(valeur: str) -> str:
    try:
        return stdnum_iban.validate(valeur or "")
    except ErreurStdnum:
        raise ValidationError({"iban": ["IBAN invalide : vérifiez sa longueur et sa clé de contrôle."]}) from None


def bic_valider(valeur: str) -> str:
    try:
        return stdnum_bic.validate(valeur or "")
    except ErreurStdnum:
        raise ValidationError({"bic": ["BIC invalide : 8 ou 11 caractères (banque, pays, lieu, agence)."]}) from None


def compte_enregistrer(*, role: str, donnees: dict, par, today: datetime.date) -> CompteBancaire:
    """Create or correct one of the two accounts; IBAN and BIC checked (ISO 13616, ISO 9362)."""
    exiger(par, "cotisations.compte_modifier", date=today)
    if role not in RoleCompte.values:
        raise ValidationError({"role": ["Compte inconnu : conseil ou cnom."]})
    donnees = {c: v for c, v in donnees.items() if c in CHAMPS_COMPTE}
    if "iban" in donnees:
        donnees["iban"] = iban_valider(donnees["iban"])
    if "bic" in donnees:
        donnees["bic"] = bic_valider(donnees["bic"])
    with transaction.atomic():
        compte = CompteBancaire.objects.select_for_update().filter(role=role).first() or CompteBancaire(role=role)
        for champ, valeur in donnees.items():
            setattr(compte, champ, valeur)
        enregistrer(compte, par=par)
    return compte


def _comptes() -> tuple[CompteBancaire, CompteBancaire]:
    comptes = {c.role: c for c in CompteBancaire.objects.all()}
    manquants = [RoleCompte(r).label for r in RoleCompte.values if r not in comptes]
    if manquants:
        raise ValidationError(f"Compte bancaire à saisir avant le virement : {', '.join(manquants)}.")
    a_completer = [str(c) for c in comptes.values() if c.a_completer]
    if a_completer:
        raise ValidationError(
            "Coordonnées bancaires de démonstration, à compléter avant tout virement (Comptes bancaires) : "
            + ", ".join(a_completer)
            + "."
        )
    for c in comptes.values():
        iban_valider(c.iban)
        bic_valider(c.bic)
    return comptes[RoleCompte.CONSEIL], comptes[RoleCompte.CNOM]


def premier_du_mois(mois: datetime.date) -> datetime.date:
    return mois.replace(day=1)


def pain001(*, conseil: CompteBancaire, cnom: CompteBancaire, montant: Decimal, mois, execution) -> tuple[bytes, str]:
    """The SEPA credit transfer (pain.001.001.03) of `montant` from the council's account to the CNOM's, validated
    by sepaxml against the schema. Returns (XML, message id)."""
    from sepaxml import SepaTransfer

    sepa = SepaTransfer(
        {"name": conseil.titulaire, "IBAN": conseil.iban, "BIC": conseil.bic, "batch": True, "currency": "EUR"},
        clean=True,
    )
    sepa.add_payment(
        {
            "name": cnom.titulaire,
            "IBAN": cnom.iban,
            "BIC": cnom.bic,
            "amount": int((montant * 100).to_integral_value()),
            "execution_date": execution,
            "description": f"Cotisations ordinales encaissees {mois:%m/%Y}",
            "endtoend_id": f"CDOM-COTIS-{mois:%Y-%m}",
        }
    )
    return sepa.export(validate=True), sepa.msg_id


def versement_generer(
    *, mois: datetime.date, par, today: datetime.date, execution: datetime.date | None = None
) -> VersementCNOM:
    """Work out what the month collected and generate its transfer file to the CNOM; once per month."""
    exiger(par, "cotisations.versement_generer", date=today)
    mois = premier_du_mois(mois)
    if mois > premier_du_mois(today):
        raise ValidationError({"mois": ["Ce mois n'a pas commencé : rien à verser."]})
    execution = execution or today
    if execution < today:
        raise ValidationError({"execution": ["La date d'exécution du virement ne peut pas être passée."]})
    with transaction.atomic():
        verrouiller(f"cotisations.versement.{mois:%Y-%m}")
        existant = VersementCNOM.objects.filter(mois=mois, annule_le__isnull=True).first()
        if existant is not None:
            raise ValidationError(
                {
                    "mois": [
                        f"Le mois {mois:%m/%Y} est déjà versé au CNOM ({existant.montant} €) : annulez ce versement "
                        "avant d'en générer un autre."
                    ]
                }
            )
        etat = etat_mensuel(mois)
        montant = etat["total_cotisations"]
        if montant <= 0:
            raise ValidationError({"mois": [f"Aucune cotisation encaissée en {mois:%m/%Y} : rien à verser."]})
        conseil, cnom = _comptes()
        xml, identifiant = pain001(conseil=conseil, cnom=cnom, montant=montant, mois=mois, execution=execution)
        try:
            with transaction.atomic():
                versement = enregistrer(
                    VersementCNOM(
                        mois=mois,
                        montant=montant,
                        detail=_en_json(etat),
                        fichier=xml.decode("utf-8"),
                        identifiant_message=identifiant[:35],
                        genere_par=par,
                    ),
                    par=par,
                )
        except IntegrityError as exc:
            raise ValidationError({"mois": [f"Le mois {mois:%m/%Y} est déjà versé au CNOM."]}) from exc
    return versement


def _en_json(etat: dict) -> dict:
    def conv(v):
        if isinstance(v, Decimal):
            return f"{v:.2f}"
        if isinstance(v, datetime.date):
            return v.isoformat()
        if isinstance(v, dict):
            return {k: conv(x) for k, x in v.items()}
        return v

    return conv(etat)


def versement_annuler(*, versement: VersementCNOM, motif: str, par, today: datetime.date) -> VersementCNOM:
    """Cancel a month's transfer file (not sent to the bank, or rejected), with its reason: the month may then be
    generated again. The row stays."""
    exiger(par, "cotisations.versement_annuler", objet=versement, date=today)
    motif = (motif or "").strip()
    if not motif:
        raise ValidationError({"motif": ["Dites pourquoi ce versement est annulé."]})
    with transaction.atomic():
        versement = VersementCNOM.objects.select_for_update().get(pk=versement.pk)
        if versement.annule_le is not None:
            raise ValidationError("Ce versement est déjà annulé.")
        versement.annule_le, versement.motif_annulation = today, motif[:255]
        enregistrer(versement, par=par, update_fields=["annule_le", "motif_annulation"])
    return versement
