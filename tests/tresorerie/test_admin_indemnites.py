"""The allowances' back-office: the accounting service records vacations and the plenary's decision through the
services (their refusals on the form, nothing written), and edits the yearly scale through the parameters' service
(history kept with its author)."""

import datetime

import pytest
from django.urls import reverse

from tests import factories
from tresorerie.models import BaremeIndemnites, RepartitionIndemnites, Vacation

pytestmark = pytest.mark.django_db


@pytest.fixture
def comptable(client):
    user = factories.StaffFactory(groupe="comptabilite")
    client.force_login(user)
    return user


def _vacation(client, membre, **donnees):
    corps = {"membre": membre.pk, "date": "2026-11-10", "nature": "commission", "duree": "demi_journee", **donnees}
    return client.post(reverse("admin:tresorerie_vacation_add"), corps)


def test_la_comptabilite_saisit_une_vacation_dans_l_admin_et_ses_plafonds_s_appliquent(client, comptable):
    factories.RepartitionIndemnitesFactory(annee=2026, inscrits=5501)
    membre = factories.MembreFactory()
    assert _vacation(client, membre, duree="journee").status_code == 302
    vacation = Vacation.objects.get()
    assert vacation.montant == 483 and vacation.saisie_par == comptable
    assert vacation.history.first().history_user == comptable
    reponse = _vacation(client, membre, duree="heure", heures="1")
    assert reponse.status_code == 200 and "au plus deux vacations" in reponse.content.decode()
    assert Vacation.objects.count() == 1


def test_la_decision_de_la_pleniere_s_enregistre_dans_l_admin_avec_sa_deliberation(client, comptable):
    corps = {
        "annee": 2027,
        "inscrits": 1000,
        "releve_au_plancher": "on",
        "montant_president": "",
        "montant_secretaire_general": "",
        "montant_tresorier": "",
    }
    reponse = client.post(reverse("admin:tresorerie_repartitionindemnites_add"), corps)
    assert reponse.status_code == 200 and "Citez la délibération" in reponse.content.decode()
    assert not RepartitionIndemnites.objects.exists()
    deliberation = factories.DeliberationFactory(
        seance=factories.SeanceFactory(date=datetime.date(2026, 11, 20), type="pleniere")
    )
    reponse = client.post(
        reverse("admin:tresorerie_repartitionindemnites_add"), {**corps, "deliberation": deliberation.pk}
    )
    assert reponse.status_code == 302
    assert RepartitionIndemnites.objects.get().releve_au_plancher


def test_le_bareme_se_corrige_dans_l_admin_avec_son_auteur(client, comptable):
    bareme = BaremeIndemnites.objects.get(annee=2027)
    url = reverse("admin:tresorerie_baremeindemnites_change", args=[2027])
    page = client.get(url)
    assert page.status_code == 200
    corps = {c: getattr(bareme, c) for c in page.context["adminform"].form.fields}
    corps["plafond_annuel_securite_sociale"] = "49000.00"
    reponse = client.post(url, corps)
    assert reponse.status_code == 302, reponse.content.decode()[:2000]
    bareme.refresh_from_db()
    assert str(bareme.plafond_annuel_securite_sociale) == "49000.00"
    assert bareme.history.first().history_user == comptable
