"""Bank matching (issue 10 point 5): importing a statement, matching each credit to its dues, the lines a person
confirms, picks or sets aside, and the cheque remittance slips.

The rules:
- a credit whose label or memo holds a dues record's RF reference (spaces ignored, any case; the ISO 11649 check
  digits must hold) and whose amount does not exceed that record's balance is recorded at once as a `virement`
  payment on its booking date, through `paiement_enregistrer` (which locks the dues row and numbers the receipt);
- a credit whose amount equals an open slip's total and whose label holds that slip's number is the slip's credit
  (matched at once: number and total both agree, nothing is guessed); with the total and « REMISE » only, the slip
  is proposed;
- every other credit waits for a person: `a_confirmer` when some dues have the same amount (balance or amount due)
  and the debtor's name (accent- and case-insensitive), with those dues proposed; `non_rapprochee` otherwise;
- debits are set aside (`ignoree`, « débit »).

Who records the automatic payments: the staff member who imports the statement, not the system user. The import
is a person's act (he chose the file and sees the result), so the payments, their receipts and their history name
him; and he must hold the right to record payments, or the import is refused before anything is read (an import is
not a way round that right). The system user is for what no person triggers (commands, tasks).

"Nothing half-written": the statement is read whole before anything is written (a line without a date or an amount
refuses the whole file, with its number); then one transaction records the statement, its lines and the payments.
A payment refused at that point (the balance changed between the read and the lock) is not an error of the file:
that line waits for a person, the others stand. Each bank entry is unique per account (its bank id): the imports
of one account take one lock (`verrouiller("cotisations.releve.<compte>")`) before reading which entries are known,
so two imports of the same file at once record each entry once, and the unique constraint stands behind the lock.
"""

import datetime
import re
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import DecimalField, ExpressionWrapper, F, Q, Value
from django.db.models.functions import Concat
from django.db.models.lookups import Contains, StartsWith
from simple_history.utils import bulk_create_with_history
from stdnum import iso11649

from commun.recherche import Normalise, normaliser
from commun.services import enregistrer, verrouiller
from config.perms import exiger

from ..models import (
    BordereauRemise,
    ChequeRemis,
    Cotisation,
    EtatLigne,
    LigneReleve,
    ModePaiement,
    Paiement,
    ReleveBancaire,
    StatutCotisation,
)
from .paiements import paiement_enregistrer

DEBIT = "Débit : opération hors cotisations."
_RF = re.compile(r"RF\d\d")
_NON_ALNUM = re.compile(r"[^0-9A-Z]")


@dataclass
class Operation:
    """One entry of a statement, as the file says it (importation_releves reads it)."""

    reference_banque: str
    date: datetime.date
    montant: Decimal
    libelle: str = ""
    informations: str = ""
    nom_debiteur: str = ""


@dataclass
class ReleveLu:
    format: str
    nom_fichier: str
    empreinte: str
    compte: str
    debut: datetime.date | None = None
    fin: datetime.date | None = None
    operations: list[Operation] = field(default_factory=list)


# --- what a label says -----------------------------------------------------------------------------------------------


def _compact(texte: str) -> str:
    return _NON_ALNUM.sub("", (texte or "").upper())


def references_citees(texte: str) -> list[str]:
    """The RF references a label may hold, spaces and case ignored: every run that starts with « RF » and two
    digits, cut at each length an ISO 11649 reference may have, whose check digits hold (a label's other words
    stuck to the reference are cut off; a mistyped reference is none)."""
    compact = _compact(texte)
    trouvees = []
    for m in _RF.finditer(compact):
        for fin in range(m.start() + 5, min(m.start() + 25, len(compact)) + 1):
            candidat = compact[m.start() : fin]
            if iso11649.is_valid(candidat):
                trouvees.append(candidat)
    return trouvees


def _mots(texte: str) -> str:
    """A name as compared: accents, case and punctuation dropped, single spaces, padded with one space each side."""
    propre = re.sub(r"[^0-9a-z]+", " ", normaliser(texte or ""))
    return f" {' '.join(propre.split())} "


def _solde():
    return ExpressionWrapper(
        F("montant_du") + F("frais") - F("montant_paye"), output_field=DecimalField(max_digits=12, decimal_places=2)
    )


def _nom_q(debiteur: str) -> Q:
    """Dues whose debtor's name appears in `debiteur` (a doctor's surname, a company's name), in SQL."""
    cite = Value(debiteur)
    medecin = Q(medecin__isnull=False) & Q(Contains(cite, Concat(Value(" "), Normalise("medecin__nom"), Value(" "))))
    societe = Q(societe__isnull=False) & Q(
        Contains(cite, Concat(Value(" "), Normalise("societe__raison_sociale"), Value(" ")))
    )
    coupe = debiteur.strip()
    if len(coupe) >= 10:  # a bank cuts long names: the company's name starting with what the bank kept
        societe |= Q(societe__isnull=False) & Q(StartsWith(Normalise("societe__raison_sociale"), Value(coupe)))
    return medecin | societe


def _meme_nom(cotisation: Cotisation, debiteur: str) -> bool:
    if cotisation.medecin_id:
        return _mots(cotisation.medecin.nom) in debiteur
    nom = _mots(cotisation.societe.raison_sociale)
    coupe = debiteur.strip()
    return nom in debiteur or (len(coupe) >= 10 and nom.strip().startswith(coupe))


def _avec_prenom(cotisation: Cotisation, debiteur: str) -> bool:
    return bool(cotisation.medecin_id) and _mots(cotisation.medecin.prenom) in debiteur


def _debiteur(op) -> str:
    return _mots(op.nom_debiteur or op.libelle)


def candidats_par_montant_et_nom(operations) -> dict[int, list[Cotisation]]:
    """For each credit (by its index in `operations`), the dues still owed whose balance or amount due equals its
    amount and whose debtor's name it carries; when some of them also carry the doctor's first name, those only.
    One query for all the credits."""
    conditions = Q()
    for op in operations:
        debiteur = _debiteur(op)
        if debiteur.strip():
            conditions |= (Q(solde_calcule=op.montant) | Q(montant_du=op.montant)) & _nom_q(debiteur)
    if not conditions:
        return {}
    trouvees = list(
        Cotisation.objects.filter(statut=StatutCotisation.DUE)
        .annotate(solde_calcule=_solde())
        .filter(conditions)
        .select_related("medecin", "societe")
        .order_by("-annee", "id")
    )
    resultat = {}
    for i, op in enumerate(operations):
        debiteur = _debiteur(op)
        if not debiteur.strip():
            continue
        liste = [
            c for c in trouvees if op.montant in (c.solde_calcule, c.montant_du) and c.statut == StatutCotisation.DUE
        ]
        liste = [c for c in liste if _meme_nom(c, debiteur)]
        precis = [c for c in liste if _avec_prenom(c, debiteur)]
        if precis or liste:
            resultat[i] = precis or liste
    return resultat


# --- the import ------------------------------------------------------------------------------------------------------


@dataclass
class _Decision:
    op: Operation
    etat: str = EtatLigne.NON_RAPPROCHEE
    cotisation: Cotisation | None = None
    propositions: list = field(default_factory=list)
    bordereau: BordereauRemise | None = None
    bordereau_propose: BordereauRemise | None = None
    motif: str = ""
    paiement: Paiement | None = None


def _bordereau_cite(op: Operation, ouverts: list[BordereauRemise], pris: set) -> tuple[BordereauRemise | None, bool]:
    """(slip, sure): the open slip of this credit's total whose number the label holds (sure), else one of that
    total with « REMISE » in the label (to confirm)."""
    texte = _compact(f"{op.libelle} {op.informations}")
    meme_total = [b for b in ouverts if b.total == op.montant and b.pk not in pris]
    for b in meme_total:
        if _compact(b.numero) in texte:
            return b, True
    if "REMISE" in texte and meme_total:
        return meme_total[0], False
    return None, False


def _decider(operations: list[Operation]) -> list[_Decision]:
    decisions = [_Decision(op=op) for op in operations]
    credits = [d for d in decisions if d.op.montant > 0]
    for d in decisions:
        if d.op.montant <= 0:
            d.etat, d.motif = EtatLigne.IGNOREE, DEBIT
    citees = {d_i: references_citees(f"{d.op.libelle} {d.op.informations}") for d_i, d in enumerate(credits)}
    toutes = {r for refs in citees.values() for r in refs}
    par_reference = (
        {c.reference: c for c in Cotisation.objects.filter(reference__in=toutes).select_related("medecin", "societe")}
        if toutes
        else {}
    )
    ouverts = list(BordereauRemise.objects.filter(credit__isnull=True).order_by("date", "id")) if credits else []
    restes = {}  # the balance left of each dues record after the credits of this statement already matched to it
    pris = set()
    en_attente = []
    for i, d in enumerate(credits):
        bordereau, sur = _bordereau_cite(d.op, ouverts, pris)
        if bordereau is not None and sur:
            d.etat, d.bordereau = EtatLigne.RAPPROCHEE, bordereau
            pris.add(bordereau.pk)
            continue
        cotisation = next((par_reference[r] for r in citees[i] if r in par_reference), None)
        if cotisation is not None:
            reste = restes.get(cotisation.pk, cotisation.solde)
            if d.op.montant <= reste:
                d.etat, d.cotisation = EtatLigne.RAPPROCHEE, cotisation
                restes[cotisation.pk] = reste - d.op.montant
                continue
            d.motif = (
                f"La référence {cotisation.reference} est citée, mais le montant ({d.op.montant} €) dépasse le solde "
                f"de cette cotisation ({reste} €)."
            )
        if bordereau is not None:
            d.etat, d.bordereau_propose = EtatLigne.A_CONFIRMER, bordereau
            continue
        en_attente.append(d)
    candidats = candidats_par_montant_et_nom([d.op for d in en_attente])
    for i, d in enumerate(en_attente):
        if i in candidats:
            d.etat, d.propositions = EtatLigne.A_CONFIRMER, candidats[i]
    return decisions


def releve_importer(*, releve: ReleveLu, par, today: datetime.date) -> dict:
    """Record a statement read by importation_releves.lire_releve: its new entries, the payments of the credits
    matched by reference, the slips matched, the rest waiting for a person. Answers the counts of CONTRACT.md."""
    exiger(par, "cotisations.releve_importer", date=today)
    exiger(par, "cotisations.paiement_enregistrer", date=today)
    compte = (releve.compte or "").replace(" ", "") or "inconnu"
    resultat = {"lignes": len(releve.operations), "rapprochees": 0, "a_confirmer": 0, "non_rapprochees": 0}
    try:
        with transaction.atomic():
            verrouiller(f"cotisations.releve.{compte}")
            refs = [op.reference_banque for op in releve.operations]
            connues = set(
                LigneReleve.objects.filter(compte=compte, reference_banque__in=refs).values_list(
                    "reference_banque", flat=True
                )
            )
            nouvelles, vues = [], set()
            for op in releve.operations:
                if op.reference_banque in connues or op.reference_banque in vues:
                    continue
                vues.add(op.reference_banque)
                nouvelles.append(op)
            resultat["deja_importees"] = len(releve.operations) - len(nouvelles)
            if not nouvelles:
                return {**resultat, "releve": None}
            fiche = enregistrer(
                ReleveBancaire(
                    nom_fichier=(releve.nom_fichier or "relevé")[:255],
                    empreinte=releve.empreinte,
                    format=releve.format,
                    compte=compte,
                    debut=releve.debut,
                    fin=releve.fin,
                    importe_par=par,
                ),
                par=par,
            )
            decisions = _decider(nouvelles)
            for d in decisions:
                if d.etat == EtatLigne.RAPPROCHEE and d.cotisation is not None:
                    _payer(d, par)
            lignes = bulk_create_with_history(
                [
                    LigneReleve(
                        releve=fiche,
                        compte=compte,
                        reference_banque=d.op.reference_banque,
                        date=d.op.date,
                        montant=d.op.montant,
                        libelle=d.op.libelle,
                        informations=d.op.informations,
                        nom_debiteur=d.op.nom_debiteur,
                        etat=d.etat,
                        cotisation=d.cotisation,
                        paiement=d.paiement,
                        bordereau_propose=d.bordereau_propose,
                        motif=d.motif[:255],
                        traitee_par=par if d.etat in (EtatLigne.RAPPROCHEE, EtatLigne.IGNOREE) else None,
                        traitee_le=today if d.etat in (EtatLigne.RAPPROCHEE, EtatLigne.IGNOREE) else None,
                    )
                    for d in decisions
                ],
                LigneReleve,
                default_user=par,
            )
            lien = LigneReleve.propositions.through
            lien.objects.bulk_create(
                [
                    lien(lignereleve_id=ligne.pk, cotisation_id=c.pk)
                    for ligne, d in zip(lignes, decisions, strict=True)
                    for c in d.propositions
                ]
            )
            for ligne, d in zip(lignes, decisions, strict=True):
                if d.bordereau is not None:
                    d.bordereau.credit = ligne
                    enregistrer(d.bordereau, par=par, update_fields=["credit"])
    except IntegrityError as exc:  # behind the lock, only an entry recorded by another way at the same instant
        raise ValidationError(
            {"fichier": ["Une autre importation de ce relevé est en cours : réessayez dans un instant."]}
        ) from exc
    cles = {EtatLigne.RAPPROCHEE: "rapprochees", EtatLigne.A_CONFIRMER: "a_confirmer"}
    cles[EtatLigne.NON_RAPPROCHEE] = "non_rapprochees"
    for d in decisions:
        if d.etat in cles:
            resultat[cles[d.etat]] += 1
    return {**resultat, "releve": fiche.pk}


def _payer(d: _Decision, par) -> None:
    """The payment of a credit matched by reference; refused (a balance changed under the lock), the line waits."""
    try:
        d.paiement = paiement_enregistrer(
            cotisation=d.cotisation, montant=d.op.montant, mode=ModePaiement.VIREMENT, date=d.op.date, par=par
        )
    except ValidationError as exc:
        d.etat, d.propositions = EtatLigne.A_CONFIRMER, [d.cotisation]
        d.motif = f"Paiement non enregistré : {' '.join(exc.messages)}"
        d.cotisation = None


# --- a person's decisions on a line ----------------------------------------------------------------------------------

A_TRAITER = (EtatLigne.A_CONFIRMER, EtatLigne.NON_RAPPROCHEE)


def _ligne_a_traiter(ligne: LigneReleve) -> LigneReleve:
    ligne = LigneReleve.objects.select_for_update().get(pk=ligne.pk)
    if ligne.etat not in A_TRAITER:
        raise ValidationError(f"Cette ligne est déjà traitée ({ligne.get_etat_display().lower()}).")
    return ligne


def ligne_confirmer(*, ligne: LigneReleve, par, today: datetime.date, cotisation: Cotisation | None = None):
    """A person matches a credit to dues: the proposal (when there is exactly one), one of the proposals, or the
    dues he picked by hand. Records the `virement` payment on the booking date."""
    exiger(par, "cotisations.ligne_traiter", objet=ligne, date=today)
    with transaction.atomic():
        ligne = _ligne_a_traiter(ligne)
        if ligne.montant <= 0:
            raise ValidationError("Un débit ne se rapproche pas d'une cotisation : ignorez-le en disant pourquoi.")
        if cotisation is None:
            proposees = list(ligne.propositions.all()[:2])
            if len(proposees) != 1:
                raise ValidationError({"cotisation": ["Choisissez la cotisation que ce virement paie."]})
            cotisation = proposees[0]
        paiement = paiement_enregistrer(
            cotisation=cotisation, montant=ligne.montant, mode=ModePaiement.VIREMENT, date=ligne.date, par=par
        )
        ligne.etat, ligne.cotisation, ligne.paiement = EtatLigne.RAPPROCHEE, cotisation, paiement
        ligne.traitee_par, ligne.traitee_le = par, today
        enregistrer(ligne, par=par, update_fields=["etat", "cotisation", "paiement", "traitee_par", "traitee_le"])
    return ligne


def ligne_ignorer(*, ligne: LigneReleve, motif: str, par, today: datetime.date) -> LigneReleve:
    """A person says a credit is not dues (a refund, another income…): set aside, with the reason."""
    exiger(par, "cotisations.ligne_traiter", objet=ligne, date=today)
    motif = (motif or "").strip()
    if not motif:
        raise ValidationError({"motif": ["Dites pourquoi cette ligne ne concerne pas les cotisations."]})
    with transaction.atomic():
        ligne = _ligne_a_traiter(ligne)
        ligne.etat, ligne.motif, ligne.traitee_par, ligne.traitee_le = EtatLigne.IGNOREE, motif[:255], par, today
        enregistrer(ligne, par=par, update_fields=["etat", "motif", "traitee_par", "traitee_le"])
    return ligne


def ligne_rapprocher_bordereau(*, ligne: LigneReleve, bordereau: BordereauRemise, par, today: datetime.date):
    """A person confirms that a credit is a remittance slip's (same total; the slip matched to no other credit)."""
    exiger(par, "cotisations.ligne_traiter", objet=ligne, date=today)
    with transaction.atomic():
        ligne = _ligne_a_traiter(ligne)
        bordereau = BordereauRemise.objects.select_for_update().get(pk=bordereau.pk)
        if bordereau.credit_id is not None:
            raise ValidationError({"bordereau": [f"Le bordereau {bordereau.numero} est déjà rapproché."]})
        if bordereau.total != ligne.montant:
            raise ValidationError(
                {
                    "bordereau": [
                        f"Le crédit ({ligne.montant} €) n'est pas le total du bordereau {bordereau.numero} "
                        f"({bordereau.total} €)."
                    ]
                }
            )
        bordereau.credit = ligne
        enregistrer(bordereau, par=par, update_fields=["credit"])
        ligne.etat, ligne.traitee_par, ligne.traitee_le = EtatLigne.RAPPROCHEE, par, today
        enregistrer(ligne, par=par, update_fields=["etat", "traitee_par", "traitee_le"])
    return ligne


# --- remittance slips ------------------------------------------------------------------------------------------------


def bordereau_etablir(*, paiements, date: datetime.date, par) -> BordereauRemise:
    """Put cheque payments on a new slip, numbered BR-<year>-<n> in sequence. A payment goes on one slip only
    (ChequeRemis is unique per payment); a cancelled payment, or one that is not a cheque, is refused."""
    exiger(par, "cotisations.bordereau_etablir", date=date)
    ids = sorted({p.pk for p in paiements})
    if not ids:
        raise ValidationError({"paiements": ["Choisissez au moins un chèque à remettre."]})
    with transaction.atomic():
        verrouiller(f"cotisations.bordereau.{date.year}")
        choisis = list(
            Paiement.objects.select_for_update(of=("self",))
            .filter(pk__in=ids)
            .select_related("remise", "contre_passation")
            .order_by("id")
        )
        erreurs = []
        for p in choisis:
            if p.mode != ModePaiement.CHEQUE or p.annule_id is not None:
                erreurs.append(f"Le paiement {p.numero_recu or p.pk} n'est pas un chèque reçu.")
            elif hasattr(p, "contre_passation"):
                erreurs.append(f"Le paiement {p.numero_recu} est annulé.")
            elif hasattr(p, "remise"):
                erreurs.append(f"Le chèque {p.numero_recu} est déjà sur le bordereau {p.remise.bordereau.numero}.")
        if len(choisis) != len(ids):
            erreurs.append("Un des paiements choisis n'existe plus.")
        if erreurs:
            raise ValidationError({"paiements": erreurs})
        rang = BordereauRemise.objects.filter(numero__startswith=f"BR-{date.year}-").count() + 1
        bordereau = enregistrer(
            BordereauRemise(
                numero=f"BR-{date.year}-{rang:04d}",
                date=date,
                total=sum((p.montant for p in choisis), Decimal("0.00")),
                nombre=len(choisis),
                cree_par=par,
            ),
            par=par,
        )
        bulk_create_with_history(
            [ChequeRemis(bordereau=bordereau, paiement=p) for p in choisis], ChequeRemis, default_user=par
        )
    return bordereau


def credits_a_traiter_q() -> Q:
    return Q(etat__in=A_TRAITER)


__all__ = [
    "Operation",
    "ReleveLu",
    "bordereau_etablir",
    "candidats_par_montant_et_nom",
    "ligne_confirmer",
    "ligne_ignorer",
    "ligne_rapprocher_bordereau",
    "references_citees",
    "releve_importer",
]
