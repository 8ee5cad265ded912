"""The receipt e-mail on a real worker through Redis (tests/worker.py, tests/smtp.py), the broker down when the
payment is recorded: the payment stands, its Envoi row waits « à envoyer », and once the broker is back the beat's
service queues it again and the worker sends it, once, with its PDF."""

import datetime
from decimal import Decimal as D

import pytest
from django.utils import timezone

from commun import services as commun_services
from commun.models import Envoi, EtatEnvoi
from cotisations import services, tasks
from cotisations.models import Paiement
from tests import factories


@pytest.fixture(scope="module")
def smtp():
    from tests.smtp import ServeurSMTP

    with ServeurSMTP() as serveur:
        yield serveur


@pytest.fixture(scope="module")
def worker(django_db_setup, smtp):
    from tests.worker import WorkerReel

    with WorkerReel(env={"EMAIL_URL": smtp.url, "ENVOI_TENTATIVES": "2", "ENVOI_DELAI_INITIAL": "1"}) as w:
        yield w


@pytest.mark.services
def test_broker_en_panne_le_paiement_tient_et_le_recu_part_par_le_worker_a_son_retour(
    worker, smtp, transactional_db, monkeypatch
):
    from kombu.exceptions import OperationalError

    from tests.worker import taches_vers

    smtp.recus.clear()
    systeme = factories.systeme()
    cotisation = factories.CotisationFactory(medecin=factories.MedecinFactory(email="recu@cabinet.example"))

    def en_panne(*args, **kwargs):
        raise OperationalError("Error 111 connecting to redis. Connection refused.")

    with taches_vers(worker):
        monkeypatch.setattr(tasks.recu_envoyer, "apply_async", en_panne)
        paiement = services.paiement_enregistrer(
            cotisation=cotisation, montant=D("340.00"), mode="virement", date=datetime.date(2026, 2, 1), par=systeme
        )
        monkeypatch.undo()
    assert Paiement.objects.filter(pk=paiement.pk).exists()
    assert Envoi.objects.get().etat == EtatEnvoi.A_ENVOYER

    with taches_vers(worker):
        assert commun_services.envois_relancer(avant=timezone.now(), par=systeme) == 1
    worker.attendre(lambda: Envoi.objects.get().etat == EtatEnvoi.ENVOYE, message="le reçu n'est pas parti")
    ((destinataires, message),) = smtp.recus
    assert destinataires == ["recu@cabinet.example"]
    assert str(message["Subject"]).strip() == f"Reçu n° {paiement.numero_recu} : cotisation ordinale 2026"
    (piece,) = [p for p in message.iter_attachments() if p.get_content_type() == "application/pdf"]
    assert piece.get_filename() == f"recu-{paiement.numero_recu}.pdf" and piece.get_content().startswith(b"%PDF")
    # The next beat run finds nothing to queue: sent once.
    assert commun_services.envois_relancer(avant=timezone.now(), par=systeme) == 0
