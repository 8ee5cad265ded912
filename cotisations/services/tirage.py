"""The print run of a year's dues calls (issue 10 point 8): ONE print-ready PDF of every call of the year.

- `tirage_lancer` fixes the letters (every call of the year, by the debtor's name) and cuts them into chunks of
  `taille_lot` (setting COTISATIONS_TIRAGE_TAILLE_LOT), one `LotTirage` row each, unique per (run, number); once
  committed, one Celery task per chunk (ids only).
- `lot_rendre` (the chunk's task) renders the chunk as ONE HTML document with the worker's font configuration
  and image cache, writes its PDF under MEDIA_ROOT/tirages/ (private), then marks it done and counts its letters
  in the run, under the run's lock, once: a chunk already done is skipped, a chunk left "en cours" by a killed
  worker is rendered again (its file replaced whole). The last chunk done enqueues the merge.
- `tirage_assembler` (one task, idempotent) merges the chunks' PDFs in their order into the run's file, in constant
  memory (commun/pdf_concat.py: pypdf parses and writes each chunk's objects, one chunk at a time).
- `tirage_reprendre` enqueues again what is not done (a run whose worker died, a broker that lost its messages).
"""

import os
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from commun.pdf_concat import concatener
from commun.services import auteur_historique, enregistrer
from config.perms import exiger

from .. import selectors
from ..models import EtatLot, EtatTirage, LotTirage, Tirage

DOSSIER = "tirages"


def taille_lot_par_defaut() -> int:
    """100 letters a chunk: the workers take the chunks one after the other, so a run ends at most one chunk after
    the slower worker's last; at 250 the 2-worker run waited up to 250 letters' time for its last chunk, and each
    worker laid out (and held in memory) 250 pages at once (tests/perf/bench_tirage.py)."""
    return int(getattr(settings, "COTISATIONS_TIRAGE_TAILLE_LOT", 100))


def chemin_absolu(relatif: str) -> Path:
    return Path(settings.MEDIA_ROOT) / relatif


def _ecrire(relatif: str, contenu: bytes | None = None, *, ecrire=None) -> None:
    """Write the file whole or not at all (a temporary file renamed over it): a killed worker leaves no half file."""
    chemin = chemin_absolu(relatif)
    chemin.parent.mkdir(parents=True, exist_ok=True)
    provisoire = chemin.with_name(f".{chemin.name}.{os.getpid()}.part")
    with open(provisoire, "wb") as f:
        if ecrire is not None:
            ecrire(f)
        else:
            f.write(contenu)
    os.replace(provisoire, chemin)


def _programmer(tirage_id: int) -> None:
    """Enqueue a task per chunk not done, or the merge when every chunk is done and the file is missing."""
    from .. import tasks

    restants = list(
        LotTirage.objects.filter(tirage_id=tirage_id)
        .exclude(etat=EtatLot.FAIT)
        .order_by("numero")
        .values_list("pk", flat=True)
    )
    if restants:
        for lot_id in restants:
            tasks.tirage_lot_rendre.delay(lot_id=lot_id)
    elif not Tirage.objects.filter(pk=tirage_id).exclude(fichier="").exists():
        tasks.tirage_assembler.delay(tirage_id=tirage_id)


def tirage_lancer(*, annee: int, par, today, taille_lot: int | None = None) -> Tirage:
    """A new print run of every call of `annee`; its chunks are rendered by the workers once this commits."""
    exiger(par, "cotisations.tirage_lancer", date=today)
    taille = taille_lot_par_defaut() if taille_lot is None else taille_lot
    if taille < 1:
        raise ValidationError({"taille_lot": ["Un lot compte au moins une lettre."]})
    with transaction.atomic():
        ids = selectors.ordre_du_tirage(annee)
        if not ids:
            raise ValidationError(
                {
                    "annee": [
                        f"Aucune cotisation n'est appelée pour {annee} : appelez d'abord les cotisations de l'année."
                    ]
                }
            )
        tirage = Tirage(
            annee=annee,
            total=len(ids),
            taille_lot=taille,
            debut=timezone.now(),
            demande_par=par,
            demande_le=today,
        )
        enregistrer(tirage, par=par)
        LotTirage.objects.bulk_create(
            [
                LotTirage(
                    tirage=tirage,
                    numero=numero,
                    rang_debut=debut + 1,
                    rang_fin=debut + len(ids[debut : debut + taille]),
                    cotisations=ids[debut : debut + taille],
                )
                for numero, debut in enumerate(range(0, len(ids), taille), start=1)
            ],
            batch_size=500,
        )
        transaction.on_commit(lambda: _programmer(tirage.pk))
    return tirage


def tirage_reprendre(*, tirage: Tirage, par, today) -> Tirage:
    """Enqueue again every chunk of the run not done (and the merge if only it is left): the chunks done stay."""
    exiger(par, "cotisations.tirage_lancer", objet=tirage, date=today)
    if tirage.fichier:
        raise ValidationError("Ce tirage est terminé : son fichier est prêt.")
    transaction.on_commit(lambda: _programmer(tirage.pk))
    return tirage


def lot_rendre(*, lot_id: int, par) -> bool:
    """Render one chunk; True when this call marked it done (False: it was done already)."""
    with transaction.atomic():
        lot = LotTirage.objects.select_for_update().select_related("tirage").get(pk=lot_id)
        exiger(par, "cotisations.tirage_lancer", objet=lot.tirage, date=lot.tirage.demande_le)
        if lot.etat == EtatLot.FAIT:
            return False
        lot.etat, lot.essais = EtatLot.EN_COURS, lot.essais + 1
        lot.save(update_fields=["etat", "essais"])
    from ..documents import appels_lot_pdf

    relatif = f"{DOSSIER}/{lot.tirage_id}/lot-{lot.numero:05d}.pdf"
    _ecrire(relatif, appels_lot_pdf(lot.cotisations))
    with transaction.atomic():
        tirage = Tirage.objects.select_for_update().get(pk=lot.tirage_id)
        lot = LotTirage.objects.select_for_update().get(pk=lot_id)
        if lot.etat == EtatLot.FAIT:  # another delivery of the same task finished first
            return False
        lot.etat, lot.fichier, lot.fait_le = EtatLot.FAIT, relatif, timezone.now()
        lot.save(update_fields=["etat", "fichier", "fait_le"])
        tirage.faites += lot.nombre
        if tirage.faites == tirage.total:
            tirage.etat = EtatTirage.ASSEMBLAGE
            transaction.on_commit(lambda: _programmer(tirage.pk))
        auteur_historique(tirage, par)
        tirage.save(update_fields=["faites", "etat"])
    return True


def tirage_assembler(*, tirage_id: int, par) -> bool:
    """Merge the chunks' PDFs, in their order, into the run's file; True when this call wrote it. Idempotent: a run
    whose file is there, or with a chunk not done, is left as it is."""
    with transaction.atomic():
        tirage = Tirage.objects.select_for_update().get(pk=tirage_id)
        exiger(par, "cotisations.tirage_lancer", objet=tirage, date=tirage.demande_le)
        if tirage.fichier:
            return False
        lots = list(tirage.lots.order_by("numero").values_list("etat", "fichier"))
        if any(etat != EtatLot.FAIT for etat, _ in lots):
            return False
        relatif = f"{DOSSIER}/{tirage.pk}/appels-cotisation-{tirage.annee}.pdf"
        chemins = [chemin_absolu(fichier) for _, fichier in lots]
        _ecrire(relatif, ecrire=lambda flux: concatener(chemins, flux))
        tirage.fichier, tirage.etat, tirage.fin = relatif, EtatTirage.TERMINE, timezone.now()
        auteur_historique(tirage, par)
        tirage.save(update_fields=["fichier", "etat", "fin"])
    return True


def tirage_fichier(*, tirage: Tirage, par, today) -> Path:
    """The run's file, for a door that streams it once the permission is checked."""
    exiger(par, "cotisations.tirage_telecharger", objet=tirage, date=today)
    if not tirage.fichier:
        raise ValidationError("Le fichier de ce tirage n'est pas encore prêt.")
    return chemin_absolu(tirage.fichier)
