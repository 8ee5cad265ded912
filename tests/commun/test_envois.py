"""The e-mail pattern (commun/tasks.py) in-process, as without REDIS_URL: one row per message, the uniqueness
guard, tasks that take ids and are safe to run twice, retries then "en échec", the admin's "Renvoyer"."""

import datetime

import pytest
from celery import current_app
from django.conf import settings
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from commun import services as commun_services
from commun import tasks as commun_tasks
from commun.models import Envoi, EtatEnvoi, NatureEnvoi
from commun.selectors import envois_de
from gouvernance import services, tasks
from gouvernance.models import Seance
from tests import factories
from tests.commun.courriel import BackendInstable

pytestmark = pytest.mark.django_db

JOUR = datetime.date(2026, 3, 12)
TACHES_D_ENVOI = [
    "gouvernance.convocations_envoyer",
    "gouvernance.proces_verbal_envoyer",
    "gouvernance.notification_envoyer",
    "tableau.perte_ordonnances_avis_envoyer",
    "tableau.perte_ordonnances_accuse_envoyer",
]


@pytest.fixture
def membres():
    return [factories.MembreFactory() for _ in range(3)]


@pytest.fixture
def seance(membres):
    return factories.SeanceFactory(date=JOUR)


@pytest.fixture
def instable(settings):
    settings.EMAIL_BACKEND = "tests.commun.courriel.BackendInstable"
    yield BackendInstable
    BackendInstable.echecs_restants = 0
    BackendInstable.adresses_refusees = set()


def convoquer(seance, *, par=None):
    par = par or factories.systeme()
    return services.seance_convoquer(seance=seance, today=JOUR - datetime.timedelta(days=8), par=par)


# --- the retry policy ----------------------------------------------------------------------------------------


def test_chaque_delai_avant_nouvelle_tentative_reste_sous_le_delai_de_visibilite_de_redis():
    visibilite = settings.CELERY_BROKER_TRANSPORT_OPTIONS["visibility_timeout"]
    delais = [commun_tasks.delai_avant_tentative(n) for n in range(commun_tasks.tentatives_max())]
    # Exponential: each delay doubles until the cap; the cap (any attempt, even a 100th) stays below the timeout.
    assert delais[:3] == [settings.ENVOI_DELAI_INITIAL * k for k in (1, 2, 4)]
    assert max(delais) < visibilite
    assert commun_tasks.delai_avant_tentative(100) == settings.ENVOI_DELAI_MAX < visibilite


@pytest.mark.parametrize("nom", TACHES_D_ENVOI)
def test_les_taches_d_envoi_sont_acquittees_apres_execution(nom):
    tache = current_app.tasks[nom]
    assert tache.acks_late and tache.reject_on_worker_lost and tache.ignore_result


# --- rows written with the act ------------------------------------------------------------------------------


def test_la_convocation_programme_un_envoi_par_destinataire_et_le_worker_les_envoie(
    seance, membres, django_capture_on_commit_callbacks
):
    secretariat = factories.StaffFactory(groupe="secretariat")
    with django_capture_on_commit_callbacks(execute=False) as rappels:
        assert convoquer(seance, par=secretariat) == 3
    envois = list(envois_de(objet=seance))
    # Written with the act, waiting for the task that runs once the transaction commits.
    assert len(envois) == 3 and {e.etat for e in envois} == {EtatEnvoi.A_ENVOYER}
    assert {e.destinataire for e in envois} == {m.medecin.email for m in membres}
    assert {(e.nature, e.tache, e.demande_par) for e in envois} == {
        (NatureEnvoi.CONVOCATION, "gouvernance.convocations_envoyer", secretariat)
    }
    assert mail.outbox == [] and Seance.objects.get(pk=seance.pk).convocation_envoyee_le is None
    assert len(rappels) == 1
    rappels[0]()
    envois = list(envois_de(objet=seance))
    assert {e.etat for e in envois} == {EtatEnvoi.ENVOYE} and all(e.envoye_le for e in envois)
    assert sorted(m.to[0] for m in mail.outbox) == sorted(e.destinataire for e in envois)
    assert Seance.objects.get(pk=seance.pk).convocation_envoyee_le == timezone.localdate()
    # Every write is history-tracked: by who asked, then by the system user for the send.
    historique = envois[0].history.order_by("history_date")
    assert [h.history_user for h in historique][0] == secretariat
    assert historique.last().history_user.username == "systeme"


def test_une_convocation_refusee_ne_programme_aucun_envoi(seance, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as rappels, pytest.raises(ValidationError):
        services.seance_convoquer(seance=seance, today=JOUR - datetime.timedelta(days=7), par=factories.systeme())
    assert rappels == [] and not Envoi.objects.exists() and mail.outbox == []


def test_relancer_la_tache_n_envoie_pas_deux_fois(seance, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        convoquer(seance)
    ids = list(envois_de(objet=seance).values_list("pk", flat=True))
    avant = list(envois_de(objet=seance).values_list("pk", "tentatives", "envoye_le"))
    # A redelivered message (acks_late after a worker died), or a task run by hand: nothing leaves again.
    tasks.convocations_envoyer.delay(envoi_ids=ids)
    assert len(mail.outbox) == 3
    assert list(envois_de(objet=seance).values_list("pk", "tentatives", "envoye_le")) == avant


def test_programmer_deux_fois_le_meme_message_n_ecrit_qu_une_ligne(seance, membres):
    adresses = [m.medecin.email for m in membres]
    with transaction.atomic():
        premiers = commun_services.envois_programmer(
            nature=NatureEnvoi.CONVOCATION,
            objet=seance,
            adresses=adresses,
            tache=tasks.convocations_envoyer,
            par=factories.systeme(),
        )
        seconds = commun_services.envois_programmer(
            nature=NatureEnvoi.CONVOCATION,
            objet=seance,
            adresses=adresses,
            tache=tasks.convocations_envoyer,
            par=factories.systeme(),
        )
    assert len(premiers) == 3 and seconds == [] and Envoi.objects.count() == 3


def test_la_contrainte_d_unicite_est_la_garde_en_base(seance, membres):
    with transaction.atomic():
        (envoi,) = commun_services.envois_programmer(
            nature=NatureEnvoi.CONVOCATION,
            objet=seance,
            adresses=[membres[0].medecin.email],
            tache=tasks.convocations_envoyer,
            par=factories.systeme(),
        )
    doublon = Envoi(
        nature=envoi.nature,
        tache=envoi.tache,
        type_objet=envoi.type_objet,
        objet_id=envoi.objet_id,
        destinataire=envoi.destinataire,
        lot=envoi.lot,
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        doublon.save()
    assert Envoi.objects.count() == 1


# --- failures: retry, then "en échec", then "Renvoyer" --------------------------------------------------------


def test_un_envoi_qui_echoue_une_fois_est_retente_et_part(seance, instable, django_capture_on_commit_callbacks):
    instable.echecs_restants = 1
    with django_capture_on_commit_callbacks(execute=True):
        convoquer(seance)
    envois = list(envois_de(objet=seance).order_by("pk"))
    # In-process (eager) the retry runs at once; only the row that failed is sent again.
    assert {e.etat for e in envois} == {EtatEnvoi.ENVOYE} and len(mail.outbox) == 3
    assert [e.tentatives for e in envois] == [2, 1, 1]
    assert envois[0].derniere_erreur == ""
    assert "Connexion au serveur de courriel perdue" in envois[0].history.filter(tentatives=1).get().derniere_erreur


def test_apres_la_derniere_tentative_l_envoi_reste_en_echec_et_la_date_n_est_pas_posee(
    seance, instable, django_capture_on_commit_callbacks
):
    instable.echecs_restants = 1000
    with django_capture_on_commit_callbacks(execute=True):
        # The act itself succeeds: the session is convened, the failure is on the rows, not an error page.
        assert convoquer(seance) == 3
    envois = list(envois_de(objet=seance))
    assert {e.etat for e in envois} == {EtatEnvoi.ECHEC} and mail.outbox == []
    assert {e.tentatives for e in envois} == {settings.ENVOI_TENTATIVES}
    assert all(e.derniere_erreur.startswith("SMTPServerDisconnected : ") for e in envois)
    seance.refresh_from_db()
    assert seance.statut == "convoquee" and seance.convocation_envoyee_le is None


def test_renvoyer_remet_en_file_les_seuls_envois_en_echec(
    seance, membres, instable, django_capture_on_commit_callbacks
):
    refusee = membres[0].medecin.email
    instable.adresses_refusees = {refusee}  # a mailbox the server refuses, at every attempt
    with django_capture_on_commit_callbacks(execute=True):
        convoquer(seance)
    echec = Envoi.objects.get(etat=EtatEnvoi.ECHEC)
    assert echec.destinataire == refusee and "SMTPRecipientsRefused" in echec.derniere_erreur
    envoyes = list(Envoi.objects.filter(etat=EtatEnvoi.ENVOYE))
    assert len(envoyes) == 2 and len(mail.outbox) == 2
    with pytest.raises(ValidationError) as err:
        commun_services.envois_renvoyer(envois=envoyes, par=factories.systeme())
    assert "seul un envoi en échec se renvoie" in err.value.messages[0]
    instable.adresses_refusees = set()  # the address was corrected at the mail server
    with django_capture_on_commit_callbacks(execute=True):
        assert commun_services.envois_renvoyer(envois=[echec, *envoyes], par=factories.systeme()) == 1
    echec.refresh_from_db()
    assert echec.etat == EtatEnvoi.ENVOYE and len(mail.outbox) == 3
    assert sorted(m.to[0] for m in mail.outbox) == sorted(Envoi.objects.values_list("destinataire", flat=True))


# --- the draft minutes: sent again on purpose, never twice by accident ------------------------------------------


@pytest.fixture
def seance_close(seance):
    Seance.objects.filter(pk=seance.pk).update(statut="close")
    return seance


def test_le_projet_de_proces_verbal_ne_repart_pas_tant_que_le_precedent_envoi_attend(
    seance_close, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False):
        assert services.seance_envoyer_proces_verbal(seance=seance_close, today=JOUR, par=factories.systeme()) == 3
    # A double click while the worker has not sent it yet: refused, nothing written.
    with pytest.raises(ValidationError) as err:
        services.seance_envoyer_proces_verbal(seance=seance_close, today=JOUR, par=factories.systeme())
    assert "déjà programmé" in err.value.message_dict["seance"][0]
    assert Envoi.objects.count() == 3 and Seance.objects.get(pk=seance_close.pk).pv_envoye_le is None


def test_le_projet_de_proces_verbal_se_renvoie_en_un_nouveau_lot_une_fois_parti(
    seance_close, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.seance_envoyer_proces_verbal(seance=seance_close, today=JOUR, par=factories.systeme())
    with django_capture_on_commit_callbacks(execute=True):
        assert services.seance_envoyer_proces_verbal(seance=seance_close, today=JOUR, par=factories.systeme()) == 3
    assert sorted(Envoi.objects.values_list("lot", flat=True)) == [1, 1, 1, 2, 2, 2]
    assert len(mail.outbox) == 6 and mail.outbox[0].attachments[0][2] == "application/pdf"
    assert Seance.objects.get(pk=seance_close.pk).pv_envoye_le == timezone.localdate()


# --- the notification's copy ------------------------------------------------------------------------------------


def test_la_copie_de_la_notification_n_est_programmee_que_pour_un_medecin_qui_a_une_adresse():
    from gouvernance.models import Deliberation, VoieRecours

    seance = factories.SeanceFactory(date=JOUR, statut="close")
    sans_adresse = factories.MedecinFactory(email="", adresse_correspondance="3 place Francheville")
    voie = VoieRecours.objects.first()
    decision = Deliberation.objects.create(
        seance=seance,
        annee=2026,
        numero="2026-001",
        sequence=1,
        objet="Inscription",
        motivation="x" * 40,
        adoptee=True,
        pour=10,
        medecin_concerne=sans_adresse,
        voie_recours=voie,
    )
    services.deliberation_notifier(deliberation=decision, today=JOUR, par=factories.systeme())
    decision.refresh_from_db()
    # The letter is notified (its date and postal address), there is no e-mail to send.
    assert decision.notifiee_le == JOUR and not Envoi.objects.exists()


# --- staff: the admin of the sends ------------------------------------------------------------------------------


def test_le_secretariat_voit_les_envois_en_echec_et_les_renvoie_depuis_l_admin(
    client, seance, instable, django_capture_on_commit_callbacks
):
    instable.echecs_restants = 1000
    with django_capture_on_commit_callbacks(execute=True):
        convoquer(seance)
    client.force_login(factories.StaffFactory(groupe="secretariat"))
    liste = reverse("admin:commun_envoi_changelist")
    html = client.get(liste, {"etat__exact": "echec"}).content.decode()
    assert "Envois de courriels" in html and "En échec" in html and "Convocation à une séance" in html
    assert "Renvoyer les envois en échec sélectionnés" in html
    assert html.count('name="_selected_action"') == 3
    # Read-only: no add, no change page that saves.
    assert client.get(reverse("admin:commun_envoi_add")).status_code == 403
    envoi = Envoi.objects.first()
    fiche = client.get(reverse("admin:commun_envoi_change", args=[envoi.pk])).content.decode()
    assert "SMTPServerDisconnected" in fiche and 'name="_save"' not in fiche
    instable.echecs_restants = 0
    with django_capture_on_commit_callbacks(execute=True):
        reponse = client.post(
            liste,
            {"action": "renvoyer", "_selected_action": list(Envoi.objects.values_list("pk", flat=True))},
            follow=True,
        )
    assert "3 envoi(s) en échec programmé(s) de nouveau." in reponse.content.decode()
    assert set(Envoi.objects.values_list("etat", flat=True)) == {EtatEnvoi.ENVOYE} and len(mail.outbox) == 3


def test_le_service_du_tableau_ne_voit_pas_les_envois_du_conseil(client, seance, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        convoquer(seance)
    client.force_login(factories.StaffFactory(groupe="tableau"))
    html = client.get(reverse("admin:commun_envoi_changelist")).content.decode()
    assert 'name="_selected_action"' not in html
    envoi = Envoi.objects.first()
    assert client.get(reverse("admin:commun_envoi_change", args=[envoi.pk])).status_code in (302, 404)


def test_un_agent_sans_le_droit_de_renvoyer_n_a_pas_l_action(client, seance):
    from django.contrib.auth.models import Permission

    agent = factories.StaffFactory()
    agent.user_permissions.add(
        Permission.objects.get(codename="view_envoi"), Permission.objects.get(codename="view_seance")
    )
    client.force_login(agent)
    html = client.get(reverse("admin:commun_envoi_changelist")).content.decode()
    assert "Renvoyer les envois en échec" not in html


def test_le_groupe_secretariat_du_conseil_a_la_vue_et_le_renvoi_des_envois():
    from django.contrib.auth.models import Group

    from config.roles import groupes_synchroniser

    groupes_synchroniser()
    perms = set(Group.objects.get(name="Secrétariat du conseil").permissions.values_list("codename", flat=True))
    assert {"view_envoi", "renvoyer_envoi"} <= perms
    assert not {"add_envoi", "change_envoi", "delete_envoi"} & perms


def test_un_delai_max_au_dela_du_delai_de_visibilite_est_une_erreur_de_configuration(settings):
    from commun.checks import delais_des_envois

    assert delais_des_envois(None) == []
    settings.ENVOI_DELAI_MAX = settings.CELERY_BROKER_TRANSPORT_OPTIONS["visibility_timeout"]
    (erreur,) = delais_des_envois(None)
    assert erreur.id == "commun.E001" and "exécutée deux fois" in erreur.msg


def test_un_projet_de_proces_verbal_qui_n_est_pas_parti_ne_porte_pas_de_date_d_envoi(
    seance_close, instable, django_capture_on_commit_callbacks
):
    instable.echecs_restants = 1000
    with django_capture_on_commit_callbacks(execute=True):
        assert services.seance_envoyer_proces_verbal(seance=seance_close, today=JOUR, par=factories.systeme()) == 3
    assert set(envois_de(objet=seance_close).values_list("etat", flat=True)) == {EtatEnvoi.ECHEC}
    assert Seance.objects.get(pk=seance_close.pk).pv_envoye_le is None and mail.outbox == []
