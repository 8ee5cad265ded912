"""The access requests received outside the espace (RGPD art. 15; DOMAIN.md 8: « right of access »): a doctor
writes, e-mails or comes to the desk; the secrétariat records the request, answers within a month (art. 12.3) with
the same export as the espace's, downloaded from the request's page (each download a logged read), and records
the answer. Explicit dates; the doors read `timezone.localdate()` (the `jour` fixture: 20 March 2026)."""

import datetime
import json

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from commun.models import JournalAcces
from rgpd import selectors, services
from rgpd.models import DemandeAcces
from tests import factories

from .conftest import JOUR, donnees_dans_chaque_app

pytestmark = pytest.mark.django_db


@pytest.fixture
def secretariat(db):
    return factories.StaffFactory(groupe="Secrétariat du conseil")


def _demande(medecin, par, recue_le=datetime.date(2026, 3, 2)):
    return services.demande_acces_enregistrer(
        medecin=medecin, recue_le=recue_le, canal="courrier", precisions="Toutes mes données", par=par, today=JOUR
    )


def test_la_demande_s_enregistre_avec_son_echeance_d_un_mois(medecin, secretariat):
    demande = _demande(medecin, secretariat)
    assert (demande.recue_le, demande.echeance, demande.enregistree_par) == (
        datetime.date(2026, 3, 2),
        datetime.date(2026, 4, 2),
        secretariat,
    )
    # A month after 31 January is the last day of February.
    assert _demande(medecin, secretariat, datetime.date(2026, 1, 31)).echeance == datetime.date(2026, 2, 28)
    assert demande.history.get().history_user == secretariat


def test_une_demande_datee_de_demain_ou_par_un_canal_inconnu_est_refusee(medecin, secretariat):
    with pytest.raises(ValidationError) as err:
        _demande(medecin, secretariat, JOUR + datetime.timedelta(days=1))
    assert "après aujourd'hui" in err.value.message_dict["recue_le"][0]
    with pytest.raises(ValidationError) as err:
        services.demande_acces_enregistrer(medecin=medecin, recue_le=JOUR, canal="pigeon", par=secretariat, today=JOUR)
    assert "courrier, courriel ou guichet" in err.value.message_dict["canal"][0]
    assert not DemandeAcces.objects.exists()


def test_seuls_le_secretariat_et_le_secretaire_general_traitent_les_demandes(medecin, secretariat):
    for intrus in (factories.StaffFactory(groupe="tableau"), factories.StaffFactory(groupe="accueil"), medecin.user):
        with pytest.raises(PermissionDenied):
            _demande(medecin, intrus)
    demande = _demande(medecin, secretariat)
    with pytest.raises(PermissionDenied):
        selectors.donnees_pour_une_demande(demande=demande, par=factories.StaffFactory(groupe="tableau"), today=JOUR)
    sg = factories.FonctionFactory(
        membre=factories.MembreFactory(avec_compte=True, date_debut=datetime.date(2025, 6, 1)),
        fonction="secretaire_general",
        date_debut=datetime.date(2025, 6, 1),
    ).membre.medecin.user
    assert selectors.donnees_pour_une_demande(demande=demande, par=sg, today=JOUR)["export"]["rpps"] == medecin.rpps


def test_l_export_telecharge_par_le_secretariat_est_celui_de_l_espace_et_chaque_lecture_est_journalisee(
    client, medecin, autre_medecin, secretariat, jour
):
    attendu = donnees_dans_chaque_app(medecin, "ALPHA")
    donnees_dans_chaque_app(autre_medecin, "BETA")
    demande = _demande(medecin, secretariat)
    client.force_login(secretariat)
    page = client.get(f"/admin/rgpd/demandeacces/{demande.pk}/change/")
    assert page.status_code == 200 and "Télécharger ses données (PDF)" in page.content.decode()
    reponse = client.get(f"/admin/rgpd/demandeacces/{demande.pk}/donnees.json")
    assert reponse.status_code == 200 and "no-store" in reponse["Cache-Control"]
    texte = json.dumps(json.loads(reponse.content), ensure_ascii=False)
    for sienne in attendu["siennes"]:
        assert sienne in texte, sienne
    for interne in attendu["internes"]:
        assert interne not in texte, interne
    assert "BETA" not in texte
    pdf = client.get(f"/admin/rgpd/demandeacces/{demande.pk}/donnees.pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    lectures = JournalAcces.objects.filter(action="rgpd.demande_acces_exporter", utilisateur=secretariat)
    assert lectures.count() == 2 and {ligne.objet_id for ligne in lectures} == {str(medecin.pk)}
    client.force_login(factories.StaffFactory(groupe="tableau"))
    assert client.get(f"/admin/rgpd/demandeacces/{demande.pk}/donnees.json").status_code == 403


def test_la_reponse_s_enregistre_une_fois_entre_la_demande_et_aujourd_hui(medecin, secretariat):
    demande = _demande(medecin, secretariat)
    for date in (datetime.date(2026, 3, 1), JOUR + datetime.timedelta(days=1)):
        with pytest.raises(ValidationError):
            services.demande_acces_repondre(
                demande=demande, repondue_le=date, canal="courrier", par=secretariat, today=JOUR
            )
    services.demande_acces_repondre(
        demande=demande, repondue_le=datetime.date(2026, 3, 16), canal="courriel", par=secretariat, today=JOUR
    )
    demande.refresh_from_db()
    assert (demande.repondue_le, demande.reponse_canal) == (datetime.date(2026, 3, 16), "courriel")
    with pytest.raises(ValidationError) as err:
        services.demande_acces_repondre(
            demande=demande, repondue_le=JOUR, canal="courrier", par=secretariat, today=JOUR
        )
    assert "déjà enregistrée" in err.value.message_dict["repondue_le"][0]


def test_le_back_office_enregistre_la_demande_puis_sa_reponse_et_dit_les_retards(client, medecin, secretariat, jour):
    client.force_login(secretariat)
    ajout = client.post(
        "/admin/rgpd/demandeacces/add/",
        {"medecin": medecin.pk, "recue_le": "2026-02-10", "canal": "guichet", "precisions": ""},
    )
    assert ajout.status_code == 302, ajout.content.decode()[:2000]
    demande = DemandeAcces.objects.get()
    liste = client.get("/admin/rgpd/demandeacces/").content.decode()
    assert "en retard (échéance du 10/03/2026)" in liste
    reponse = client.post(
        f"/admin/rgpd/demandeacces/{demande.pk}/change/",
        {"repondue_le": "2026-03-19", "reponse_canal": "courrier"},
    )
    assert reponse.status_code == 302, reponse.content.decode()[:2000]
    demande.refresh_from_db()
    assert demande.repondue_le == datetime.date(2026, 3, 19)
    assert "répondue le 19/03/2026" in client.get("/admin/rgpd/demandeacces/").content.decode()
