"""The reminder calendar of unpaid dues (DOMAIN.md 2; seed 002 L.II T.III 2.2), worked out from the database.

Celery beat (config/celery.py), `python manage.py relances --date` and the admin's « Lancer » all call
`relances_executer(date=, par=)`, which sends what is due on `date` and nothing else:

- 15 April of N: reminder by simple letter (`rappel`, no postage);
- 1 June of N: registered letter with acknowledgement (`lrar1`) announcing recovery proceedings; it claims its
  postage (the year's `Bareme.frais_lrar`, added to `Cotisation.frais` and kept on the letter's row);
- 1 December of N: second registered letter (`lrar2`) claiming the postage of both letters (its own is added) and
  announcing court proceedings;
- January N+1: after the plenary's deliberation, one request for an injonction de payer per debtor still unpaid
  (`injonctions_demander`), the amount broken down into dues, postage and legal interest.

Who gets a step on `date`: the dues still unpaid on that day (status `due`, balance above zero counting the
payments dated up to that day), that have not had that step (the UNIQUE (cotisation, etape) constraint is the
guard), that are not under a hardship exemption decided in plenary (the plenary's case-by-case decision
replaces the calendar) and whose reminders are not suspended that day by a payment plan (`relances_suspendre`: up
to its last instalment). A payment, a full exemption or a hardship exemption therefore stops the chain; a payment
plan pauses it, and it resumes after the plan if a balance remains.

Catching up (beat down, a run missed): each run sends, to each debtor, at most ONE step, the earliest one he is
missing among those whose date has passed, and a step only when the previous one went at least
`DELAI_ENTRE_ETAPES` days before (and a reminder at least that long after the call). A run on 5 June after a
missed 15 April and 1 June sends the reminder on 5 June, the first registered letter 30 days later; a debtor never
gets two letters the same day, each letter's date is the day it really leaves, and each registered letter claims
its own postage exactly once. A first registration called late in the year enters the chain 30 days after its call.

The run is written per chunk of `settings.RELANCES_TAILLE_LOT` dues (10 000), each chunk in its own transaction
under the year's lock (`verrouiller("cotisations.relances.<annee>")`), in a fixed number of set-based statements:
one `INSERT … SELECT … ON CONFLICT (cotisation, etape) DO NOTHING RETURNING` of the letters (keyset: each chunk
reads on from the last dues id), one UPDATE of the postage, and the history rows as INSERT … SELECT of the rows
just written (the same rows django-simple-history's bulk helpers would write — every column, date, author, type —
without loading 30 000 objects in Python: see tests/perf/bench_relances.py). Two overlapping runs send once (the
second waits for the lock, then finds nothing left); a run killed after a chunk has committed its letters, and the
next run sends the rest (none missing, none twice). The e-mail copies (one `commun.Envoi` per letter where an
address is known, written in the chunk's transaction) are enqueued once at the end of the run, 500 ids a message,
with any copy never tried yet (a killed run's; a copy enqueued twice is sent once). Registered letters always go
on paper too: the admin prints them.

Non-payment never touches the doctor's registration (DOMAIN.md 2): nothing here writes to `tableau`.
"""

import datetime
import logging
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import F
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from commun.models import Envoi, EtatEnvoi, NatureEnvoi
from commun.services import enregistrer, verrouiller
from config.perms import exiger
from gouvernance.models import TYPES_PLENIERS, Deliberation

from ..calendrier import (
    AVEC_FRAIS,
    ETAPES_CALENDRIER,
    annee_du_calendrier,
    annees_a_relancer,
    conditions,
    date_etape,
    date_fr,
    debiteurs_injonction,
    etapes_dues,
    principal_restant,
    table,
)
from ..models import Bareme, Cotisation, EtapeRelance, Relance

journal = logging.getLogger(__name__)

TAILLE_MESSAGE = 500  # Envoi ids per Celery message
FUSIONNER = True  # PostgreSQL: a chunk in one statement (`_lot_fusionne`); the tests compare it with the other path
CENTIME = Decimal("0.01")


def taille_lot() -> int:
    """Dues per chunk of a run (settings.RELANCES_TAILLE_LOT, 10 000 by default)."""
    return max(1, settings.RELANCES_TAILLE_LOT)


def verifier_appel(*, date: datetime.date) -> None:
    """A run dated before the dues were called has nothing to work on: a clear refusal, not a silent 0. From
    15 April the year's own dues must be called by then; before it, some dues of the years the run looks at."""
    annee = annee_du_calendrier(date)
    if annee == date.year:
        premier = Cotisation.objects.filter(annee=annee).order_by("appelee_le").values_list("appelee_le", flat=True)
        premier = premier.first()
        if premier is None:
            raise ValidationError(
                {
                    "date": f"Les cotisations {annee} n'ont pas encore été appelées : une relance au {date_fr(date)} "
                    "n'a rien à relancer. Appelez d'abord les cotisations de l'année."
                }
            )
        if premier > date:
            raise ValidationError(
                {
                    "date": f"Une relance datée du {date_fr(date)} précède l'appel des cotisations {annee} (appelées "
                    f"le {date_fr(premier)}) : choisissez une date postérieure à l'appel."
                }
            )
    elif not Cotisation.objects.filter(annee__in=[annee - 1, annee, date.year], appelee_le__lte=date).exists():
        raise ValidationError(
            {
                "date": f"Aucune cotisation n'était appelée au {date_fr(date)} : une relance à cette date précède "
                "l'appel des cotisations. Choisissez une date postérieure à l'appel."
            }
        )


# --- the run, chunk by chunk ----------------------------------------------------------------------------------------


def _inserer_lot(
    *, etape: str, annee: int, date: datetime.date, frais: Decimal, maintenant, apres: int
) -> list[tuple[int, int]]:
    """INSERT … SELECT the next chunk of letters of `etape` (the dues after id `apres`, in id order: each chunk reads
    on from the last, never the rows already done); returns (relance id, cotisation id) of those written."""
    where, params = conditions(etape=etape, annee=annee, date=date)
    ops = connection.ops
    params.update(
        frais=ops.adapt_decimalfield_value(frais, 12, 2),
        maintenant=ops.adapt_datetimefield_value(maintenant),
        lot=taille_lot(),
        apres=apres,
        vide="",
        zero=ops.adapt_decimalfield_value(Decimal("0.00"), 12, 2),
    )
    sql = f"""
        INSERT INTO {table(Relance)}
            (cotisation_id, etape, date, frais, numero_suivi, numero_suivi_le, deliberation_id, interets, tribunal,
             creee_le)
        SELECT c.id, %(etape)s, %(date)s, %(frais)s, %(vide)s, NULL, NULL, %(zero)s, %(vide)s, %(maintenant)s
        FROM {table(Cotisation)} c
        WHERE {where} AND c.id > %(apres)s
        ORDER BY c.id
        LIMIT %(lot)s
        ON CONFLICT (cotisation_id, etape) DO NOTHING
        RETURNING id, cotisation_id
    """
    with connection.cursor() as curseur:
        curseur.execute(sql, params)
        return list(curseur.fetchall())


HISTOIRE = ("history_id", "history_date", "history_change_reason", "history_type", "history_user_id")


def _liste(ids) -> str:
    return ", ".join(str(int(i)) for i in ids)  # integers from our own RETURNING: inlined, not user input


def _historiser(modele, ids: list[int], *, type_historique: str, par, maintenant) -> None:
    """The history rows of `ids` as django-simple-history writes them (every column of the row, the date, the
    author, « + » created or « ~ » changed), in one INSERT … SELECT from the rows just written: history in bulk
    without loading the rows in Python (the bench's 30 000 letters)."""
    historique = modele.history.model
    colonnes = _colonnes_historiques(modele)
    qn = connection.ops.quote_name
    liste = ", ".join(qn(c) for c in colonnes)
    sql = f"""
        INSERT INTO {table(historique)} ({liste}, history_date, history_change_reason, history_type, history_user_id)
        SELECT {", ".join("t." + qn(c) for c in colonnes)}, %s, NULL, %s, %s
        FROM {table(modele)} t WHERE t.id IN ({_liste(ids)})
    """
    with connection.cursor() as curseur:
        curseur.execute(sql, [connection.ops.adapt_datetimefield_value(maintenant), type_historique, par.pk])


# The debtor's address (aliases m the doctor, s the company, g its gérant): the doctor's; for a company its own,
# else its gérant's. The SQL twin of services/paiements.py `_adresse_du_redevable` (tests/cotisations/
# test_relances.py checks that both give the same address in every case).
ADRESSE_SQL = "TRIM(COALESCE(NULLIF(m.email, ''), NULLIF(s.email, ''), g.email, ''))"


def adresses_des_redevables(cotisation_ids: list[int]) -> dict[int, str]:
    """{dues id: the address ADRESSE_SQL gives} ("" when none): what the reminders' copies use, for the test that
    holds it equal to the receipts' rule (services/paiements.py `_adresse_du_redevable`)."""
    from tableau.models import Medecin, Societe

    if not cotisation_ids:
        return {}
    sql = f"""
        SELECT c.id, {ADRESSE_SQL}
        FROM {table(Cotisation)} c
        LEFT JOIN {table(Medecin)} m ON m.id = c.medecin_id
        LEFT JOIN {table(Societe)} s ON s.id = c.societe_id
        LEFT JOIN {table(Medecin)} g ON g.id = s.gerant_id
        WHERE c.id IN ({_liste(cotisation_ids)})
    """
    with connection.cursor() as curseur:
        curseur.execute(sql)
        return dict(curseur.fetchall())


def _copies_courriel(relance_ids: list[int], *, par, maintenant) -> list[int]:
    """One e-mail copy (commun.Envoi, « à envoyer ») per letter whose debtor has an address, in one INSERT …
    SELECT; returns their ids. The letters are new: no copy exists yet (the unique constraint stays the guard)."""
    from tableau.models import Medecin, Societe

    from ..tasks import relances_courriels_envoyer

    ops = connection.ops
    adresse = ADRESSE_SQL
    sql = f"""
        INSERT INTO {table(Envoi)} (nature, tache, type_objet_id, objet_id, destinataire, lot, etat, tentatives,
            envoye_le, derniere_erreur, demande_par_id, cree_le, modifie_le)
        SELECT %s, %s, %s, r.id, {adresse}, 1, %s, 0, NULL, '', %s, %s, %s
        FROM {table(Relance)} r
        JOIN {table(Cotisation)} c ON c.id = r.cotisation_id
        LEFT JOIN {table(Medecin)} m ON m.id = c.medecin_id
        LEFT JOIN {table(Societe)} s ON s.id = c.societe_id
        LEFT JOIN {table(Medecin)} g ON g.id = s.gerant_id
        WHERE r.id IN ({_liste(relance_ids)}) AND {adresse} <> ''
        RETURNING id
    """
    instant = ops.adapt_datetimefield_value(maintenant)
    with connection.cursor() as curseur:
        curseur.execute(
            sql,
            [
                NatureEnvoi.RELANCE_COTISATION.value,
                relances_courriels_envoyer.name,
                _type_relance().pk,
                EtatEnvoi.A_ENVOYER.value,
                par.pk,
                instant,
                instant,
            ],
        )
        ids = [ligne[0] for ligne in curseur.fetchall()]
    if ids:
        _historiser(Envoi, ids, type_historique="+", par=par, maintenant=maintenant)
    return ids


def _colonnes_historiques(modele) -> list[str]:
    """The columns a history row copies from the row (every concrete column but simple-history's own)."""
    return [f.column for f in modele.history.model._meta.concrete_fields if f.column not in HISTOIRE]


def _lot_fusionne(*, etape, annee, date, frais, par, maintenant, apres) -> tuple[list[int], list[int]]:
    """PostgreSQL: the whole chunk in ONE statement of data-modifying CTEs. The letters' INSERT … RETURNING * feeds
    their history rows, the postage's UPDATE … RETURNING * the dues' history rows, and the e-mail copies' INSERT …
    RETURNING * theirs: every row is written once and never read back by id (the multi-statement path below, kept
    for SQLite, re-reads each set by an IN list of up to 10 000 ids). The rows written are the same, column for
    column (tests/cotisations/test_relances.py compares both paths' history)."""
    from tableau.models import Medecin, Societe

    from ..tasks import relances_courriels_envoyer

    qn = connection.ops.quote_name
    ops = connection.ops
    where, params = conditions(etape=etape, annee=annee, date=date)
    params.update(
        frais=ops.adapt_decimalfield_value(frais, 12, 2),
        maintenant=ops.adapt_datetimefield_value(maintenant),
        lot=taille_lot(),
        apres=apres,
        vide="",
        zero=ops.adapt_decimalfield_value(Decimal("0.00"), 12, 2),
        par=par.pk,
        nature=NatureEnvoi.RELANCE_COTISATION.value,
        tache=relances_courriels_envoyer.name,
        type_objet=_type_relance().pk,
        a_envoyer=EtatEnvoi.A_ENVOYER.value,
        cree="+",
        change="~",
    )

    def histoire(modele, source: str, type_historique: str) -> str:
        colonnes = _colonnes_historiques(modele)
        return f"""
            INSERT INTO {table(modele.history.model)}
                ({", ".join(qn(c) for c in colonnes)}, history_date, history_change_reason, history_type,
                 history_user_id)
            SELECT {", ".join(f"{source}.{qn(c)}" for c in colonnes)}, %(maintenant)s, NULL, %({type_historique})s,
                %(par)s
            FROM {source}"""

    frais_sql = ""
    if frais:
        frais_sql = f"""
        dues AS (
            UPDATE {table(Cotisation)} d SET frais = d.frais + %(frais)s
            FROM lettres l WHERE d.id = l.cotisation_id
            RETURNING d.*
        ),
        histoire_dues AS ({histoire(Cotisation, "dues", "change")}),"""
    sql = f"""
        WITH lettres AS (
            INSERT INTO {table(Relance)}
                (cotisation_id, etape, date, frais, numero_suivi, numero_suivi_le, deliberation_id, interets,
                 tribunal, creee_le)
            SELECT c.id, %(etape)s, %(date)s, %(frais)s, %(vide)s, NULL, NULL, %(zero)s, %(vide)s, %(maintenant)s
            FROM {table(Cotisation)} c
            WHERE {where} AND c.id > %(apres)s
            ORDER BY c.id
            LIMIT %(lot)s
            ON CONFLICT (cotisation_id, etape) DO NOTHING
            RETURNING *
        ),
        histoire_lettres AS ({histoire(Relance, "lettres", "cree")}),{frais_sql}
        copies AS (
            INSERT INTO {table(Envoi)} (nature, tache, type_objet_id, objet_id, destinataire, lot, etat, tentatives,
                envoye_le, derniere_erreur, demande_par_id, cree_le, modifie_le)
            SELECT %(nature)s, %(tache)s, %(type_objet)s, l.id, {ADRESSE_SQL}, 1, %(a_envoyer)s, 0, NULL, '',
                %(par)s, %(maintenant)s, %(maintenant)s
            FROM lettres l
            JOIN {table(Cotisation)} c ON c.id = l.cotisation_id
            LEFT JOIN {table(Medecin)} m ON m.id = c.medecin_id
            LEFT JOIN {table(Societe)} s ON s.id = c.societe_id
            LEFT JOIN {table(Medecin)} g ON g.id = s.gerant_id
            WHERE {ADRESSE_SQL} <> ''
            RETURNING *
        ),
        histoire_copies AS ({histoire(Envoi, "copies", "cree")})
        SELECT l.cotisation_id, NULL FROM lettres l
        UNION ALL
        SELECT NULL, e.id FROM copies e
    """
    with transaction.atomic():
        verrouiller(f"cotisations.relances.{annee}")
        with connection.cursor() as curseur:
            curseur.execute(sql, params)
            lignes = curseur.fetchall()
    return [c for c, _ in lignes if c is not None], [e for _, e in lignes if e is not None]


def _lot(*, etape, annee, date, frais, par, maintenant, apres) -> tuple[list[int], list[int]]:
    """One chunk, in its own transaction under the year's lock, all set-based: the letters (INSERT … SELECT … ON
    CONFLICT DO NOTHING), their history, the postage added to the dues and the dues' history, the e-mail copies and
    theirs. A fixed number of queries per chunk, whatever its size: one on PostgreSQL (`_lot_fusionne`)."""
    if connection.vendor == "postgresql" and FUSIONNER:
        return _lot_fusionne(
            etape=etape, annee=annee, date=date, frais=frais, par=par, maintenant=maintenant, apres=apres
        )
    with transaction.atomic():
        verrouiller(f"cotisations.relances.{annee}")
        lignes = _inserer_lot(etape=etape, annee=annee, date=date, frais=frais, maintenant=maintenant, apres=apres)
        if not lignes:
            return [], []
        ids_relances = [rid for rid, _ in lignes]
        ids_cotisations = [cid for _, cid in lignes]
        _historiser(Relance, ids_relances, type_historique="+", par=par, maintenant=maintenant)
        if frais:
            Cotisation.objects.filter(pk__in=ids_cotisations).update(frais=F("frais") + frais)
            _historiser(Cotisation, ids_cotisations, type_historique="~", par=par, maintenant=maintenant)
        return ids_cotisations, _copies_courriel(ids_relances, par=par, maintenant=maintenant)


def _type_relance():
    from django.contrib.contenttypes.models import ContentType

    return ContentType.objects.get_for_model(Relance)


def _programmer_courriels(envoi_ids: list[int]) -> int:
    """Enqueue the e-mail copies: those written by this run and any a killed run left unqueued (never tried).
    A row enqueued twice is sent once (commun.services.envois_expedier locks it and skips it once sent)."""
    from ..tasks import relances_courriels_envoyer

    orphelins = Envoi.objects.filter(
        nature=NatureEnvoi.RELANCE_COTISATION, etat=EtatEnvoi.A_ENVOYER, tentatives=0
    ).values_list("pk", flat=True)
    ids = sorted(set(envoi_ids) | set(orphelins))
    for debut in range(0, len(ids), TAILLE_MESSAGE):
        morceau = ids[debut : debut + TAILLE_MESSAGE]
        transaction.on_commit(lambda morceau=morceau: relances_courriels_envoyer.delay(envoi_ids=morceau))
    return len(ids)


def relances_executer(*, date: datetime.date, par) -> dict:
    """Send every step of the calendar due on `date` (see the module's docstring). Idempotent: a re-run on the same
    date sends nothing. Returns {"date", "annees", "rappel", "lrar1", "lrar2", "courriels"}: letters written."""
    exiger(par, "cotisations.relances_executer", date=date)
    annee_courante = annee_du_calendrier(date)
    verifier_appel(date=date)
    bilan = {"date": date, "annees": [], **{str(e): 0 for e in ETAPES_CALENDRIER}, "courriels": 0}
    envoi_ids: list[int] = []
    maintenant = timezone.now()
    for annee in annees_a_relancer(date):
        etapes = etapes_dues(date, annee)
        if not etapes:
            continue
        bareme = Bareme.objects.filter(annee=annee).first()
        if bareme is None:
            if annee == annee_courante:
                raise ValidationError({"date": f"Aucun barème {annee} : les frais de recommandé sont inconnus."})
            continue
        bilan["annees"].append(annee)
        # Latest step first: a debtor who just got the earlier step today is not eligible for the next one (its
        # previous letter must be DELAI_ENTRE_ETAPES old), so the order only keeps each debtor to one letter a day.
        for etape in reversed(etapes):
            frais = bareme.frais_lrar if etape in AVEC_FRAIS else Decimal("0.00")
            apres = 0
            while True:
                faites, ids = _lot(
                    etape=etape, annee=annee, date=date, frais=frais, par=par, maintenant=maintenant, apres=apres
                )
                nombre = len(faites)
                apres = max(faites, default=apres)
                bilan[str(etape)] += nombre
                envoi_ids += ids
                apres_lot(etape=etape, nombre=nombre)
                if nombre < taille_lot():
                    break
    bilan["courriels"] = _programmer_courriels(envoi_ids)
    journal.info("Relances du %s : %s", date, bilan)
    return bilan


def apres_lot(*, etape, nombre) -> None:
    """Called after each chunk has committed (the tests interrupt a run here to prove it resumes)."""


# --- tracking numbers of the registered letters ---------------------------------------------------------------------


def _lettre_recommandee(relance: Relance) -> None:
    if relance.etape not in AVEC_FRAIS:
        raise ValidationError(
            {"numero_suivi": "Seules les lettres recommandées (1er juin, 1er décembre) ont un numéro de suivi."}
        )


def numero_suivi_enregistrer(*, relance: Relance, numero_suivi: str, par, today: datetime.date) -> Relance:
    """Record the tracking number of a registered letter (typed in the admin). Idempotent: the same number again
    changes nothing; a different one corrects it (history keeps the former)."""
    exiger(par, "cotisations.numero_suivi_enregistrer", objet=relance, date=today)
    numero = "".join((numero_suivi or "").split()).upper()
    _lettre_recommandee(relance)
    if not numero:
        raise ValidationError({"numero_suivi": "Saisissez le numéro de suivi imprimé sur la preuve de dépôt."})
    with transaction.atomic():
        relance = Relance.objects.select_for_update().get(pk=relance.pk)
        if relance.numero_suivi == numero:
            return relance
        relance.numero_suivi = numero
        relance.numero_suivi_le = today
        return enregistrer(relance, par=par, update_fields=["numero_suivi", "numero_suivi_le"])


def numeros_suivi_importer(*, lignes: list[dict], etape: str, par, today: datetime.date) -> dict:
    """Record the tracking numbers of the registered letters of one step from clean rows (`reference` — the dues'
    RF reference — or `cotisation` id; `numero_suivi`; `ligne` the file's line number), parsed by the door
    (cotisations/importation_relances.py). A number already recorded is left alone (a second import of the same
    file changes nothing); an unknown line is reported, never guessed. Returns {"enregistres", "inchanges",
    "erreurs": ["Ligne n : …"]}."""
    exiger(par, "cotisations.numero_suivi_enregistrer", date=today)
    if etape not in AVEC_FRAIS:
        raise ValidationError({"etape": "Choisissez la lettre recommandée du 1er juin ou celle du 1er décembre."})
    references = {ligne["reference"] for ligne in lignes if ligne.get("reference")}
    ids = {ligne["cotisation"] for ligne in lignes if ligne.get("cotisation")}
    relances = Relance.objects.filter(etape=etape).select_related("cotisation")
    par_reference, par_id = {}, {}
    for relance in relances.filter(cotisation__reference__in=references) | relances.filter(cotisation_id__in=ids):
        par_reference[relance.cotisation.reference] = relance
        par_id[relance.cotisation_id] = relance
    bilan = {"enregistres": 0, "inchanges": 0, "erreurs": []}
    a_ecrire = []
    libelle = EtapeRelance(etape).label
    for ligne in lignes:
        relance = par_reference.get(ligne.get("reference")) or par_id.get(ligne.get("cotisation"))
        numero = "".join((ligne.get("numero_suivi") or "").split()).upper()
        quoi = ligne.get("reference") or ligne.get("cotisation")
        if not numero:
            bilan["erreurs"].append(f"Ligne {ligne['ligne']} : numéro de suivi manquant.")
        elif relance is None:
            bilan["erreurs"].append(
                f"Ligne {ligne['ligne']} : aucune « {libelle} » n'a été envoyée pour la cotisation « {quoi} »."
            )
        elif relance.numero_suivi == numero:
            bilan["inchanges"] += 1
        elif relance.numero_suivi:
            bilan["erreurs"].append(
                f"Ligne {ligne['ligne']} : la lettre de la cotisation « {quoi} » a déjà le numéro "
                f"{relance.numero_suivi} ; corrigez-le depuis sa fiche s'il est faux."
            )
        else:
            relance.numero_suivi, relance.numero_suivi_le = numero, today
            a_ecrire.append(relance)
    if a_ecrire:
        from simple_history.utils import bulk_update_with_history

        with transaction.atomic():
            bulk_update_with_history(
                a_ecrire, Relance, ["numero_suivi", "numero_suivi_le"], batch_size=2000, default_user=par
            )
    bilan["enregistres"] = len(a_ecrire)
    return bilan


# --- January N+1: the court requests --------------------------------------------------------------------------------


def relances_suspendre(
    *, cotisation: Cotisation, jusqu_au: datetime.date | None, motif: str, par, today: datetime.date
) -> Cotisation:
    """A payment plan agreed for these dues: no reminder leaves until `jusqu_au` (its last instalment) inclusive;
    after it, the calendar resumes where it stopped if a balance remains (the next run sends the earliest step
    missing). `jusqu_au` None lifts the suspension. The history keeps who, when and what before."""
    exiger(par, "cotisations.relances_suspendre", objet=cotisation, date=today)
    motif = (motif or "").strip()
    if jusqu_au is not None:
        if jusqu_au < today:
            raise ValidationError(
                {"jusqu_au": f"La suspension court jusqu'à la dernière échéance : le {date_fr(jusqu_au)} est passé."}
            )
        if not motif:
            raise ValidationError({"motif": "Indiquez le motif de la suspension (l'échéancier accordé et sa date)."})
    with transaction.atomic():
        cotisation = Cotisation.objects.select_for_update().get(pk=cotisation.pk)
        cotisation.relances_suspendues_jusqu_au = jusqu_au
        cotisation.relances_suspendues_motif = motif if jusqu_au is not None else ""
        return enregistrer(
            cotisation, par=par, update_fields=["relances_suspendues_jusqu_au", "relances_suspendues_motif"]
        )


def _jours(debut: datetime.date, fin: datetime.date) -> int:
    return max(0, (fin - debut).days)


def interets_legaux(*, principal: Decimal, depuis: datetime.date, jusqu_a: datetime.date) -> Decimal:
    """The legal interest on `principal` from the day after `depuis` (the formal notice: the first registered
    letter) up to `jusqu_a` (the request) included: each half-year at its rate (Bareme.taux_interet_legal_s1 for
    January–June, _s2 for July–December of that year's scale), pro rata temporis over 365 days; rounded to the
    cent once, at the end."""
    if principal <= 0 or jusqu_a <= depuis:
        return Decimal("0.00")
    baremes = {b.annee: b for b in Bareme.objects.filter(annee__gte=depuis.year, annee__lte=jusqu_a.year)}
    total = Decimal("0")
    for annee in range(depuis.year, jusqu_a.year + 1):
        bareme = baremes.get(annee)
        for debut, fin, champ in (
            (datetime.date(annee - 1, 12, 31), datetime.date(annee, 6, 30), "taux_interet_legal_s1"),
            (datetime.date(annee, 6, 30), datetime.date(annee, 12, 31), "taux_interet_legal_s2"),
        ):
            jours = _jours(max(debut, depuis), min(fin, jusqu_a))
            if not jours:
                continue
            if bareme is None:
                raise ValidationError(
                    {"today": f"Le barème {annee} manque : son taux de l'intérêt légal est nécessaire au calcul."}
                )
            total += principal * getattr(bareme, champ) / 100 * jours / 365
    return total.quantize(CENTIME, rounding=ROUND_HALF_UP)


def injonctions_demander(*, annee: int, deliberation: Deliberation | None, par, today: datetime.date) -> dict:
    """Once the plenary has deliberated (January N+1), write one request for an injonction de payer per debtor of
    `annee` still unpaid after the second registered letter: a `Relance` of step `injonction` (unique per dues)
    citing the deliberation, with the legal interest on the dues from the first registered letter to `today` and
    the court (settings.CDOM_TRIBUNAL). The PDF (cotisations/documents_relances.py) is the request itself.
    Returns {"creees", "existantes"}."""
    exiger(par, "cotisations.injonctions_demander", date=today)
    if today < date_etape(EtapeRelance.INJONCTION, annee):
        raise ValidationError(
            {
                "today": f"Les requêtes en injonction de payer des cotisations {annee} se demandent à partir de janvier "
                f"{annee + 1}, après la seconde lettre recommandée du 1er décembre."
            }
        )
    if deliberation is None:
        raise ValidationError(
            {"deliberation": "Citez la délibération de la séance plénière qui décide les poursuites."}
        )
    if deliberation.seance.type not in TYPES_PLENIERS or not deliberation.adoptee:
        raise ValidationError(
            {
                "deliberation": f"La délibération {deliberation.numero} n'est pas une décision adoptée en séance "
                "plénière : seule la plénière décide de saisir le juge."
            }
        )
    if not (date_etape(EtapeRelance.LRAR2, annee) < deliberation.seance.date <= today):
        raise ValidationError(
            {
                "deliberation": f"La délibération {deliberation.numero} (séance du {date_fr(deliberation.seance.date)}) "
                f"doit être postérieure à la seconde lettre recommandée du 1er décembre {annee} et antérieure à la "
                "requête."
            }
        )
    with transaction.atomic():
        verrouiller(f"cotisations.relances.{annee}")
        cotisations = list(debiteurs_injonction(annee=annee, date=today).order_by("pk"))
        lrar1 = dict(
            Relance.objects.filter(cotisation__in=cotisations, etape=EtapeRelance.LRAR1).values_list(
                "cotisation_id", "date"
            )
        )
        requetes = [
            Relance(
                cotisation=c,
                etape=EtapeRelance.INJONCTION,
                date=today,
                frais=Decimal("0.00"),
                deliberation=deliberation,
                interets=interets_legaux(principal=principal_restant(c), depuis=lrar1[c.pk], jusqu_a=today),
                tribunal=settings.CDOM_TRIBUNAL,
            )
            for c in cotisations
        ]
        bulk_create_with_history(requetes, Relance, batch_size=2000, default_user=par)
    existantes = Relance.objects.filter(cotisation__annee=annee, etape=EtapeRelance.INJONCTION).count()
    return {"creees": len(requetes), "existantes": existantes - len(requetes)}
