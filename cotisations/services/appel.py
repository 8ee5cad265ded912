"""The writes and rules of the dues (DOMAIN.md 2; seed 002 L.II T.III): the yearly scale, the call of a year's dues
for every debtor, the hardship exemption decided in plenary, the payments and their counter-entries."""

import datetime
import string
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.models import Exists, OuterRef, Q, Subquery
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from commun.periodes import couvre_q
from commun.services import enregistrer
from config.perms import exiger
from gouvernance.models import TYPES_PLENIERS, Deliberation, Membre
from tableau.models import ChangementStatut, Exercice, Medecin, Societe, Statut

from ..models import (
    Bareme,
    Categorie,
    Cotisation,
    MotifExoneration,
    StatutCotisation,
)
from .paiements import _statut, _verrouiller

CENTIME = Decimal("0.01")
TAILLE_LOT = 2000
CHAMPS_BAREME = (
    "montant_plein",
    "montant_retraite",
    "montant_societe",
    "montant_liste_etrangers",
    "frais_lrar",
    "taux_interet_legal_s1",
    "taux_interet_legal_s2",
    "conseillers_retraites_taux_retraite",
)


# --- the scale ------------------------------------------------------------------------------------------------------


def bareme_enregistrer(*, annee: int, donnees: dict, par, today: datetime.date) -> Bareme:
    """Record (or correct) the scale of a year, as the CNOM fixed it. History keeps each version."""
    exiger(par, "cotisations.bareme_enregistrer", date=today)
    inconnus = sorted(set(donnees) - set(CHAMPS_BAREME))
    if inconnus:
        raise ValidationError({champ: "Ce champ n'appartient pas au barème." for champ in inconnus})
    with transaction.atomic():
        bareme = Bareme.objects.select_for_update().filter(annee=annee).first() or Bareme(annee=annee)
        for champ, valeur in donnees.items():
            setattr(bareme, champ, valeur)
        return enregistrer(bareme, par=par)


# --- the rules of the amount ----------------------------------------------------------------------------------------


def premier_janvier(annee: int) -> datetime.date:
    return datetime.date(annee, 1, 1)


def dernier_trimestre(date: datetime.date) -> bool:
    """1 October – 31 December (seed 002 L.II T.III 1.3: « au cours du dernier trimestre »)."""
    return date >= datetime.date(date.year, 10, 1)


def au_pourcentage(montant: Decimal, taux: int | None) -> Decimal:
    """What is left to pay of `montant` after an exemption of `taux` %."""
    if not taux:
        return montant
    return (montant * (100 - taux) / 100).quantize(CENTIME, rounding=ROUND_HALF_UP)


def regle_medecin(
    *,
    annee: int,
    exercice: str,
    date_inscription: datetime.date | None,
    premiere_inscription: bool,
    mandat_au_1er_janvier: bool,
    bareme: Bareme,
) -> tuple[str, Decimal, str, int | None]:
    """(tarif, montant du barème, motif d'exonération, taux) of a doctor's dues for `annee` (DOMAIN.md 2).

    - practising (retired with activity and France + another EU state included): full dues;
    - retired without medical activity: the retired rate, but full dues while he holds an ordinal mandate on
      1 January, unless the council keeps the retired rate for its councillors (the year's setting);
    - réserviste sanitaire only, exclusive quasi-bénévole humanitarian practice: exempt (100 %);
    - first registration during the year: 50 %, 100 % when registered from 1 October;
    - registration not compulsory (L4112-6) or not practising: 50 %.
    Exemptions do not add up: the largest applies (a first registration not compulsory pays 50 %, not 25 %)."""
    categorie, montant = Categorie.PLEIN, bareme.montant_plein
    if exercice == Exercice.RETRAITE_SANS_ACTIVITE and (
        not mandat_au_1er_janvier or bareme.conseillers_retraites_taux_retraite
    ):
        categorie, montant = Categorie.RETRAITE, bareme.montant_retraite
    exonerations = []
    if exercice == Exercice.RESERVISTE:
        exonerations.append((100, MotifExoneration.RESERVISTE))
    elif exercice == Exercice.HUMANITAIRE:
        exonerations.append((100, MotifExoneration.HUMANITAIRE))
    if premiere_inscription and date_inscription is not None and date_inscription.year == annee:
        if dernier_trimestre(date_inscription):
            exonerations.append((100, MotifExoneration.PREMIERE_INSCRIPTION_T4))
        else:
            exonerations.append((50, MotifExoneration.PREMIERE_INSCRIPTION))
    if exercice == Exercice.NON_OBLIGATOIRE:
        exonerations.append((50, MotifExoneration.NON_OBLIGATOIRE))
    if not exonerations:
        return categorie, montant, "", None
    taux, motif = max(exonerations, key=lambda e: e[0])  # the first listed wins a tie
    return categorie, montant, str(motif), taux


def regle_societe(*, annee: int, date_inscription: datetime.date | None, bareme: Bareme):
    """A company (SEL, SCP, SPFPL) owes the company dues, on top of its members' own; registered in the last
    quarter of the year, it is exempt for that year (seed 002 L.II T.III 1.3)."""
    if date_inscription is not None and date_inscription.year == annee and dernier_trimestre(date_inscription):
        return Categorie.SOCIETE, bareme.montant_societe, str(MotifExoneration.SOCIETE_T4), 100
    return Categorie.SOCIETE, bareme.montant_societe, "", None


# Letters as ISO 7064 MOD 97-10 reads them (A = 10 … Z = 35), for str.translate.
_CHIFFRES_DES_LETTRES = {ord(lettre): str(ord(lettre) - ord("A") + 10) for lettre in string.ascii_uppercase}


def reference_paiement(corps: str) -> str:
    """The ISO 11649 creditor reference of `corps` (up to 21 letters or digits): RF + 2 check digits + corps.

    The check digits are ISO 7064 MOD 97-10's on corps + "RF00" (what python-stdnum's iso11649 computes and
    validates: tests/cotisations/test_etats.py compares both), worked out here in one integer operation because the
    call computes one per debtor (30 000 at once)."""
    corps = corps.upper()
    if not (0 < len(corps) <= 21 and corps.isascii() and corps.isalnum()):
        raise ValueError(f"Corps de référence ISO 11649 invalide : {corps!r} (1 à 21 lettres ou chiffres).")
    cle = 98 - int(f"{corps}RF00".translate(_CHIFFRES_DES_LETTRES)) % 97
    return f"RF{cle:02d}{corps}"


def reference_medecin(annee: int, rpps: str) -> str:
    return reference_paiement(f"{annee}M{rpps}")


def reference_societe(annee: int, societe_id: int) -> str:
    return reference_paiement(f"{annee}S{societe_id:010d}")


# --- calling a year's dues ------------------------------------------------------------------------------------------


def _medecins_redevables(annee: int):
    """The doctors who owe the dues of `annee` here, in one query: those on this council's tableau on 1 January
    (their registration status on that day, read from the dated status history; a doctor without history has
    the status of his record, from his registration date), and the first registrations of the year (registered
    since). An incoming transfer arrived during the year is not on it on 1 January: he pays where he was then
    (seed 002 L.II T.III 1.2 d)."""
    jour = premier_janvier(annee)
    avant = ChangementStatut.objects.filter(medecin=OuterRef("pk"), date__lte=jour).order_by("-date", "-id")
    apres = ChangementStatut.objects.filter(medecin=OuterRef("pk"), date__gt=jour).order_by("date", "id")
    mandat = Membre.objects.filter(couvre_q(jour), medecin=OuterRef("pk"))
    return (
        Medecin.objects.filter(
            Q(date_inscription__isnull=True)
            | Q(date_inscription__lte=jour)
            | Q(premiere_inscription=True, date_inscription__year=annee)
        )
        .annotate(
            statut_avant=Subquery(avant.values("nouveau_statut")[:1]),
            statut_apres=Subquery(apres.values("ancien_statut")[:1]),
            mandat=Exists(mandat),
        )
        .values(
            "pk",
            "rpps",
            "statut",
            "exercice",
            "date_inscription",
            "premiere_inscription",
            "statut_avant",
            "statut_apres",
            "mandat",
        )
        .order_by("pk")
    )


def _inscrit_au_1er_janvier(ligne: dict, jour: datetime.date) -> bool:
    if ligne["date_inscription"] is not None and ligne["date_inscription"] > jour:
        return False
    if ligne["statut_avant"] is not None:
        statut = ligne["statut_avant"]
    elif ligne["statut_apres"] is not None:
        statut = ligne["statut_apres"]  # the status before the first change after 1 January
    else:
        statut = ligne["statut"]
    return statut == Statut.INSCRIT


def _premiere_inscription_de_l_annee(ligne: dict, annee: int) -> bool:
    # A first registration of the year, recorded as registered (he may have left since: the year's dues stay due);
    # a request still pending or refused owes nothing.
    return (
        ligne["premiere_inscription"]
        and ligne["date_inscription"] is not None
        and ligne["date_inscription"].year == annee
        and ligne["statut"] in (Statut.INSCRIT, Statut.TRANSFERE, Statut.RADIE, Statut.DECEDE)
    )


# The columns of a new dues record, in the order of the tuples _nouvelle_cotisation returns; the others take their
# defaults (frais and montant_paye 0, no deliberation).
COLONNES_APPEL = (
    "medecin_id",
    "societe_id",
    "categorie",
    "montant_bareme",
    "exoneration_motif",
    "exoneration_taux",
    "montant_du",
    "statut",
    "reference",
)
# Their PostgreSQL types, for the arrays the call passes to unnest().
_TYPES_PG = ("integer", "integer", "varchar", "numeric", "varchar", "smallint", "numeric", "varchar", "varchar")


def _nouvelle_cotisation(*, regle, medecin_id=None, societe_id=None, reference) -> tuple:
    """The values (COLONNES_APPEL) of the record a debtor gets by `regle` (regle_medecin / regle_societe)."""
    categorie, montant, motif, taux = regle
    du = au_pourcentage(montant, taux)
    statut = StatutCotisation.EXONEREE if du == 0 else StatutCotisation.DUE
    return (medecin_id, societe_id, str(categorie), montant, motif, taux, du, str(statut), reference)


def _tableau_pg(valeurs) -> str:
    """A column as PostgreSQL's array text ('{1,NULL,"RF18…"}'): one literal the server reads at once, where a Python
    list would be sent as ARRAY[…] of 30 000 expressions to parse."""
    elements = []
    for valeur in valeurs:
        if valeur is None:
            elements.append("NULL")
        elif isinstance(valeur, str):
            elements.append('"' + valeur.replace("\\", "\\\\").replace('"', '\\"') + '"')
        else:
            elements.append(str(valeur))
    return "{" + ",".join(elements) + "}"


def _ecrire_cotisations(lignes: list[tuple], *, annee: int, today: datetime.date, par) -> None:
    """Write the new records and their "+" history rows. On PostgreSQL one statement does both: the rows go as one
    array per column through unnest(), and the history is the INSERT's RETURNING (same columns, the author, the
    time): no model instance is built and the number of queries does not depend on the number of debtors. Elsewhere
    (SQLite, the tests' default), django-simple-history's bulk_create_with_history writes the same rows."""
    if not lignes:
        return
    if connection.vendor != "postgresql":
        nouvelles = [
            Cotisation(annee=annee, appelee_le=today, **dict(zip(COLONNES_APPEL, ligne, strict=True)))
            for ligne in lignes
        ]
        bulk_create_with_history(nouvelles, Cotisation, batch_size=TAILLE_LOT, default_user=par)
        return
    qn = connection.ops.quote_name
    table = qn(Cotisation._meta.db_table)
    colonnes = ", ".join(map(qn, ("annee", "appelee_le", "frais", "montant_paye", *COLONNES_APPEL)))
    tableaux = ", ".join(f"%s::{type_pg}[]" for type_pg in _TYPES_PG)
    insertion = f"INSERT INTO {table} ({colonnes}) SELECT %s, %s, 0, 0, * FROM unnest({tableaux}) RETURNING *"
    parametres = [annee, today, *(_tableau_pg(colonne) for colonne in zip(*lignes, strict=True))]
    if not getattr(settings, "SIMPLE_HISTORY_ENABLED", True):
        with connection.cursor() as curseur:
            curseur.execute(insertion, parametres)
        return
    Historique = Cotisation.history.model
    suivies = [Historique._meta.get_field(f.name).column for f in Historique.tracked_fields]
    suivies_sql = ", ".join(map(qn, suivies))
    sql = (
        f"WITH nouvelles AS ({insertion}) "
        f"INSERT INTO {qn(Historique._meta.db_table)} ({suivies_sql}, {qn('history_date')}, "
        f"{qn('history_type')}, {qn('history_user_id')}) "
        f"SELECT {suivies_sql}, %s, '+', %s FROM nouvelles"
    )
    with connection.cursor() as curseur:
        curseur.execute(sql, [*parametres, timezone.now(), par.pk])


def cotisations_appeler(*, annee: int, today: datetime.date, par) -> dict:
    """Call the dues of `annee`: one record per debtor, doctor or company, with its amount and its exemption's
    reason. Idempotent: a re-run (later in the year, once new first registrations are recorded) adds only the
    debtors without a record, the unique constraints guarding against two runs at once. Set-based: a handful of
    queries whatever the size of the tableau, history rows written in bulk. Returns {"creees", "existantes"}."""
    exiger(par, "cotisations.campagne_appeler", date=today)
    bareme = Bareme.objects.filter(annee=annee).first()
    if bareme is None:
        raise ValidationError(
            {
                "annee": f"Aucun barème n'est enregistré pour {annee} : saisissez d'abord les montants fixés par le "
                "conseil national."
            }
        )
    jour = premier_janvier(annee)
    deja_medecins = set(
        Cotisation.objects.filter(annee=annee, medecin__isnull=False).values_list("medecin_id", flat=True)
    )
    deja_societes = set(
        Cotisation.objects.filter(annee=annee, societe__isnull=False).values_list("societe_id", flat=True)
    )
    nouvelles = []
    for ligne in _medecins_redevables(annee):
        if ligne["pk"] in deja_medecins:
            continue
        if not (_inscrit_au_1er_janvier(ligne, jour) or _premiere_inscription_de_l_annee(ligne, annee)):
            continue
        regle = regle_medecin(
            annee=annee,
            exercice=ligne["exercice"],
            date_inscription=ligne["date_inscription"],
            premiere_inscription=ligne["premiere_inscription"],
            mandat_au_1er_janvier=ligne["mandat"],
            bareme=bareme,
        )
        nouvelles.append(
            _nouvelle_cotisation(regle=regle, medecin_id=ligne["pk"], reference=reference_medecin(annee, ligne["rpps"]))
        )
    # Companies: those registered now, or struck off after 1 January (still on the tableau that day: the year's
    # dues stay owed), registered by 1 January or during the year.
    societes = Societe.objects.filter(
        Q(statut=Societe.Statut.INSCRIT) | Q(statut=Societe.Statut.RADIE, date_radiation__gt=jour)
    ).filter(Q(date_inscription__isnull=True) | Q(date_inscription__year__lte=annee))
    for pk, date_inscription in societes.values_list("pk", "date_inscription").order_by("pk"):
        if pk in deja_societes:
            continue
        nouvelles.append(
            _nouvelle_cotisation(
                regle=regle_societe(annee=annee, date_inscription=date_inscription, bareme=bareme),
                societe_id=pk,
                reference=reference_societe(annee, pk),
            )
        )
    try:
        with transaction.atomic():
            _ecrire_cotisations(nouvelles, annee=annee, today=today, par=par)
    except IntegrityError as exc:
        raise ValidationError(
            "Un autre appel des cotisations de cette année vient d'être enregistré : relancez l'appel, il "
            "n'ajoutera que les redevables manquants."
        ) from exc
    existantes = len(deja_medecins) + len(deja_societes)
    return {"creees": len(nouvelles), "existantes": existantes}


# --- the hardship exemption -----------------------------------------------------------------------------------------

TAUX_INSUFFISANCE = (50, 100)


def exoneration_accorder(
    *, cotisation: Cotisation, motif: str, taux: int, deliberation: Deliberation | None, par, today: datetime.date
) -> Cotisation:
    """Record the exemption for insufficient resources the plenary decided (100 % or 50 % only, case by case;
    seed 002 L.II T.III 1.3): it must cite the plenary's deliberation, which is kept with the dues."""
    exiger(par, "cotisations.exoneration_accorder", objet=cotisation, date=today)
    erreurs = {}
    if motif != MotifExoneration.INSUFFISANCE_RESSOURCES:
        erreurs["motif"] = ["Seule l'exonération pour insuffisance de ressources s'accorde ainsi."]
    if taux not in TAUX_INSUFFISANCE:
        erreurs["taux"] = ["L'exonération pour insuffisance de ressources est de 50 % ou de 100 %, rien d'autre."]
    if deliberation is None:
        erreurs["deliberation"] = ["Citez la délibération de la séance plénière qui a décidé l'exonération."]
    elif deliberation.seance.type not in TYPES_PLENIERS or not deliberation.adoptee:
        erreurs["deliberation"] = [
            f"La délibération {deliberation.numero} n'est pas une décision adoptée en séance plénière : seule "
            "la plénière accorde cette exonération."
        ]
    if erreurs:
        raise ValidationError(erreurs)
    with transaction.atomic():
        cotisation = _verrouiller(cotisation)
        if cotisation.exoneration_taux is not None and cotisation.exoneration_taux >= taux:
            raise ValidationError(
                {
                    "taux": [
                        f"Cette cotisation est déjà exonérée à {cotisation.exoneration_taux} % "
                        f"({cotisation.get_exoneration_motif_display()})."
                    ]
                }
            )
        du = au_pourcentage(cotisation.montant_bareme, taux)
        if cotisation.montant_paye > du + cotisation.frais:
            raise ValidationError(
                {
                    "taux": [
                        "Le médecin a déjà payé plus que ce qui resterait dû : annulez d'abord le paiement en "
                        "trop (contre-passation) avant d'enregistrer l'exonération."
                    ]
                }
            )
        cotisation.exoneration_motif = motif
        cotisation.exoneration_taux = taux
        cotisation.exoneration_deliberation = deliberation
        cotisation.montant_du = du
        cotisation.statut = _statut(cotisation)
        return enregistrer(cotisation, par=par)
