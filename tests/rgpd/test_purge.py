"""The purge (issue 13 point 9): « the purge deletes expired rows and their history ». Each kind's retention is a row
of commun.Parametre; the purge announces a month ahead to the secrétaire général what it will delete, deletes only
what it announced and is still expired, with its dependants, history, e-mails and documents, and counts it; a re-run
the same day does nothing more. Explicit `today=` dates throughout."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from commun.models import Envoi, NatureEnvoi, Parametre
from commun.services import parametre_modifier
from rgpd import services
from rgpd.models import AnnoncePurge, Purge
from rgpd.purges import GENRES
from tests import factories

pytestmark = pytest.mark.django_db

ANNONCE = datetime.date(2026, 1, 15)
PREVUE = datetime.date(2026, 2, 15)


@pytest.fixture
def secretaire_general(db):
    medecin = factories.MedecinFactory(email="sg@cdom-temoin.example")
    return factories.FonctionFactory(membre=factories.MembreFactory(medecin=medecin), fonction="secretaire_general")


def _demande_close(le: datetime.date, **champs):
    demande = factories.DemandeEntraideFactory(statut="close", statut_le=le, **champs)
    nom = default_storage.save("entraide/pieces/piece.chiffre", ContentFile(b"jeton chiffre"))
    factories.PieceDemandeEntraideFactory(demande=demande, fichier=nom)
    factories.AideEntraideFactory(demande=demande)
    factories.TransmissionCnomFactory(demande=demande)
    Envoi.objects.create(
        nature=NatureEnvoi.AIDE_SIGNALEMENT_CNOM,
        tache="entraide.aide_signalement_envoyer",
        type_objet_id=_ct("entraide", "aide"),
        objet_id=demande.aides.get().pk,
        destinataire="entraide@cn.medecin.example",
    )
    return demande, nom


def _ct(app, modele):
    from django.contrib.contenttypes.models import ContentType

    return ContentType.objects.get_by_natural_key(app, modele).pk


def test_les_durees_de_conservation_sont_des_parametres_bornes_et_historises(systeme):
    for genre in GENRES.values():
        parametre = Parametre.objects.get(cle=genre.parametre)
        assert parametre.minimum <= parametre.valeur <= parametre.maximum and len(parametre.aide) > 100  # its reason
        assert parametre.unite == ("ans" if genre.mois_par_unite == 12 else "mois")
    entraide = Parametre.objects.get(cle="rgpd_conservation_entraide_close")
    assert (entraide.valeur, entraide.minimum, entraide.maximum) == (10, 5, 10)
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError, match="entre 5 et 10 ans"):
        parametre_modifier(parametre=entraide, valeur=20, par=systeme, today=ANNONCE)
    parametre_modifier(parametre=entraide, valeur=8, par=systeme, today=ANNONCE)
    assert entraide.history.first().valeur == 8
    assert GENRES["entraide_close"].limite(ANNONCE) == datetime.date(2018, 1, 15)
    # The log of confidential reads keeps commun's own row: not duplicated.
    assert not Parametre.objects.filter(cle__startswith="rgpd_", cle__contains="journal").exists()


def test_la_purge_annonce_un_mois_avant_puis_supprime_les_dossiers_et_leur_historique(
    systeme, secretaire_general, django_capture_on_commit_callbacks, mailoutbox
):
    expiree, fichier = _demande_close(datetime.date(2016, 1, 10))  # 10 years on 10/01/2026: announced
    recente, _ = _demande_close(datetime.date(2016, 3, 1))  # 10 years on 01/03/2026: not yet
    ouverte = factories.DemandeEntraideFactory(statut="en_instruction", statut_le=datetime.date(2012, 5, 1))
    aide, transmission, piece = expiree.aides.get(), expiree.transmissions.get(), expiree.pieces.get()

    with django_capture_on_commit_callbacks(execute=True):
        (annonce,) = services.purge_annoncer(today=ANNONCE, par=systeme)
    assert (annonce.nature, annonce.prevue_le, annonce.identifiants, annonce.nombre) == (
        "entraide_close",
        PREVUE,
        [expiree.pk],
        1,
    )
    assert annonce.conservation == "10 ans"
    (courriel,) = mailoutbox
    assert courriel.to == ["sg@cdom-temoin.example"]
    assert "1 dossier(s) seront supprimés le 15/02/2026" in courriel.subject
    assert "Demandes d'entraide closes" in courriel.body and "10 ans après la clôture de la demande" in courriel.body
    assert expiree.situation not in courriel.body and expiree.numero not in courriel.body

    # Announcing again the same day writes nothing; a file that expires later is not swept into it.
    demande_tardive, _ = _demande_close(datetime.date(2016, 2, 10))
    assert services.purge_annoncer(today=ANNONCE, par=systeme) == []
    assert AnnoncePurge.objects.count() == 1

    # Less than a month after the announcement: nothing is deleted.
    assert services.purge_executer(today=PREVUE - datetime.timedelta(days=1), par=systeme) == []

    with django_capture_on_commit_callbacks(execute=True):
        (purge,) = services.purge_executer(today=PREVUE, par=systeme)
    from entraide.models import Aide, Demande, PieceDemande, TransmissionCnom

    assert not Demande.objects.filter(pk=expiree.pk).exists()
    for modele, pk in (
        (Demande, expiree.pk),
        (Aide, aide.pk),
        (TransmissionCnom, transmission.pk),
        (PieceDemande, piece.pk),
    ):
        assert not modele.history.filter(id=pk).exists(), f"{modele.__name__} : historique restant"
    assert not Envoi.objects.filter(objet_id=aide.pk, nature=NatureEnvoi.AIDE_SIGNALEMENT_CNOM).exists()
    assert not default_storage.exists(fichier)
    # What was not announced, not expired or not closed stays, with its history.
    for reste in (recente, demande_tardive, ouverte):
        assert Demande.objects.filter(pk=reste.pk).exists() and reste.history.exists()
    assert (purge.nature, purge.date, purge.dossiers, purge.lignes, purge.envois, purge.fichiers) == (
        "entraide_close",
        PREVUE,
        1,
        4,
        1,
        1,
    )
    assert purge.historique >= 8  # each row's creation and deletion at least
    annonce.refresh_from_db()
    assert annonce.executee_par == purge

    # A re-run the same day deletes nothing more and writes no second count.
    assert services.purge_executer(today=PREVUE, par=systeme) == []
    assert Purge.objects.count() == 1


def test_une_duree_allongee_apres_l_annonce_epargne_les_dossiers(systeme):
    from annonces.models import Annonce

    refusee = factories.AnnonceFactory(
        statut="refusee", motif="Annonce sans objet médical.", moderee_le=datetime.date(2025, 6, 1)
    )
    factories.RevisionAnnonceFactory(
        annonce=factories.AnnonceFactory(statut="refusee", motif="Doublon.", moderee_le=datetime.date(2025, 12, 1))
    )
    (annonce,) = services.purge_annoncer(today=ANNONCE, par=systeme)
    assert annonce.identifiants == [refusee.pk] and annonce.conservation == "6 mois"
    parametre = Parametre.objects.get(cle="rgpd_conservation_annonce_refusee")
    parametre_modifier(parametre=parametre, valeur=12, par=systeme, today=ANNONCE)
    (purge,) = services.purge_executer(today=PREVUE, par=systeme)
    assert purge.dossiers == 0 and Annonce.objects.filter(pk=refusee.pk).exists()
    annonce.refresh_from_db()
    assert annonce.executee_par == purge
    # Announced again once expired under the new retention.
    (nouvelle,) = services.purge_annoncer(today=datetime.date(2026, 5, 10), par=systeme)
    assert nouvelle.identifiants == [refusee.pk] and nouvelle.conservation == "12 mois"


def test_les_annonces_refusees_partent_avec_leurs_modifications_et_messages(systeme):
    from annonces.models import Annonce, MessageAnnonce, RevisionAnnonce

    refusee = factories.AnnonceFactory(statut="refusee", motif="Hors sujet.", moderee_le=datetime.date(2025, 6, 1))
    revision = factories.RevisionAnnonceFactory(annonce=refusee, statut="refusee", motif="Hors sujet.")
    message = factories.MessageAnnonceFactory(annonce=refusee)
    publiee = factories.AnnonceFactory(moderee_le=datetime.date(2020, 1, 1))
    services.purge_annoncer(today=ANNONCE, par=systeme)
    (purge,) = services.purge_executer(today=PREVUE, par=systeme)
    assert (purge.dossiers, purge.lignes) == (1, 3)
    assert not Annonce.history.filter(id=refusee.pk).exists()
    assert not RevisionAnnonce.history.filter(id=revision.pk).exists()
    assert not MessageAnnonce.history.filter(id=message.pk).exists()
    assert Annonce.objects.filter(pk=publiee.pk).exists()


def test_les_incidents_et_les_plaintes_closes_passe_leur_duree(systeme):
    from conciliation.models import Plainte, ProcesVerbal, Reunion
    from incidents.models import Incident

    vieil_incident = factories.IncidentFactory(date=datetime.date(2019, 6, 1), declare_le=datetime.date(2019, 6, 2))
    incident = factories.IncidentFactory(date=datetime.date(2020, 6, 1), declare_le=datetime.date(2020, 6, 2))
    close = factories.PlainteFactory(statut="retiree")
    pv = factories.ProcesVerbalFactory(reunion=factories.ReunionFactory(plainte=close))
    factories.PiecePlainteFactory(plainte=close)
    factories.RappelEcheanceFactory(plainte=close)
    ouverte = factories.PlainteFactory(statut="enregistree")
    recente = factories.PlainteFactory(statut="classee", motif_classement="Sans objet.")
    # Their last act: mid-2020 for the closed one and the open one, the other closed last year.
    for plainte, le in (
        (close, datetime.datetime(2020, 6, 1, 12)),
        (ouverte, datetime.datetime(2020, 6, 1, 12)),
        (recente, datetime.datetime(2025, 6, 1, 12)),
    ):
        Plainte.history.filter(id=plainte.pk).update(history_date=le.replace(tzinfo=datetime.UTC))
    annonces = {a.nature: a for a in services.purge_annoncer(today=ANNONCE, par=systeme)}
    assert annonces["incident"].identifiants == [vieil_incident.pk]  # 6 years after 02/06/2019 < 15/02/2026
    assert annonces["plainte_close"].identifiants == [close.pk]
    purges = {p.nature: p for p in services.purge_executer(today=PREVUE, par=systeme)}
    assert purges["incident"].dossiers == 1 and purges["plainte_close"].dossiers == 1
    assert purges["plainte_close"].lignes == 5  # the PV, the meeting, the document, the reminder, the complaint
    assert (
        not Incident.objects.filter(pk=vieil_incident.pk).exists() and Incident.objects.filter(pk=incident.pk).exists()
    )
    assert not Plainte.history.filter(id=close.pk).exists()
    assert (
        not ProcesVerbal.history.filter(id=pv.pk).exists() and not Reunion.objects.filter(plainte_id=close.pk).exists()
    )
    assert set(Plainte.objects.values_list("pk", flat=True)) == {ouverte.pk, recente.pk}


def test_seule_la_tache_du_systeme_purge_et_un_refus_n_ecrit_rien(superuser, systeme):
    factories.IncidentFactory(date=datetime.date(2010, 6, 1), declare_le=datetime.date(2010, 6, 2))
    for acte in (services.purge_annoncer, services.purge_executer, services.purge_du_jour):
        with pytest.raises(PermissionDenied):
            acte(today=ANNONCE, par=superuser)
    assert not AnnoncePurge.objects.exists() and not Purge.objects.exists()


def test_la_tache_du_jour_supprime_puis_annonce_et_beat_la_lance_chaque_nuit(systeme, monkeypatch):
    from django.utils import timezone

    from config.celery import app
    from incidents.models import Incident
    from rgpd import tasks

    assert app.conf.beat_schedule["rgpd-purge"]["task"] == "rgpd.purge_du_jour"
    ancien = factories.IncidentFactory(date=datetime.date(2010, 6, 1), declare_le=datetime.date(2010, 6, 2))
    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: ANNONCE)
    assert tasks.purge_du_jour.delay().get() == {"supprimes": {}, "annonces": {"incident": 1}}
    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: PREVUE)
    suivant = factories.IncidentFactory(date=datetime.date(2020, 3, 1), declare_le=datetime.date(2020, 3, 2))
    assert tasks.purge_du_jour.delay().get() == {"supprimes": {"incident": 1}, "annonces": {"incident": 1}}
    assert not Incident.objects.filter(pk=ancien.pk).exists() and Incident.objects.filter(pk=suivant.pk).exists()
