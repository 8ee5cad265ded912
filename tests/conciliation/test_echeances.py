"""The legal clock's reads (issue 12 point 2; L4123-2 CSP: a conciliation meeting within 1 month of t0, the
transmission within 3 months): GET /api/conciliation/echeances/?date= as CONTRACT.md writes it, filtered to the
files the user may read; the legal service's page; the daily reminders, once per file and deadline."""

import datetime

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied

from commun.models import Envoi, NatureEnvoi
from conciliation.models import ParametreConciliation, RappelEcheance
from conciliation.services import echeances_rappeler, parametres_enregistrer
from conciliation.tasks import echeances_rappels_du_jour
from config.celery import app
from tests import factories
from tests.conciliation.outils_documents import juriste, membre_de_la_commission, president

pytestmark = pytest.mark.django_db

URL = "/api/conciliation/echeances/"
LE_30_MARS = datetime.date(2026, 3, 30)


def _plainte(t0, **champs):
    return factories.PlainteFactory(date_enregistrement=t0, recue_le=t0, **champs)


@pytest.fixture
def dossiers():
    """Complaints of the Dordogne's register seen on 30 March 2026 (the list's window: until 6 April)."""
    d = {
        # registered 2 March: conciliation due 2 April, within the 7 days
        "proche": _plainte(datetime.date(2026, 3, 2)),
        # registered 10 February, no meeting: its conciliation (10 March) has passed
        "depassee": _plainte(datetime.date(2026, 2, 10)),
        # registered 20 March: conciliation due 20 April, beyond the window
        "lointaine": _plainte(datetime.date(2026, 3, 20)),
        # a public authority: no conciliation; transmission due 5 April
        "autorite": _plainte(datetime.date(2026, 1, 5), plaignant_qualite="autorite_publique"),
        # closed, a grievance, a transmitted one: no deadline
        "conciliee": _plainte(datetime.date(2026, 3, 1), statut="conciliee"),
        "doleance": _plainte(datetime.date(2026, 2, 1), nature="doleance"),
    }
    # conciliation held 20 January and failed: next is the transmission, due 2 April
    d["a_transmettre"] = _plainte(datetime.date(2026, 1, 2), statut="a_transmettre")
    factories.ProcesVerbalFactory(
        reunion=factories.ReunionFactory(plainte=d["a_transmettre"], date=datetime.date(2026, 1, 20))
    )
    # a meeting fixed late (15 April, after the 25 March deadline): the conciliation stays overdue until it is held
    d["reunion_tardive"] = _plainte(datetime.date(2026, 2, 25), statut="convoquee")
    factories.ReunionFactory(plainte=d["reunion_tardive"], date=datetime.date(2026, 4, 15), hors_delai=True)
    # a meeting held on time (25 March), its PV not yet established: the transmission (10 May) is far
    d["tenue"] = _plainte(datetime.date(2026, 2, 10), statut="convoquee")
    factories.ReunionFactory(plainte=d["tenue"], date=datetime.date(2026, 3, 5))
    return d


def test_les_echeances_passees_ou_dans_les_7_jours_telles_que_le_contrat_les_ecrit(api_client, dossiers):
    api_client.force_authenticate(juriste())
    reponse = api_client.get(URL, {"date": "2026-03-30"})
    assert reponse.status_code == 200
    d = dossiers
    assert reponse.json() == [
        {"plainte": d["depassee"].pk, "type": "conciliation", "echeance": "2026-03-10", "depassee": True},
        {"plainte": d["reunion_tardive"].pk, "type": "conciliation", "echeance": "2026-03-25", "depassee": True},
        {"plainte": d["proche"].pk, "type": "conciliation", "echeance": "2026-04-02", "depassee": False},
        {"plainte": d["a_transmettre"].pk, "type": "transmission", "echeance": "2026-04-02", "depassee": False},
        {"plainte": d["autorite"].pk, "type": "transmission", "echeance": "2026-04-05", "depassee": False},
    ]


def test_le_jour_de_l_echeance_elle_n_est_pas_encore_depassee_et_une_reunion_tenue_passe_a_la_transmission(
    api_client, dossiers
):
    api_client.force_authenticate(juriste())
    lignes = {ligne["plainte"]: ligne for ligne in api_client.get(URL, {"date": "2026-04-02"}).json()}
    assert lignes[dossiers["proche"].pk] == {
        "plainte": dossiers["proche"].pk,
        "type": "conciliation",
        "echeance": "2026-04-02",
        "depassee": False,
    }
    # Once the late meeting of 15 April is held, the next deadline is the transmission (25 May).
    lignes = {ligne["plainte"]: ligne for ligne in api_client.get(URL, {"date": "2026-05-20"}).json()}
    assert lignes[dossiers["reunion_tardive"].pk]["type"] == "transmission"
    assert lignes[dossiers["reunion_tardive"].pk]["echeance"] == "2026-05-25"


def test_une_date_mal_ecrite_est_refusee_en_francais(api_client):
    api_client.force_authenticate(juriste())
    reponse = api_client.get(URL, {"date": "30/03/2026"})
    assert reponse.status_code == 400
    assert reponse.json() == {"date": ["La date s'écrit AAAA-MM-JJ (par exemple ?date=2026-03-30)."]}


def test_seuls_les_lecteurs_des_dossiers_voient_les_echeances(api_client, dossiers):
    for lecteur in (membre_de_la_commission().medecin.user, president().medecin.user, juriste()):
        api_client.force_authenticate(lecteur)
        assert len(api_client.get(URL, {"date": "2026-03-30"}).json()) == 5
    ancien = membre_de_la_commission(fin=datetime.date(2025, 12, 31))
    for refuse in (
        dossiers["proche"].medecin.user or factories.MedecinFactory(avec_compte=True).user,
        ancien.medecin.user,
        factories.StaffFactory(groupe="tableau"),
    ):
        api_client.force_authenticate(refuse)
        assert api_client.get(URL, {"date": "2026-03-30"}).status_code == 403


def test_un_ancien_membre_ne_lit_pas_les_echeances_en_remontant_a_une_date_ou_il_siegeait(api_client, dossiers, au):
    """The right is judged on the day of the request; `?date=` is only the list's horizon."""
    au(datetime.date(2026, 9, 1))
    ancien = membre_de_la_commission(debut=datetime.date(2025, 7, 1), fin=datetime.date(2026, 6, 30))
    api_client.force_authenticate(ancien.medecin.user)
    reponse = api_client.get(URL, {"date": "2026-03-30"})  # his seat covered that day, not today
    assert reponse.status_code == 403
    assert "plainte" not in reponse.content.decode()
    # a member seated today still draws the list up at a past horizon
    api_client.force_authenticate(membre_de_la_commission().medecin.user)
    assert len(api_client.get(URL, {"date": "2026-03-30"}).json()) == 5


# --- the legal service's page ----------------------------------------------------------------------------------


def test_la_page_des_echeances_du_service_juridique_signale_les_retards(client, dossiers):
    client.force_login(juriste())
    reponse = client.get("/admin/conciliation/rappelecheance/echeances/", {"date": "2026-03-30"})
    assert reponse.status_code == 200
    contenu = reponse.content.decode()
    for cle in ("depassee", "reunion_tardive", "proche", "a_transmettre", "autorite"):
        assert dossiers[cle].numero in contenu
    assert dossiers["lointaine"].numero not in contenu
    assert contenu.count("<strong>Dépassée</strong>") == 2
    assert contenu.count("<strong>Oui</strong>") == 1  # the meeting fixed after its deadline
    client.force_login(factories.StaffFactory(groupe="tableau"))
    assert client.get("/admin/conciliation/rappelecheance/echeances/").status_code == 403


# --- the reminders ------------------------------------------------------------------------------------------------


def test_le_rappel_part_une_fois_par_dossier_et_par_echeance(dossiers, systeme, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        crees = echeances_rappeler(date=datetime.date(2026, 3, 26), par=systeme)
    # within 7 days of 26 March (to 2 April) or passed: the two overdue conciliations, the two due 2 April
    assert sorted((r.plainte_id, r.type, r.echeance) for r in crees) == sorted(
        [
            (dossiers["depassee"].pk, "conciliation", datetime.date(2026, 3, 10)),
            (dossiers["reunion_tardive"].pk, "conciliation", datetime.date(2026, 3, 25)),
            (dossiers["proche"].pk, "conciliation", datetime.date(2026, 4, 2)),
            (dossiers["a_transmettre"].pk, "transmission", datetime.date(2026, 4, 2)),
        ]
    )
    assert {m.to[0] for m in mail.outbox} == {"juridique@cdom.example"} and len(mail.outbox) == 4
    sujets = sorted(m.subject for m in mail.outbox)
    assert any(f"échéance dépassée du dossier {dossiers['depassee'].numero}" in s for s in sujets)
    assert all("Fontaine" not in m.body for m in mail.outbox)  # no party named in an e-mail
    # A re-run the same day, or the next, sends nothing twice.
    with django_capture_on_commit_callbacks(execute=True):
        assert echeances_rappeler(date=datetime.date(2026, 3, 26), par=systeme) == []
        assert echeances_rappeler(date=datetime.date(2026, 3, 27), par=systeme) == []
    assert len(mail.outbox) == 4
    assert Envoi.objects.filter(nature=NatureEnvoi.CONCILIATION_RAPPEL_ECHEANCE).count() == 4


def test_un_jour_manque_est_rattrape(dossiers, systeme, django_capture_on_commit_callbacks):
    # The public authority's transmission (5 April) is due for a reminder from 29 March; beat missed 29 and 30.
    with django_capture_on_commit_callbacks(execute=True):
        echeances_rappeler(date=datetime.date(2026, 3, 26), par=systeme)
        crees = echeances_rappeler(date=datetime.date(2026, 3, 31), par=systeme)
    assert [(r.plainte_id, r.type, r.programme_le) for r in crees] == [
        (dossiers["autorite"].pk, "transmission", datetime.date(2026, 3, 31))
    ]


def test_le_delai_du_rappel_se_regle_dans_les_parametres(dossiers, systeme, django_capture_on_commit_callbacks):
    parametres_enregistrer(donnees={"delai_rappel_jours": 30}, par=juriste(), today=datetime.date(2026, 3, 1))
    with django_capture_on_commit_callbacks(execute=True):
        crees = echeances_rappeler(date=datetime.date(2026, 3, 26), par=systeme)
    assert dossiers["lointaine"].pk in {r.plainte_id for r in crees}  # 20 April, within 30 days
    assert ParametreConciliation.history.first().history_user is not None


def test_un_autre_que_la_tache_ne_programme_pas_les_rappels_et_rien_n_est_ecrit(dossiers):
    with pytest.raises(PermissionDenied):
        echeances_rappeler(date=datetime.date(2026, 3, 26), par=juriste())
    assert not RappelEcheance.objects.exists() and not Envoi.objects.exists()


def test_la_tache_quotidienne_est_au_calendrier_et_appelle_le_service(dossiers, django_capture_on_commit_callbacks):
    entree = app.conf.beat_schedule["conciliation-echeances-rappels"]
    assert entree["task"] == "conciliation.echeances_rappels_du_jour"
    with django_capture_on_commit_callbacks(execute=True):
        assert echeances_rappels_du_jour.delay(date="2026-03-26").get() == 4
        assert echeances_rappels_du_jour.delay(date="2026-03-26").get() == 0


def test_sans_parametres_la_tache_le_dit_sans_rien_envoyer(dossiers, caplog):
    ParametreConciliation.objects.all().delete()
    assert echeances_rappels_du_jour.delay(date="2026-03-26").get() is None
    assert "Les paramètres de la conciliation manquent" in caplog.text
    assert not RappelEcheance.objects.exists()


def test_les_parametres_se_corrigent_dans_l_administration(client):
    client.force_login(juriste())
    parametre = ParametreConciliation.objects.get()
    page = f"/admin/conciliation/parametreconciliation/{parametre.pk}/change/"
    assert client.get(page).status_code == 200
    reponse = client.post(
        page,
        {
            "delai_rappel_jours": "10",
            "courriel_service_juridique": "service.juridique@cdom24.example",
            "chambre_disciplinaire": parametre.chambre_disciplinaire,
            "courriel_chambre_disciplinaire": "",
        },
    )
    assert reponse.status_code == 302, reponse.content.decode()[:2000]
    parametre.refresh_from_db()
    assert (parametre.delai_rappel_jours, parametre.courriel_service_juridique) == (
        10,
        "service.juridique@cdom24.example",
    )
    client.force_login(factories.StaffFactory(groupe="tableau"))
    assert client.get(page).status_code == 403


def test_un_autre_service_ne_modifie_pas_les_parametres_et_rien_n_est_ecrit():
    avant = ParametreConciliation.history.count()
    with pytest.raises(PermissionDenied):
        parametres_enregistrer(
            donnees={"delai_rappel_jours": 1}, par=factories.StaffFactory(groupe="tableau"), today=LE_30_MARS
        )
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError, match="Ce champ ne peut pas être modifié ici"):
        parametres_enregistrer(donnees={"id": 9}, par=juriste(), today=LE_30_MARS)
    assert ParametreConciliation.objects.get().delai_rappel_jours == 7
    assert ParametreConciliation.history.count() == avant
