"""Card payments (issue 10 point 4, card part): the amount the doctor chooses (at most the balance), the provider's
notification verified (HMAC signature of the test provider; a bad one refused, logged, nothing written) and
idempotent (the transaction id is unique: a replay records nothing more), the overpayment of two tabs left « à
rembourser », and the receipt e-mailed after any payment, the broker down included."""

import datetime
import logging
from decimal import Decimal as D

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from commun import services as commun_services
from commun.models import Envoi, EtatEnvoi, NatureEnvoi
from cotisations import services, tasks
from cotisations.fournisseurs import CONFIRME, ENTETE_SIGNATURE, REFUSE, notification_test
from cotisations.models import Cotisation, Paiement, PaiementCarte
from tests import factories
from tests.concurrence import en_meme_temps

pytestmark = pytest.mark.django_db
FEVRIER = datetime.date(2026, 2, 1)


@pytest.fixture(autouse=True)
def _pdf_factice(monkeypatch):
    # The receipt's PDF is tested in tests/test_pdf.py and test_espace.py; here only that it is attached.
    monkeypatch.setattr("config.pdf.html_en_pdf", lambda html: b"%PDF-1.7\n")


@pytest.fixture
def medecin(db):
    return factories.MedecinFactory(avec_compte=True, email="claire.vidal@cabinet.example")


@pytest.fixture
def cotisation(medecin):
    return factories.CotisationFactory(medecin=medecin)


@pytest.fixture
def connecte(client, medecin):
    client.force_login(medecin.user)
    return client


def _creer(cotisation, montant="120.00"):
    return services.paiement_carte_creer(
        cotisation=cotisation, montant=D(montant), par=cotisation.medecin.user, today=FEVRIER
    )


def _notifier(client, carte, *, statut=CONFIRME, transaction="TX-1", montant=None, secret=None, signature=None):
    from django.conf import settings

    corps, bonne = notification_test(
        secret=secret or settings.CDOM_PAIEMENT_SECRET_TEST,
        jeton=carte.token,
        transaction=transaction,
        statut=statut,
        montant=montant if montant is not None else carte.total,
    )
    entetes = {} if signature == "" else {"headers": {ENTETE_SIGNATURE: signature or bonne}}
    return client.post(
        reverse("process_payment", kwargs={"token": carte.token}),
        data=corps,
        content_type="application/json",
        **entetes,
    )


def _ecritures():
    return (
        Paiement.objects.count(),
        PaiementCarte.history.count(),
        Cotisation.history.count(),
        Envoi.objects.count(),
        list(PaiementCarte.objects.values_list("suite", "transaction_id", "status")),
    )


# --- the amount ---------------------------------------------------------------------------------------------------


def test_la_page_propose_le_solde_par_defaut(connecte, cotisation):
    reponse = connecte.get(reverse("cotisations_espace:payer", args=[cotisation.pk]))
    assert reponse.status_code == 200
    assert 'value="340,00"' in reponse.content.decode()


@pytest.mark.parametrize(
    ("montant", "message"),
    [
        ("-5", "Le montant à payer doit être supérieur à zéro."),
        ("0", "Le montant à payer doit être supérieur à zéro."),
        ("0,00", "Le montant à payer doit être supérieur à zéro."),
        ("340,01", "Le montant dépasse ce qui reste dû (340,00\u00a0€) : indiquez au plus ce solde."),
        ("12,345", "Indiquez un montant au centime près (deux décimales au plus)."),
        ("douze", "Indiquez un montant en euros, par exemple 120,50."),
        ("", "Indiquez le montant à payer."),
    ],
)
def test_un_montant_negatif_nul_ou_excessif_est_refuse_en_francais_sans_rien_ecrire(
    connecte, cotisation, montant, message
):
    avant = _ecritures()
    reponse = connecte.post(reverse("cotisations_espace:payer", args=[cotisation.pk]), {"montant": montant})
    assert reponse.status_code == 400
    assert message in reponse.content.decode()
    assert _ecritures() == avant and not PaiementCarte.objects.exists()


def test_le_solde_exact_est_accepte(connecte, cotisation):
    reponse = connecte.post(reverse("cotisations_espace:payer", args=[cotisation.pk]), {"montant": "340,00"})
    carte = PaiementCarte.objects.get()
    assert reponse.status_code == 302 and reponse.url == reverse("cotisations_espace:carte", args=[carte.pk])
    assert (carte.total, carte.currency, carte.variant, carte.suite) == (D("340.00"), "EUR", "test", "en_attente")
    assert carte.history.get().history_user_id == cotisation.medecin.user_id


def test_une_cotisation_soldee_ne_se_paie_plus(cotisation, systeme):
    services.paiement_enregistrer(cotisation=cotisation, montant=D("340.00"), mode="cheque", date=FEVRIER, par=systeme)
    with pytest.raises(ValidationError, match="soldée"):
        _creer(cotisation, "1.00")


def test_le_paiement_d_un_autre_est_refuse_par_le_service(cotisation):
    autre = factories.MedecinFactory(avec_compte=True)
    with pytest.raises(PermissionDenied):
        services.paiement_carte_creer(cotisation=cotisation, montant=D("10.00"), par=autre.user, today=FEVRIER)
    assert not PaiementCarte.objects.exists()


def test_sans_fournisseur_configure_la_carte_n_est_pas_proposee(connecte, cotisation, settings):
    settings.CDOM_PAIEMENT_FOURNISSEUR = ""
    assert "Payer la cotisation" not in connecte.get(reverse("cotisations_espace:liste")).content.decode()
    reponse = connecte.post(reverse("cotisations_espace:payer", args=[cotisation.pk]), {"montant": "10"})
    assert not PaiementCarte.objects.exists() and "pas encore ouvert" in reponse.content.decode()


# --- the simulated bank, end to end --------------------------------------------------------------------------------


def test_le_medecin_paie_par_carte_et_le_paiement_est_enregistre_avec_son_recu(
    connecte, cotisation, django_capture_on_commit_callbacks
):
    reponse = connecte.post(reverse("cotisations_espace:payer", args=[cotisation.pk]), {"montant": "120,00"})
    carte = PaiementCarte.objects.get()
    page = connecte.get(reponse.url)
    assert page.status_code == 200 and "Réponse de la banque (simulée)" in page.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        reponse = connecte.post(reponse.url, {"issue": CONFIRME})
    assert reponse.status_code == 302 and reponse.url == reverse("cotisations_espace:carte_retour", args=[carte.pk])
    carte.refresh_from_db()
    paiement = Paiement.objects.get()
    assert (carte.suite, carte.status, carte.paiement_id) == ("enregistre", "confirmed", paiement.pk)
    assert (paiement.mode, paiement.montant, paiement.transaction) == ("cb", D("120.00"), carte.transaction_id)
    assert carte.transaction_id.startswith("TEST-")
    assert paiement.saisi_par == commun_services.utilisateur_systeme()
    cotisation.refresh_from_db()
    assert (cotisation.montant_paye, cotisation.solde) == (D("120.00"), D("220.00"))
    retour = connecte.get(reponse.url).content.decode()
    assert f"Votre paiement est enregistré : reçu n° {paiement.numero_recu}" in retour
    (courriel,) = mail.outbox
    assert courriel.to == ["claire.vidal@cabinet.example"] and paiement.numero_recu in courriel.subject
    assert courriel.attachments[0][0] == f"recu-{paiement.numero_recu}.pdf"
    # Back on the bank's page: nothing more to pay there.
    assert connecte.post(reverse("cotisations_espace:carte", args=[carte.pk]), {"issue": CONFIRME}).status_code == 302
    assert Paiement.objects.count() == 1


def test_un_paiement_refuse_par_la_banque_n_enregistre_rien(connecte, cotisation):
    carte = _creer(cotisation)
    connecte.post(reverse("cotisations_espace:carte", args=[carte.pk]), {"issue": REFUSE})
    carte.refresh_from_db()
    assert (carte.suite, carte.status) == ("refuse", "rejected") and not Paiement.objects.exists()
    assert (
        "n'a pas abouti" in connecte.get(reverse("cotisations_espace:carte_retour", args=[carte.pk])).content.decode()
    )


def test_le_retour_avant_la_notification_dit_que_le_paiement_est_en_attente(connecte, cotisation):
    carte = _creer(cotisation)
    page = connecte.get(reverse("cotisations_espace:carte_retour", args=[carte.pk])).content.decode()
    assert "Votre paiement est en attente" in page


# --- the notification: signature and replay -----------------------------------------------------------------------


def test_une_notification_signee_enregistre_le_paiement(client, cotisation):
    carte = _creer(cotisation)
    reponse = _notifier(client, carte, transaction="TX-42")
    assert reponse.status_code == 200
    carte.refresh_from_db()
    assert carte.suite == "enregistre" and Paiement.objects.get().transaction == "TX-42"


def test_une_notification_rejouee_n_enregistre_qu_un_paiement(client, cotisation):
    carte = _creer(cotisation)
    assert _notifier(client, carte, transaction="TX-42").status_code == 200
    avant = _ecritures()
    assert _notifier(client, carte, transaction="TX-42").status_code == 200
    assert _ecritures() == avant
    assert Paiement.objects.count() == 1
    cotisation.refresh_from_db()
    assert cotisation.montant_paye == D("120.00")


@pytest.mark.parametrize("signature", ["", "0" * 64, "faux"])
def test_une_notification_mal_signee_est_refusee_journalisee_et_n_ecrit_rien(client, cotisation, caplog, signature):
    carte = _creer(cotisation)
    avant = _ecritures()
    with caplog.at_level(logging.WARNING, logger="cotisations.fournisseurs"):
        reponse = _notifier(client, carte, signature=signature)
    assert reponse.status_code == 403
    assert _ecritures() == avant
    assert any("signature absente ou fausse" in r.getMessage() for r in caplog.records if r.levelno == logging.WARNING)


def test_une_notification_signee_avec_un_autre_secret_est_refusee(client, cotisation):
    carte = _creer(cotisation)
    avant = _ecritures()
    assert _notifier(client, carte, secret="un-autre-secret").status_code == 403
    assert _ecritures() == avant


def test_une_notification_d_un_autre_paiement_est_refusee(client, cotisation):
    carte, autre = _creer(cotisation), _creer(cotisation, "10.00")
    from django.conf import settings

    corps, signature = notification_test(
        secret=settings.CDOM_PAIEMENT_SECRET_TEST, jeton=autre.token, transaction="TX-9", statut=CONFIRME, montant="10"
    )
    avant = _ecritures()
    reponse = client.post(
        reverse("process_payment", kwargs={"token": carte.token}),
        data=corps,
        content_type="application/json",
        headers={ENTETE_SIGNATURE: signature},
    )
    assert reponse.status_code == 403 and _ecritures() == avant


def test_la_meme_transaction_sur_un_second_paiement_par_carte_est_refusee(client, cotisation):
    premier, second = _creer(cotisation, "100.00"), _creer(cotisation, "100.00")
    assert _notifier(client, premier, transaction="TX-7").status_code == 200
    avant = _ecritures()
    assert _notifier(client, second, transaction="TX-7").status_code == 400
    assert _ecritures() == avant and Paiement.objects.count() == 1


def test_la_notification_a_l_adresse_du_fournisseur_est_verifiee_aussi(client, cotisation):
    from django.conf import settings

    carte = _creer(cotisation)
    corps, signature = notification_test(
        secret=settings.CDOM_PAIEMENT_SECRET_TEST, jeton=carte.token, transaction="TX-3", statut=CONFIRME, montant="120"
    )
    url = reverse("static_process_payment", kwargs={"variant": "test"})
    avant = _ecritures()
    faux = client.post(url, data=corps, content_type="application/json", headers={ENTETE_SIGNATURE: "0" * 64})
    assert faux.status_code == 404 and _ecritures() == avant
    bon = client.post(url, data=corps, content_type="application/json", headers={ENTETE_SIGNATURE: signature})
    assert bon.status_code == 200 and Paiement.objects.get().transaction == "TX-3"


def test_une_notification_par_get_est_refusee(client, cotisation):
    carte = _creer(cotisation)
    assert client.get(reverse("process_payment", kwargs={"token": carte.token})).status_code == 405


# --- overpayment: two tabs on the same balance ----------------------------------------------------------------------


def test_deux_onglets_payant_le_meme_solde_un_seul_paiement_l_autre_a_rembourser(client, cotisation, caplog):
    premier, second = _creer(cotisation, "340.00"), _creer(cotisation, "340.00")
    _notifier(client, premier, transaction="TX-A")
    with caplog.at_level(logging.WARNING, logger="cotisations.services.carte"):
        _notifier(client, second, transaction="TX-B")
    second.refresh_from_db()
    assert Paiement.objects.count() == 1
    assert (second.suite, second.status, second.transaction_id) == ("a_rembourser", "confirmed", "TX-B")
    assert "dépasse le solde" in second.motif_revue
    assert any("à rembourser" in r.getMessage() for r in caplog.records)
    # A replay of the refunded one adds nothing either.
    _notifier(client, second, transaction="TX-B")
    assert Paiement.objects.count() == 1


def test_un_montant_confirme_different_du_montant_demande_est_a_verifier(client, cotisation):
    carte = _creer(cotisation)
    _notifier(client, carte, transaction="TX-5", montant="12.00")
    carte.refresh_from_db()
    assert carte.suite == "a_rembourser" and not Paiement.objects.exists()


@pytest.mark.services
@pytest.mark.django_db(transaction=True)
def test_deux_confirmations_simultanees_du_meme_solde_un_seul_paiement(monkeypatch):
    monkeypatch.setattr("config.pdf.html_en_pdf", lambda html: b"%PDF-1.7\n")
    medecin = factories.MedecinFactory(avec_compte=True)
    cotisation = factories.CotisationFactory(medecin=medecin)
    cartes = [_creer(cotisation, "340.00"), _creer(cotisation, "340.00")]
    systeme = commun_services.utilisateur_systeme()
    resultats = en_meme_temps(
        *[
            lambda carte=carte, n=n: services.paiement_carte_confirmer(
                paiement_carte=carte, transaction_id=f"TX-{n}", montant=D("340.00"), par=systeme, today=FEVRIER
            )
            for n, carte in enumerate(cartes)
        ]
    )
    assert all(r.ok for r in resultats), resultats
    assert Paiement.objects.count() == 1
    assert sorted(PaiementCarte.objects.values_list("suite", flat=True)) == ["a_rembourser", "enregistre"]
    cotisation.refresh_from_db()
    assert cotisation.montant_paye == D("340.00")


@pytest.mark.services
@pytest.mark.django_db(transaction=True)
def test_la_meme_notification_recue_deux_fois_en_meme_temps_un_seul_paiement(monkeypatch):
    monkeypatch.setattr("config.pdf.html_en_pdf", lambda html: b"%PDF-1.7\n")
    cotisation = factories.CotisationFactory(medecin=factories.MedecinFactory(avec_compte=True))
    carte = _creer(cotisation)
    systeme = commun_services.utilisateur_systeme()
    resultats = en_meme_temps(
        *[
            lambda: services.paiement_carte_confirmer(
                paiement_carte=carte, transaction_id="TX-1", montant=D("120.00"), par=systeme, today=FEVRIER
            )
        ]
        * 2
    )
    assert all(r.ok for r in resultats), resultats
    paiement = Paiement.objects.get()
    carte.refresh_from_db()
    assert (carte.suite, carte.paiement_id, carte.motif_revue) == ("enregistre", paiement.pk, "")


# --- the receipt by e-mail, any mode ----------------------------------------------------------------------------


def test_tout_paiement_envoie_son_recu_au_redevable_qui_a_une_adresse(
    cotisation, systeme, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        paiement = services.paiement_enregistrer(
            cotisation=cotisation, montant=D("40.00"), mode="cheque", date=FEVRIER, par=systeme
        )
    envoi = Envoi.objects.get()
    assert (envoi.nature, envoi.objet, envoi.etat) == (NatureEnvoi.RECU_COTISATION, paiement, EtatEnvoi.ENVOYE)
    (courriel,) = mail.outbox
    assert "40,00" in courriel.body and "chèque" in courriel.body and "300,00" in courriel.body
    nom, contenu, type_mime = courriel.attachments[0]
    assert (nom, type_mime) == (f"recu-{paiement.numero_recu}.pdf", "application/pdf") and contenu.startswith(b"%PDF")


def test_la_societe_recoit_le_recu_a_son_adresse_sinon_a_celle_de_son_gerant(systeme):
    gerant = factories.MedecinFactory(email="gerant@exemple.fr")
    avec = factories.SocieteFactory(email="selarl@exemple.fr", gerant=gerant)
    sans = factories.SocieteFactory(email="", gerant=gerant)
    for societe in (avec, sans):
        cotisation = factories.CotisationFactory(
            medecin=None, societe=societe, reference=services.reference_societe(2026, societe.pk)
        )
        services.paiement_enregistrer(
            cotisation=cotisation, montant=D("10.00"), mode="virement", date=FEVRIER, par=systeme
        )
    assert sorted(Envoi.objects.values_list("destinataire", flat=True)) == ["gerant@exemple.fr", "selarl@exemple.fr"]


def test_sans_adresse_aucun_recu_n_est_programme(systeme):
    cotisation = factories.CotisationFactory(medecin=factories.MedecinFactory(email=""))
    services.paiement_enregistrer(cotisation=cotisation, montant=D("10.00"), mode="especes", date=FEVRIER, par=systeme)
    assert Paiement.objects.count() == 1 and not Envoi.objects.exists()


def test_un_paiement_refuse_ne_programme_aucun_recu(cotisation, systeme):
    with pytest.raises(ValidationError):
        services.paiement_enregistrer(
            cotisation=cotisation, montant=D("999.00"), mode="cheque", date=FEVRIER, par=systeme
        )
    assert not Envoi.objects.exists()


def test_file_d_attente_en_panne_le_paiement_tient_et_son_recu_part_au_retour(
    cotisation, systeme, django_capture_on_commit_callbacks, monkeypatch, caplog
):
    from kombu.exceptions import OperationalError

    def en_panne(**kwargs):
        raise OperationalError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")

    monkeypatch.setattr(tasks.recu_envoyer, "delay", en_panne)
    with caplog.at_level(logging.WARNING, logger="commun.services"):
        with django_capture_on_commit_callbacks(execute=True):
            paiement = services.paiement_enregistrer(
                cotisation=cotisation, montant=D("340.00"), mode="cb", date=FEVRIER, par=systeme
            )
    assert Paiement.objects.filter(pk=paiement.pk).exists()
    cotisation.refresh_from_db()
    assert cotisation.statut == "payee"
    envoi = Envoi.objects.get()
    assert envoi.etat == EtatEnvoi.A_ENVOYER and mail.outbox == []
    assert any("File d'attente injoignable" in r.getMessage() for r in caplog.records)

    # Still down at the next beat run: the row waits.
    plus_tard = timezone.now() + datetime.timedelta(seconds=1)
    assert commun_services.envois_relancer(avant=plus_tard, par=systeme) == 0
    assert mail.outbox == []
    # The broker is back: the beat run queues it, it leaves once.
    monkeypatch.undo()
    monkeypatch.setattr("config.pdf.html_en_pdf", lambda html: b"%PDF-1.7\n")
    assert commun_services.envois_relancer(avant=plus_tard, par=systeme) == 1
    envoi.refresh_from_db()
    assert envoi.etat == EtatEnvoi.ENVOYE and len(mail.outbox) == 1
    assert commun_services.envois_relancer(avant=plus_tard, par=systeme) == 0
    assert len(mail.outbox) == 1


def test_la_relance_ne_reprend_pas_un_envoi_recent(cotisation, systeme, monkeypatch):
    """A row waiting for its retry (touched less than ENVOI_DELAI_MAX ago) is left to its own task."""
    monkeypatch.setattr(tasks.recu_envoyer, "delay", lambda **kwargs: None)
    from django.db import transaction

    with transaction.atomic():
        services.paiement_enregistrer(cotisation=cotisation, montant=D("10.00"), mode="cb", date=FEVRIER, par=systeme)
    avant = timezone.now() - datetime.timedelta(minutes=35)
    assert commun_services.envois_relancer(avant=avant, par=systeme) == 0


def test_la_tache_de_beat_relance_comme_le_service(monkeypatch, systeme):
    from commun import tasks as commun_tasks

    appels = []
    monkeypatch.setattr(commun_services, "envois_relancer", lambda **kw: appels.append(kw) or 0)
    commun_tasks.envois_relancer()
    (appel,) = appels
    assert appel["par"] == systeme
    assert timezone.now() - appel["avant"] >= datetime.timedelta(minutes=35)


def test_la_relance_des_envois_est_reservee(cotisation):
    with pytest.raises(PermissionDenied):
        commun_services.envois_relancer(avant=timezone.now(), par=cotisation.medecin.user)


# --- the refund of a payment kept « à rembourser » -----------------------------------------------------------------

MARS = datetime.date(2026, 3, 2)


@pytest.fixture
def comptable(db):
    return factories.StaffFactory(groupe="comptabilite")


@pytest.fixture
def a_rembourser(cotisation):
    carte = factories.PaiementCarteFactory(
        cotisation=cotisation,
        suite="a_rembourser",
        status="confirmed",
        transaction_id="TX-TROP",
        motif_revue="Le paiement de 120,00 € dépasse le solde.",
    )
    # Paid on 1 February (`created` is set by the database on insert).
    commence = timezone.make_aware(datetime.datetime(2026, 2, 1, 10, 0))
    PaiementCarte.objects.filter(pk=carte.pk).update(created=commence)
    carte.refresh_from_db()
    return carte


def _rembourser(carte, par, *, date=MARS, reference="VIR-REMB-0042", today=MARS):
    return services.carte_rembourser(paiement_carte_id=carte.pk, date=date, reference=reference, par=par, today=today)


def _etat_carte(carte):
    carte.refresh_from_db()
    return (carte.suite, carte.status, carte.rembourse_le, carte.reference_remboursement, carte.history.count())


def test_le_remboursement_d_un_paiement_a_rembourser_est_enregistre_avec_son_historique(a_rembourser, comptable):
    carte = _rembourser(a_rembourser, comptable, reference="  VIR-REMB-0042 ")
    assert (carte.suite, carte.status, carte.rembourse_le, carte.reference_remboursement) == (
        "rembourse",
        "refunded",
        MARS,
        "VIR-REMB-0042",
    )
    version = carte.history.first()
    assert (version.suite, version.history_user, version.rembourse_le) == ("rembourse", comptable, MARS)
    assert carte.history.count() == 2 and not Paiement.objects.exists()  # no payment recorded, none cancelled


def test_un_paiement_deja_rembourse_ne_l_est_pas_deux_fois(a_rembourser, comptable):
    _rembourser(a_rembourser, comptable)
    avant = _etat_carte(a_rembourser)
    with pytest.raises(ValidationError, match=r"déjà remboursé \(le 02/03/2026, référence VIR-REMB-0042\)"):
        _rembourser(a_rembourser, comptable, reference="VIR-AUTRE")
    assert _etat_carte(a_rembourser) == avant


@pytest.mark.parametrize("suite", ["en_attente", "enregistre", "refuse"])
def test_seul_un_paiement_a_rembourser_se_rembourse(cotisation, comptable, suite):
    paiement = factories.PaiementFactory(cotisation=cotisation) if suite == "enregistre" else None
    carte = factories.PaiementCarteFactory(cotisation=cotisation, suite=suite, paiement=paiement)
    avant = _etat_carte(carte)
    with pytest.raises(ValidationError, match="Seul un paiement par carte « à rembourser » se rembourse ici"):
        _rembourser(carte, comptable)
    assert _etat_carte(carte) == avant


@pytest.mark.parametrize(
    ("date", "reference", "champ", "message"),
    [
        (MARS + datetime.timedelta(days=1), "VIR-1", "date", "ne peut être daté après aujourd'hui (02/03/2026)"),
        (MARS, "   ", "reference", "Indiquez la référence du remboursement"),
        (MARS, "X" * 101, "reference", "100 caractères au plus"),
    ],
)
def test_une_date_future_ou_une_reference_manquante_est_refusee_sans_rien_ecrire(
    a_rembourser, comptable, date, reference, champ, message
):
    avant = _etat_carte(a_rembourser)
    with pytest.raises(ValidationError) as refus:
        _rembourser(a_rembourser, comptable, date=date, reference=reference)
    assert message in " ".join(refus.value.message_dict[champ])
    assert _etat_carte(a_rembourser) == avant


def test_un_remboursement_avant_le_paiement_est_refuse(a_rembourser, comptable):
    avant = _etat_carte(a_rembourser)
    with pytest.raises(ValidationError, match=r"ne peut précéder le paiement \(commencé le 01/02/2026\)"):
        _rembourser(a_rembourser, comptable, date=datetime.date(2026, 1, 31))
    assert _etat_carte(a_rembourser) == avant
    assert _rembourser(a_rembourser, comptable, date=FEVRIER).rembourse_le == FEVRIER  # the day itself is accepted


def test_ni_le_medecin_ni_l_accueil_ne_remboursent(a_rembourser, medecin):
    avant = _etat_carte(a_rembourser)
    for acteur in (medecin.user, factories.StaffFactory(groupe="accueil")):
        with pytest.raises(PermissionDenied, match="enregistrer le remboursement d'un paiement par carte"):
            _rembourser(a_rembourser, acteur)
    assert _etat_carte(a_rembourser) == avant


def _action(client, cartes, **donnees):
    return client.post(
        reverse("admin:cotisations_paiementcarte_changelist"),
        {"action": "rembourser", "_selected_action": [c.pk for c in cartes], **donnees},
        follow="appliquer" in donnees,
    )


def test_l_action_de_l_admin_demande_la_date_et_la_reference_puis_enregistre(client, a_rembourser, comptable):
    client.force_login(comptable)
    page = _action(client, [a_rembourser])
    assert page.status_code == 200 and "Référence du remboursement" in page.content.decode()
    assert _etat_carte(a_rembourser)[0] == "a_rembourser"  # the form only, nothing written yet
    reponse = _action(client, [a_rembourser], appliquer="1", date="02/03/2026", reference="VIR-REMB-0042")
    assert "1 remboursement(s) enregistré(s)." in reponse.content.decode()
    assert _etat_carte(a_rembourser)[:4] == ("rembourse", "refunded", MARS, "VIR-REMB-0042")
    # Twice: refused in French, nothing more written.
    avant = _etat_carte(a_rembourser)
    reponse = _action(client, [a_rembourser], appliquer="1", date="02/03/2026", reference="VIR-AUTRE")
    assert "déjà remboursé" in reponse.content.decode()
    assert _etat_carte(a_rembourser) == avant


def test_l_action_de_l_admin_refuse_un_paiement_qui_n_est_pas_a_rembourser(client, cotisation, comptable):
    carte = factories.PaiementCarteFactory(cotisation=cotisation)
    client.force_login(comptable)
    avant = _etat_carte(carte)
    reponse = _action(client, [carte], appliquer="1", date="02/03/2026", reference="VIR-1")
    assert "Seul un paiement par carte « à rembourser » se rembourse ici" in reponse.content.decode()
    assert _etat_carte(carte) == avant


def test_l_action_de_l_admin_montre_les_erreurs_du_formulaire(client, a_rembourser, comptable):
    client.force_login(comptable)
    avant = _etat_carte(a_rembourser)
    reponse = _action(client, [a_rembourser], appliquer="1", date="", reference="")
    assert reponse.status_code == 400
    assert "Indiquez la date du remboursement." in reponse.content.decode()
    assert _etat_carte(a_rembourser) == avant


def test_l_action_n_est_offerte_qu_a_qui_peut_rembourser(client, a_rembourser):
    from django.contrib.auth.models import Permission

    lecteur = factories.StaffFactory()
    lecteur.user_permissions.add(Permission.objects.get(codename="view_paiementcarte"))
    client.force_login(lecteur)
    liste = client.get(reverse("admin:cotisations_paiementcarte_changelist"))
    assert liste.status_code == 200 and liste.context["action_form"] is None  # no action offered at all
    _action(client, [a_rembourser], appliquer="1", date="02/03/2026", reference="VIR-1")
    assert _etat_carte(a_rembourser)[0] == "a_rembourser"
