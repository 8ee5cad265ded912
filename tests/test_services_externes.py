"""The services CI provides are really used: PostgreSQL through DATABASE_URL, a Celery worker through Redis."""

import os

import pytest
from django.db import connection

from config.celery import app as celery_app
from config.celery import ping
from tests import factories
from tests.conftest import service_indisponible


def test_la_base_configuree_par_database_url_est_celle_des_tests():
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres"):
        service_indisponible("DATABASE_URL ne désigne pas PostgreSQL : tests sur SQLite")
    assert connection.vendor == "postgresql"


def test_en_test_les_taches_s_executent_dans_le_processus():
    assert celery_app.conf.task_always_eager
    assert ping.delay().get(timeout=1) == "pong"


@pytest.mark.services
def test_un_vrai_worker_consomme_les_taches_depuis_redis():
    redis_url = os.environ.get("REDIS_URL")
    if not redis_url:
        service_indisponible("REDIS_URL absent : pas de broker Redis")
    import redis
    from celery.contrib.testing.worker import start_worker

    try:
        redis.Redis.from_url(redis_url, socket_connect_timeout=2).ping()
    except redis.exceptions.ConnectionError as exc:
        service_indisponible(f"Redis injoignable ({exc})")

    ancien = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = False
    try:
        with start_worker(celery_app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
            resultat = ping.apply_async()
            assert resultat.get(timeout=20) == "pong"
    finally:
        celery_app.conf.task_always_eager = ancien


# --- the e-mail sends, through Redis, by a worker in its own process (the pattern: commun/tasks.py) --------------


@pytest.fixture(scope="module")
def smtp():
    from tests.smtp import ServeurSMTP

    with ServeurSMTP() as serveur:
        yield serveur


@pytest.fixture(scope="module")
def worker(django_db_setup, smtp):
    from tests.worker import WorkerReel

    # Two attempts one second apart: the retry and the final failure are seen within seconds.
    with WorkerReel(env={"EMAIL_URL": smtp.url, "ENVOI_TENTATIVES": "2", "ENVOI_DELAI_INITIAL": "1"}) as w:
        yield w


@pytest.fixture
def seance_a_convoquer(transactional_db, smtp):

    from tests import factories

    smtp.recus.clear()
    smtp.refuser = smtp.refusees = 0
    membres = [factories.MembreFactory() for _ in range(3)]
    return factories.SeanceFactory(), sorted(m.medecin.email for m in membres)


def _convoquer(seance):
    import datetime

    from gouvernance import services

    return services.seance_convoquer(
        seance=seance, today=seance.date - datetime.timedelta(days=8), par=factories.systeme()
    )


def _envois(seance):
    from commun.selectors import envois_de

    return list(envois_de(objet=seance).order_by("destinataire"))


@pytest.mark.services
def test_un_vrai_worker_envoie_les_convocations_depuis_redis(worker, smtp, seance_a_convoquer):
    from django.utils import timezone

    from gouvernance.models import Seance
    from tests.worker import taches_vers

    seance, adresses = seance_a_convoquer
    with taches_vers(worker):
        assert _convoquer(seance) == 3
    worker.attendre(
        lambda: all(e.etat == "envoye" for e in _envois(seance)), message="les convocations ne sont pas parties"
    )
    assert sorted(a for destinataires, _ in smtp.recus for a in destinataires) == adresses
    sujet = str(smtp.recus[0][1]["Subject"]).strip()
    assert sujet == f"Convocation : {seance}"
    assert "Inscriptions au tableau" in smtp.recus[0][1].get_content()
    assert all(e.tentatives == 1 and e.envoye_le is not None for e in _envois(seance))
    # Set by the task, when the e-mails really left.
    assert Seance.objects.get(pk=seance.pk).convocation_envoyee_le == timezone.localdate()


@pytest.mark.services
def test_un_vrai_worker_retente_l_envoi_refuse_une_fois_sans_renvoyer_les_autres(worker, smtp, seance_a_convoquer):
    from tests.worker import taches_vers

    seance, adresses = seance_a_convoquer
    smtp.refuser = 1  # the first SMTP connection is turned away (421)
    with taches_vers(worker):
        _convoquer(seance)
    worker.attendre(lambda: all(e.etat == "envoye" for e in _envois(seance)), message="pas de nouvelle tentative")
    envois = _envois(seance)
    assert smtp.refusees == 1 and sorted(e.tentatives for e in envois) == [1, 1, 2]
    # Each member received his convocation once: the retry took only the one that had failed.
    assert sorted(a for destinataires, _ in smtp.recus for a in destinataires) == adresses
    assert all(e.derniere_erreur == "" for e in envois)
    assert any("421" in h.derniere_erreur for e in envois for h in e.history.all())


@pytest.mark.services
def test_un_vrai_worker_laisse_en_echec_apres_la_derniere_tentative_puis_renvoie(worker, smtp, seance_a_convoquer):
    from commun import services as commun_services
    from gouvernance.models import Seance
    from tests.worker import taches_vers

    seance, adresses = seance_a_convoquer
    smtp.refuser = 1000  # the server stays unavailable
    with taches_vers(worker):
        _convoquer(seance)
    worker.attendre(lambda: all(e.etat == "echec" for e in _envois(seance)), message="jamais laissé en échec")
    envois = _envois(seance)
    assert all(e.tentatives == 2 and "SMTPConnectError" in e.derniere_erreur for e in envois)
    assert smtp.recus == [] and Seance.objects.get(pk=seance.pk).convocation_envoyee_le is None
    # The server is back: staff resend from the admin, through the same task and Redis.
    smtp.refuser = 0
    with taches_vers(worker):
        assert commun_services.envois_renvoyer(envois=envois, par=factories.systeme()) == 3
    worker.attendre(lambda: all(e.etat == "envoye" for e in _envois(seance)), message="le renvoi n'est pas parti")
    assert sorted(a for destinataires, _ in smtp.recus for a in destinataires) == adresses
    assert Seance.objects.get(pk=seance.pk).convocation_envoyee_le is not None


# --- the two other gouvernance sends, with their PDF: the draft minutes and the copy of a notification ----------


def _pdf_joint(message) -> tuple[str, bytes]:
    pieces = [p for p in message.iter_attachments() if p.get_content_type() == "application/pdf"]
    assert len(pieces) == 1, [p.get_content_type() for p in message.iter_attachments()]
    return pieces[0].get_filename(), pieces[0].get_content()


@pytest.mark.services
def test_un_vrai_worker_envoie_le_projet_de_proces_verbal_avec_son_pdf(worker, smtp, seance_a_convoquer):
    from django.utils import timezone

    from gouvernance import documents, services
    from gouvernance.models import Membre, Seance
    from tests.worker import taches_vers

    seance, adresses = seance_a_convoquer
    for membre in Membre.objects.all():
        services.emargement_enregistrer(seance=seance, membre=membre, par=factories.systeme())
    services.seance_ouvrir(seance=seance, par=factories.systeme())
    services.seance_clore(seance=seance, par=factories.systeme())
    with taches_vers(worker):
        assert services.seance_envoyer_proces_verbal(seance=seance, today=seance.date, par=factories.systeme()) == 3
    worker.attendre(
        lambda: all(e.etat == "envoye" for e in _envois(seance)), message="le projet de procès-verbal n'est pas parti"
    )
    assert sorted(a for destinataires, _ in smtp.recus for a in destinataires) == adresses
    message = smtp.recus[0][1]
    assert str(message["Subject"]).strip() == f"Projet de procès-verbal : {seance}"
    nom, contenu = _pdf_joint(message)
    assert nom == documents.proces_verbal_nom_fichier(seance) and contenu.startswith(b"%PDF")
    # Set by the task once the e-mails left, not by the service that asked.
    assert Seance.objects.get(pk=seance.pk).pv_envoye_le == timezone.localdate()


@pytest.mark.services
def test_un_vrai_worker_envoie_au_medecin_la_copie_de_la_notification(worker, smtp, transactional_db):
    from commun.selectors import envois_de
    from gouvernance import documents, services
    from gouvernance.models import Deliberation, VoieRecours
    from tests.worker import taches_vers

    smtp.recus.clear()
    smtp.refuser = smtp.refusees = 0
    medecin = factories.MedecinFactory(
        email="claire.lambert@exemple.fr",
        adresse_correspondance="12 rue des Tilleuls",
        code_postal_correspondance="24000",
        ville_correspondance="Périgueux",
    )
    # transactional_db empties the tables the migrations filled: the appeal text is written here.
    voie, _ = VoieRecours.objects.get_or_create(
        code="inscription",
        defaults={"libelle": "Inscription au tableau", "texte": "Recours dans les trente jours."},
    )
    decision = factories.DeliberationFactory(medecin_concerne=medecin, individuelle=True, voie_recours=voie)
    jour = decision.seance.date
    with taches_vers(worker):
        services.deliberation_notifier(deliberation=decision, today=jour, par=factories.systeme())
    worker.attendre(
        lambda: [e.etat for e in envois_de(objet=decision)] == ["envoye"], message="la copie n'est pas partie"
    )
    assert [destinataires for destinataires, _ in smtp.recus] == [[medecin.email]]
    message = smtp.recus[0][1]
    assert (
        str(message["Subject"]).strip() == f"Notification de la décision n° {decision.numero} du conseil départemental"
    )
    nom, contenu = _pdf_joint(message)
    assert nom == documents.notification_nom_fichier(decision) and contenu.startswith(b"%PDF")
    # The legal act keeps the letter's date; the copy's is on its row.
    envoi = envois_de(objet=decision).get()
    assert Deliberation.objects.get(pk=decision.pk).notifiee_le == jour and envoi.envoye_le is not None
