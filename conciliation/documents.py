"""The letters and files of a complaint, as PDF (config.pdf, templates/pdf/conciliation/, extending pdf/base.html:
the council's letterhead): context read here in a fixed number of queries, rendered on demand (nothing stored).

- the acknowledgement of receipt to the complainant and the information of the doctor concerned (L4123-2 CSP:
  « son président en accuse réception à l'auteur, en informe le médecin … mis en cause et les convoque dans un
  délai d'un mois à compter de la date d'enregistrement de la plainte en vue d'une conciliation »);
- the convocation of both parties to the conciliation meeting, naming the conciliators, the date, hour and place;
- the procès-verbal of conciliation (totale, partielle, échec, absence, désistement), the points left, the
  signature blocks of each party and each conciliator;
- the transmission to the chambre disciplinaire de première instance: the letter, then the file (the complaint
  and its documents, the PVs, the council's motivated opinion, whether it joins, the plenary's deliberation);
- the yearly report to the plenary (no name of a party).
"""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import Prefetch

from config.pdf import rendre_pdf
from gouvernance.models import TypeFonction
from gouvernance.selectors import adresse_de_notification, fonction_exercee_par

from .models import Conciliateur, LienDeclare, Plainte, Reunion
from .selectors import parametres_conciliation

PARTIES = ("plaignant", "medecin")


def _plainte(plainte_id: int) -> Plainte:
    return (
        Plainte.objects.select_related("medecin", "deliberation__seance")
        .prefetch_related(
            Prefetch(
                "conciliateurs",
                queryset=Conciliateur.objects.filter(retire_le__isnull=True).select_related("membre__medecin"),
                to_attr="conciliateurs_actifs",
            ),
            Prefetch("reunions", queryset=Reunion.objects.select_related("proces_verbal").order_by("date", "id")),
            Prefetch("liens", queryset=LienDeclare.objects.select_related("membre__medecin")),
            "pieces",
        )
        .get(pk=plainte_id)
    )


def nom_membre(membre) -> str:
    return f"Dr {membre.medecin.prenom} {membre.medecin.nom.upper()}"


def _signataire(date: datetime.date) -> str:
    """The président acting on the date (his substitute while he is prevented), as the letters are signed."""
    membre = fonction_exercee_par(fonction=TypeFonction.PRESIDENT, date=date)
    return nom_membre(membre) if membre is not None else ""


def _conciliateurs(plainte) -> list[str]:
    return sorted(
        (nom_membre(c.membre) for c in plainte.conciliateurs_actifs),
        key=lambda nom: nom.split()[-1],
    )


def _proces_verbaux(plainte) -> list:
    sortie = []
    for reunion in plainte.reunions.all():
        pv = getattr(reunion, "proces_verbal", None) if _a_un_pv(reunion) else None
        if pv is not None:
            sortie.append({"reunion": reunion, "pv": pv})
    return sortie


def _a_un_pv(reunion) -> bool:
    from .models import ProcesVerbal

    try:
        reunion.proces_verbal  # noqa: B018
    except ProcesVerbal.DoesNotExist:
        return False
    return True


def _commun(plainte, *, date: datetime.date) -> dict:
    return {
        "plainte": plainte,
        "medecin": plainte.medecin,
        "adresse_medecin": adresse_de_notification(plainte.medecin),
        "adresse_conseil": settings.CDOM_ADRESSE,
        "date": date,
        "signataire": _signataire(date),
    }


# --- registration ------------------------------------------------------------------------------------------------


def accuse_reception_pdf(*, plainte_id: int) -> bytes:
    plainte = _plainte(plainte_id)
    return rendre_pdf("pdf/conciliation/accuse_reception.html", _commun(plainte, date=plainte.date_enregistrement))


def information_medecin_pdf(*, plainte_id: int) -> bytes:
    plainte = _plainte(plainte_id)
    return rendre_pdf("pdf/conciliation/information_medecin.html", _commun(plainte, date=plainte.date_enregistrement))


# --- the meeting -------------------------------------------------------------------------------------------------


def convocation_pdf(*, reunion_id: int, partie: str | None = None) -> bytes:
    """The convocation letter of one party (`partie`: plaignant, medecin), or both letters one after the other."""
    if partie is not None and partie not in PARTIES:
        raise ValidationError({"partie": [f"Valeurs possibles : {', '.join(PARTIES)}."]})
    reunion = Reunion.objects.select_related("plainte").get(pk=reunion_id)
    plainte = _plainte(reunion.plainte_id)
    return rendre_pdf(
        "pdf/conciliation/convocation.html",
        {
            **_commun(plainte, date=reunion.fixee_le),
            "reunion": reunion,
            "conciliateurs": _conciliateurs(plainte),
            "parties": [partie] if partie else list(PARTIES),
        },
    )


def proces_verbal_pdf(*, reunion_id: int) -> bytes:
    reunion = Reunion.objects.select_related("plainte").get(pk=reunion_id)
    if not _a_un_pv(reunion):
        raise ValidationError(
            f"Aucun procès-verbal n'est établi pour la réunion du {reunion.date:%d/%m/%Y} : établissez-le d'abord "
            "(POST …/reunions/{id}/proces-verbal/)."
        )
    plainte = _plainte(reunion.plainte_id)
    pv = reunion.proces_verbal
    return rendre_pdf(
        "pdf/conciliation/proces_verbal.html",
        {
            **_commun(plainte, date=pv.etabli_le),
            "reunion": reunion,
            "pv": pv,
            "conciliateurs": _conciliateurs(plainte),
        },
    )


# --- transmission ------------------------------------------------------------------------------------------------


def transmission_pdf(*, plainte_id: int) -> bytes:
    """The letter to the chambre disciplinaire de première instance, then the file."""
    plainte = _plainte(plainte_id)
    if plainte.deliberation_id is None or not plainte.avis.strip():
        raise ValidationError(
            f"La plainte {plainte.numero} n'a pas encore de délibération de transmission ni d'avis motivé du "
            "conseil : la lettre de transmission et le dossier se produisent une fois la transmission décidée."
        )
    date = plainte.date_transmission or plainte.deliberation.seance.date
    membres_lies = sorted(nom_membre(lien.membre) for lien in plainte.liens.all())
    return rendre_pdf(
        "pdf/conciliation/transmission.html",
        {
            **_commun(plainte, date=date),
            "chambre": parametres_conciliation().chambre_disciplinaire,
            "conciliateurs": _conciliateurs(plainte),
            "proces_verbaux": _proces_verbaux(plainte),
            "pieces": list(plainte.pieces.all()),
            "membres_lies": membres_lies,
            "hors_delai": plainte.transmission_hors_delai
            or (plainte.date_transmission is not None and plainte.date_transmission > plainte.echeance_transmission),
        },
    )


# --- the yearly report -------------------------------------------------------------------------------------------


def rapport_pdf(rapport: dict) -> bytes:
    from .models import IssueConciliation, NaturePlainte, QualitePlaignant, StatutPlainte

    def libelles(choix, valeurs):
        return [(choix(cle).label, n) for cle, n in valeurs.items()]

    return rendre_pdf(
        "pdf/conciliation/rapport.html",
        {
            "r": rapport,
            "recues": libelles(NaturePlainte, rapport["recues"]),
            "par_qualite": libelles(QualitePlaignant, rapport["par_qualite"]),
            "issues": libelles(IssueConciliation, rapport["issues"]),
            "suites": libelles(StatutPlainte, rapport["suites"]),
        },
    )


def nom_fichier(document: str, objet) -> str:
    numero = getattr(objet, "numero", None) or f"{objet.plainte.numero}-{objet.date:%Y%m%d}"
    return f"{document}-{numero}.pdf"
