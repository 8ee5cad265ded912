"""The kinds of files the purge deletes at the end of their retention, declared as data: the model, the row of
commun.Parametre that holds the retention (loaded by migration 0002, edited in the admin), the date it runs from,
and what depends on a file (deleted with it, deepest first). Read by rgpd.services (the purge) and rgpd.registre
(the register of processing).

Deleting a file deletes its rows, the rows that depend on it, the django-simple-history versions of all of them, the
e-mails sent about them (commun.Envoi, which hold the recipients' addresses) and their stored documents (removed
from the disk once the transaction commits). The log of confidential reads (commun.JournalAcces) keeps its lines
until its own retention (it holds who read what, not the file): a kind of its own here, whose lines are deleted by
the one deletion the log allows (`JournalAccesQuerySet._purger`; it has no history)."""

import datetime
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.core.files.storage import default_storage
from django.db import models, transaction
from django.db.models import OuterRef, QuerySet, Subquery
from django.utils import timezone

from commun.models import CONSERVATION_JOURNAL, Envoi, Parametre
from gouvernance.selectors.membres import ajouter_mois

from .models import NaturePurge

PREFIXE_PARAMETRE = "rgpd_conservation_"


@dataclass(frozen=True)
class Genre:
    nature: str
    modele: str  # "app.Model" of the file
    depart: str  # from which date the retention runs (French, for the register and the e-mails)
    mois_par_unite: int  # the parameter's unit: 12 for years, 1 for months
    defaut: int  # the value used while the parameter row is missing (never in a migrated database)
    expires: Callable[[datetime.date], QuerySet]  # the files whose retention ended before that day
    dependants: tuple[tuple[str, str], ...] = ()  # ("app.Model", lookup to the file's id), deepest first
    cle: str = ""  # the parameter's key when it is not rgpd_conservation_<nature>

    @property
    def parametre(self) -> str:
        return self.cle or f"{PREFIXE_PARAMETRE}{self.nature}"

    @property
    def libelle(self) -> str:
        return NaturePurge(self.nature).label

    def duree(self) -> Parametre | None:
        return Parametre.objects.filter(cle=self.parametre).first()

    def limite(self, jour: datetime.date) -> datetime.date:
        """The first day still kept on `jour`: a file whose retention started before it is past its retention."""
        valeur = Parametre.valeur_de(self.parametre, self.defaut)
        return ajouter_mois(jour, -valeur * self.mois_par_unite)


def _entraide(limite):
    from entraide.models import Demande, StatutDemande

    return Demande.objects.filter(statut=StatutDemande.CLOSE, statut_le__lt=limite)


def _plaintes(limite):
    from conciliation.models import STATUTS_CLOS, Plainte

    derniere = (
        Plainte.history.model.objects.filter(id=OuterRef("pk")).order_by("-history_date").values("history_date")[:1]
    )
    debut = timezone.make_aware(datetime.datetime.combine(limite, datetime.time.min))
    return (
        Plainte.objects.filter(statut__in=STATUTS_CLOS)
        .annotate(derniere_modification=Subquery(derniere))
        .filter(derniere_modification__lt=debut)
    )


def _incidents(limite):
    from incidents.models import Incident

    return Incident.objects.filter(declare_le__lt=limite)


def _annonces(limite):
    from annonces.models import Annonce, StatutAnnonce

    return Annonce.objects.filter(statut=StatutAnnonce.REFUSEE, moderee_le__lt=limite)


def _journal(limite):
    from commun.models import JournalAcces

    return JournalAcces.objects.filter(le__lt=timezone.make_aware(datetime.datetime.combine(limite, datetime.time.min)))


GENRES: dict[str, Genre] = {
    g.nature: g
    for g in (
        Genre(
            NaturePurge.ENTRAIDE_CLOSE,
            "entraide.Demande",
            "la clôture de la demande",
            12,
            10,
            _entraide,
            (
                ("entraide.PieceDemande", "demande"),
                ("entraide.Aide", "demande"),
                ("entraide.TransmissionCnom", "demande"),
            ),
        ),
        Genre(
            NaturePurge.PLAINTE_CLOSE,
            "conciliation.Plainte",
            "le dernier acte du dossier clos (conciliation, transmission, retrait, classement, dépaysement)",
            12,
            5,
            _plaintes,
            (
                ("conciliation.ProcesVerbal", "reunion__plainte"),
                ("conciliation.Reunion", "plainte"),
                ("conciliation.PiecePlainte", "plainte"),
                ("conciliation.Conciliateur", "plainte"),
                ("conciliation.LienDeclare", "plainte"),
                ("conciliation.RappelEcheance", "plainte"),
            ),
        ),
        Genre(NaturePurge.INCIDENT, "incidents.Incident", "la déclaration", 12, 6, _incidents),
        Genre(
            NaturePurge.ANNONCE_REFUSEE,
            "annonces.Annonce",
            "le refus de la modération",
            1,
            6,
            _annonces,
            (("annonces.RevisionAnnonce", "annonce"), ("annonces.MessageAnnonce", "annonce")),
        ),
        Genre(
            NaturePurge.JOURNAL_ACCES,
            "commun.JournalAcces",
            "la consultation",
            1,
            12,
            _journal,
            cle=CONSERVATION_JOURNAL,
        ),
    )
}


def _noms_de_fichiers(modele, ids: list[int]) -> set[str]:
    """The stored documents of these rows and of their past versions (a replaced document included)."""
    champs = [c.name for c in modele._meta.concrete_fields if isinstance(c, models.FileField)]
    noms: set[str] = set()
    for champ in champs:
        for source in (modele._default_manager.filter(pk__in=ids), *_historique(modele, ids)):
            noms |= {n for n in source.values_list(champ, flat=True) if n}
    return noms


def _historique(modele, ids: list[int]) -> tuple[QuerySet, ...]:
    """The past versions of these rows (none for a model without history: the log of reads)."""
    return (modele.history.filter(id__in=ids),) if hasattr(modele, "history") else ()


def _effacer(modele, ids: list[int]) -> None:
    lignes = modele._default_manager.filter(pk__in=ids)
    # The log of reads refuses any deletion but its retention's (commun.models.JournalAccesQuerySet).
    lignes._purger() if hasattr(lignes, "_purger") else lignes.delete()


def _envois_supprimer(modele, ids: list[int]) -> int:
    """The e-mails about these rows (their recipients' addresses) and their history."""
    envois = list(
        Envoi.objects.filter(type_objet=ContentType.objects.get_for_model(modele), objet_id__in=ids).values_list(
            "pk", flat=True
        )
    )
    if not envois:
        return 0
    Envoi.objects.filter(pk__in=envois).delete()
    Envoi.history.filter(id__in=envois).delete()
    return len(envois)


def supprimer(genre: Genre, ids: list[int]) -> Counter:
    """Delete these files of `genre` with what depends on them, their history, their e-mails and documents; call
    inside the caller's transaction. Returns the counts (dossiers, lignes, historique, envois, fichiers)."""
    bilan: Counter = Counter()
    fichiers: set[str] = set()
    for label, chemin in (*genre.dependants, (genre.modele, "pk")):
        modele = apps.get_model(label)
        lignes = list(modele._default_manager.filter(**{f"{chemin}__in": ids}).values_list("pk", flat=True))
        if not lignes:
            continue
        fichiers |= _noms_de_fichiers(modele, lignes)
        bilan["envois"] += _envois_supprimer(modele, lignes)
        _effacer(modele, lignes)
        # After the rows: their deletion itself wrote a last version ("-"), removed with the others.
        bilan["historique"] += sum(versions.delete()[0] for versions in _historique(modele, lignes))
        bilan["lignes"] += len(lignes)
        if label == genre.modele:
            bilan["dossiers"] = len(lignes)
    bilan["fichiers"] = len(fichiers)
    if fichiers:
        transaction.on_commit(lambda: [default_storage.delete(nom) for nom in sorted(fichiers)])
    return bilan
