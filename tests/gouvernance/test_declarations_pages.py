"""Declarations of interests and the engagement attestation (seed 002 L.I 1.1 and annexes): an elected member files
them in the espace médecin, each filing is a new version with its history; the public page lists the declaration in
force of every member in office."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from gouvernance.models import DeclarationInterets
from tests import factories

PAGE = "gouvernance:espace_declaration"


@pytest.fixture
def elu(db):
    return factories.MembreFactory(avec_compte=True, date_debut=datetime.date(2025, 6, 1))


def _formsets(**lignes):
    donnees = {}
    for nom in ("mandats_ordinaux", "fonctions_assesseur", "activites_remunerees", "liens_parente"):
        rangees = lignes.get(nom, [])
        total = max(len(rangees), 2)
        donnees.update({f"{nom}-TOTAL_FORMS": str(total), f"{nom}-INITIAL_FORMS": "0"})
        for i, rangee in enumerate(rangees):
            donnees.update({f"{nom}-{i}-{k}": v for k, v in rangee.items()})
    return donnees


def _declaration(**autres):
    donnees = {
        "activite_principale": "liberale_cabinet",
        "activite_principale_precision": "",
        "autres_fonctions_electives": "Conseiller municipal de Périgueux (2020-2026)",
        "certifie_exact": "on",
        "fait_a": "Périgueux",
        "attestation_signee": "on",
        "attestation_signee_le": "",
        **_formsets(
            activites_remunerees=[
                {
                    "organisme": "Laboratoire Dupuy",
                    "fonction": "Orateur",
                    "remuneration": "declarant",
                    "debut": "01/2023",
                    "fin": "12/2023",
                }
            ],
            mandats_ordinaux=[{"conseil": "regional", "lieu": "Nouvelle-Aquitaine", "duree": "2019-2025"}],
        ),
    }
    donnees.update(autres)
    return donnees


def test_un_elu_depose_sa_declaration_et_signe_l_attestation(client, elu):
    client.force_login(elu.medecin.user)
    reponse = client.post(reverse(PAGE), _declaration())
    assert reponse.status_code == 302
    d = DeclarationInterets.objects.get(membre=elu)
    assert d.version == 1 and d.certifie_exact and d.fait_a == "Périgueux"
    assert d.attestation_signee and d.attestation_signee_le == timezone.localdate()
    assert d.activites_remunerees == [
        {
            "organisme": "Laboratoire Dupuy",
            "fonction": "Orateur",
            "remuneration": "declarant",
            "remuneration_precision": "",
            "debut": "01/2023",
            "fin": "12/2023",
        }
    ]
    assert d.mandats_ordinaux == [{"conseil": "regional", "lieu": "Nouvelle-Aquitaine", "duree": "2019-2025"}]
    assert d.fonctions_assesseur == [] and d.liens_parente == []
    assert d.deposee_par == elu.medecin.user
    assert d.history.first().history_user == elu.medecin.user
    html = client.get(reverse(PAGE)).content.decode()
    assert "Votre déclaration d&#x27;intérêts est enregistrée (version 1)" in html


def test_chaque_depot_est_une_nouvelle_version_et_l_historique_est_affiche(client, elu):
    client.force_login(elu.medecin.user)
    client.post(reverse(PAGE), _declaration())
    client.post(reverse(PAGE), _declaration(fait_a="Sarlat-la-Canéda", attestation_signee="", attestation_signee_le=""))
    versions = list(DeclarationInterets.objects.filter(membre=elu).order_by("version"))
    assert [v.version for v in versions] == [1, 2]
    assert versions[0].fait_a == "Périgueux" and versions[1].fait_a == "Sarlat-la-Canéda"
    assert versions[1].attestation_signee is False and versions[1].attestation_signee_le is None
    html = client.get(reverse(PAGE)).content.decode()
    assert "2 (en vigueur)" in html and "Attestation d'engagement non signée." in html
    # The form starts from the version in force.
    assert 'value="Sarlat-la-Canéda"' in html and 'value="Laboratoire Dupuy"' in html


def test_sans_certification_rien_n_est_enregistre_et_la_saisie_est_conservee(client, elu):
    client.force_login(elu.medecin.user)
    reponse = client.post(reverse(PAGE), _declaration(certifie_exact=""))
    assert reponse.status_code == 400
    html = reponse.content.decode()
    assert "Vous devez certifier l&#x27;exactitude des renseignements fournis." in html
    assert 'value="Laboratoire Dupuy"' in html
    assert not DeclarationInterets.objects.exists()


def test_une_date_de_debut_mal_formee_est_signalee_en_francais(client, elu):
    client.force_login(elu.medecin.user)
    donnees = _declaration()
    donnees["activites_remunerees-0-debut"] = "2023"
    reponse = client.post(reverse(PAGE), donnees)
    assert reponse.status_code == 400
    assert "Indiquez le mois et l&#x27;année sous la forme MM/AAAA." in reponse.content.decode()
    assert not DeclarationInterets.objects.exists()


def test_un_medecin_qui_n_est_pas_elu_recoit_une_page_qui_explique(client, medecin):
    client.force_login(medecin.user)
    reponse = client.get(reverse(PAGE))
    assert reponse.status_code == 403
    assert "Aucun mandat en cours au conseil" in reponse.content.decode()
    assert client.post(reverse(PAGE), _declaration()).status_code == 403
    assert not DeclarationInterets.objects.exists()


def test_un_mandat_termine_ne_donne_plus_acces(client, db):
    ancien = factories.MembreFactory(
        avec_compte=True, date_debut=datetime.date(2019, 6, 1), date_fin=datetime.date(2025, 5, 31)
    )
    client.force_login(ancien.medecin.user)
    assert client.get(reverse(PAGE)).status_code == 403


def test_la_page_demande_une_connexion(client, db):
    reponse = client.get(reverse(PAGE))
    assert reponse.status_code == 302 and reverse("espace:connexion") in reponse.url


def test_l_accueil_de_l_espace_mene_a_la_declaration_pour_les_seuls_elus(client, elu, medecin):
    client.force_login(elu.medecin.user)
    assert reverse(PAGE) in client.get(reverse("espace:accueil")).content.decode()
    client.force_login(medecin.user)
    assert reverse(PAGE) not in client.get(reverse("espace:accueil")).content.decode()


# --- public page -------------------------------------------------------------------------------------------------


def _deposer(membre, **donnees):
    from gouvernance import services

    return services.declaration_interets_deposer(
        membre=membre, donnees={"certifie_exact": True, **donnees}, par=factories.systeme(), today=timezone.localdate()
    )


def test_la_page_publique_liste_la_declaration_en_vigueur_des_membres_en_fonction(client, elu, db):
    _deposer(elu, fait_a="Bergerac", activite_principale="retraite")
    _deposer(
        elu,
        fait_a="Périgueux",
        activite_principale="salariee_hospitalier",
        mandats_ordinaux=[{"conseil": "regional", "lieu": "Nouvelle-Aquitaine", "duree": "6 ans"}],
    )
    sans = factories.MembreFactory(suppleant=True)
    parti = factories.MembreFactory(date_debut=datetime.date(2019, 6, 1), date_fin=datetime.date(2025, 5, 31))
    _deposer(parti, fait_a="Nontron")
    reponse = client.get(reverse("gouvernance:declarations_publiques"))
    assert reponse.status_code == 200
    html = reponse.content.decode()
    assert elu.medecin.nom.upper() in html
    assert "Activité salariée en établissement hospitalier" in html and "Retraité" not in html
    assert "Conseil régional Nouvelle-Aquitaine (6 ans)" in html
    assert "version 2" in html and "Bergerac" not in html
    assert parti.medecin.nom.upper() not in html
    assert "pas encore déposé" in html and sans.medecin.nom.upper() in html
