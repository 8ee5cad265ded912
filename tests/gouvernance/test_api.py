import datetime

import pytest

from gouvernance import services
from gouvernance.models import Deliberation, Emargement, Fonction, Membre, TourElection
from tests import factories

from .conftest import emarger

URL = "/api/gouvernance"
MOTIVATION = (
    "Vu l'article L4123-1 du code de la santé publique et le dossier complet déposé le 2 mars 2026, "
    "le demandeur remplit les conditions de diplôme, de langue et de moralité."
)


@pytest.fixture
def client_secretariat(api_client, secretariat):
    api_client.force_authenticate(secretariat)
    return api_client


@pytest.fixture
def client_president(api_client, conseil):
    api_client.force_authenticate(conseil.president.medecin.user)
    return api_client


@pytest.fixture
def client_conseiller(api_client, conseil):
    """An elected member with no function."""
    api_client.force_authenticate(conseil.titulaires[3].medecin.user)
    return api_client


# --- membres -----------------------------------------------------------------------------------------------------


def test_api_membres_creer_et_lister(client_secretariat, conseil):
    medecin = factories.MedecinFactory()
    r = client_secretariat.post(
        f"{URL}/membres/", {"medecin": medecin.pk, "qualite": "suppleant", "date_debut": "2025-06-01"}, format="json"
    )
    assert r.status_code == 201, r.json()
    assert r.json() | {"id": 0} == {
        "id": 0,
        "medecin": medecin.pk,
        "qualite": "suppleant",
        "date_debut": "2025-06-01",
        "date_fin": None,
        "binome": None,
        "moitie": None,
        "rang": None,
    }
    r = client_secretariat.get(f"{URL}/membres/?qualite=titulaire&date=2026-03-12")
    assert r.status_code == 200 and r.json()["count"] == 16


def test_api_membre_qualite_inconnue_400(client_secretariat, conseil):
    r = client_secretariat.post(
        f"{URL}/membres/", {"medecin": conseil.president.medecin.pk, "qualite": "honoraire", "date_debut": "2025-06-01"}
    )
    assert r.status_code == 400 and "qualite" in r.json()


def test_api_membres_medecin_sans_mandat_403(api_client, medecin, conseil):
    api_client.force_authenticate(medecin.user)
    assert api_client.get(f"{URL}/membres/").status_code == 403


def test_api_membres_anonyme_refuse(api_client, conseil):
    assert api_client.get(f"{URL}/membres/").status_code in (401, 403)


def test_api_conseiller_sans_fonction_lit_mais_n_ecrit_pas(client_conseiller, conseil):
    assert client_conseiller.get(f"{URL}/membres/").status_code == 200
    r = client_conseiller.post(
        f"{URL}/membres/",
        {"medecin": factories.MedecinFactory().pk, "qualite": "titulaire", "date_debut": "2026-01-01"},
    )
    assert r.status_code == 403
    assert Membre.objects.count() == 32


def test_api_personnel_sans_habilitation_403(api_client, staff_tableau, conseil):
    api_client.force_authenticate(staff_tableau)
    assert api_client.get(f"{URL}/seances/").status_code == 403


# --- fonctions ---------------------------------------------------------------------------------------------------


def test_api_fonctions_plafond_du_bureau_400(client_secretariat, conseil):
    for i, f in ((3, "vice_president"), (4, "vice_president"), (5, "tresorier_adjoint")):
        r = client_secretariat.post(
            f"{URL}/fonctions/", {"membre": conseil.titulaires[i].pk, "fonction": f, "date_debut": "2025-06-01"}
        )
        assert r.status_code == 201, r.json()
    r = client_secretariat.post(
        f"{URL}/fonctions/",
        {"membre": conseil.titulaires[6].pk, "fonction": "secretaire_general_adjoint", "date_debut": "2025-06-01"},
    )
    assert r.status_code == 400
    assert "deux cinquièmes" in r.json()["fonction"][0]
    assert Fonction.objects.count() == 6


def test_api_fonction_inconnue_400(client_secretariat, conseil):
    r = client_secretariat.post(
        f"{URL}/fonctions/", {"membre": conseil.titulaires[3].pk, "fonction": "doyen", "date_debut": "2025-06-01"}
    )
    assert r.status_code == 400 and "fonction" in r.json()


def test_api_fonctions_liste_et_titulaire(client_conseiller, conseil):
    r = client_conseiller.get(f"{URL}/fonctions/?date=2026-03-12")
    assert r.status_code == 200 and r.json()["count"] == 3
    assert set(r.json()["results"][0]) >= {"id", "membre", "fonction", "date_debut", "date_fin"}
    r = client_conseiller.get(f"{URL}/fonctions/titulaire/?fonction=tresorier&date=2026-03-12")
    assert r.json()["membre"] == conseil.tresorier.pk


def test_api_date_mal_formee_400(client_conseiller, conseil):
    assert client_conseiller.get(f"{URL}/fonctions/?date=12/03/2026").status_code == 400


# --- séances ------------------------------------------------------------------------------------------------------


def test_api_seance_creer_par_le_president(client_president, conseil):
    r = client_president.post(
        f"{URL}/seances/",
        {"date": "2026-04-09", "heure": "20:30", "type": "pleniere", "ordre_du_jour": ["Budget", "Inscriptions"]},
        format="json",
    )
    assert r.status_code == 201, r.json()
    corps = r.json()
    assert corps["ordre_du_jour"] == ["Budget", "Inscriptions"] and corps["suite_a"] is None
    assert corps["statut"] == "prevue"


def test_api_seance_type_inconnu_400(client_secretariat, conseil):
    r = client_secretariat.post(f"{URL}/seances/", {"date": "2026-04-09", "type": "assemblee"}, format="json")
    assert r.status_code == 400 and "type" in r.json()


def test_api_seance_suite_a_hors_delai_400(client_secretariat, conseil, seance):
    r = client_secretariat.post(
        f"{URL}/seances/",
        {"date": "2026-04-09", "type": "extraordinaire", "suite_a": seance.pk, "ordre_du_jour": ["Budget"]},
        format="json",
    )
    assert r.status_code == 400 and "suite_a" in r.json()


def test_api_seance_inconnue_404(client_secretariat, conseil):
    assert client_secretariat.get(f"{URL}/seances/999999/").status_code == 404
    assert client_secretariat.get(f"{URL}/seances/999999/quorum/").status_code == 404


def test_api_emargements_et_quorum(client_secretariat, conseil, seance):
    for m in conseil.titulaires[:8]:
        assert client_secretariat.post(f"{URL}/seances/{seance.pk}/emargements/", {"membre": m.pk}).status_code == 201
    r = client_secretariat.post(
        f"{URL}/seances/{seance.pk}/emargements/",
        {"membre": conseil.suppleants[0].pk, "remplace": conseil.titulaires[15].pk},
    )
    assert r.status_code == 201 and r.json()["voix_deliberative"] is True
    r = client_secretariat.post(f"{URL}/seances/{seance.pk}/emargements/", {"membre": conseil.suppleants[1].pk})
    assert r.status_code == 201 and r.json()["voix_deliberative"] is False
    assert client_secretariat.get(f"{URL}/seances/{seance.pk}/quorum/").json() == {
        "atteint": True,
        "presents": 9,
        "requis": 9,
    }


def test_api_emargement_suppleant_remplacant_un_present_400(client_secretariat, conseil, seance):
    client_secretariat.post(f"{URL}/seances/{seance.pk}/emargements/", {"membre": conseil.titulaires[0].pk})
    r = client_secretariat.post(
        f"{URL}/seances/{seance.pk}/emargements/",
        {"membre": conseil.suppleants[0].pk, "remplace": conseil.titulaires[0].pk},
    )
    assert r.status_code == 400 and "remplace" in r.json()
    assert Emargement.objects.count() == 1


def test_api_emargement_conseiller_sans_fonction_403(client_conseiller, conseil, seance):
    r = client_conseiller.post(f"{URL}/seances/{seance.pk}/emargements/", {"membre": conseil.titulaires[3].pk})
    assert r.status_code == 403


# --- délibérations -----------------------------------------------------------------------------------------------


def _deliberation(**kw):
    return {
        "objet": "Inscription au tableau du Dr Martin",
        "motivation": MOTIVATION,
        "vote": "main_levee",
        "pour": 7,
        "contre": 1,
        "abstention": 1,
        **kw,
    }


def test_api_deliberation_par_le_president(client_president, conseil, seance_avec_quorum):
    r = client_president.post(
        f"{URL}/seances/{seance_avec_quorum.pk}/deliberations/",
        _deliberation(pour=6, non_participants=[conseil.titulaires[8].pk]),
        format="json",
    )
    assert r.status_code == 201, r.json()
    corps = r.json()
    assert corps["adoptee"] is True and corps["numero"] == "2026-001" and corps["id"]
    assert corps["non_participants"] == [conseil.titulaires[8].pk]
    r = client_president.get(f"{URL}/seances/{seance_avec_quorum.pk}/deliberations/")
    assert [d["numero"] for d in r.json()] == ["2026-001"]
    assert client_president.get(f"{URL}/deliberations/?annee=2026").json()["count"] == 1


def test_api_deliberation_sans_quorum_400(client_president, conseil, seance):
    emarger(seance, conseil.titulaires[:8])
    r = client_president.post(f"{URL}/seances/{seance.pk}/deliberations/", _deliberation(), format="json")
    assert r.status_code == 400 and "quorum" in r.json()
    assert not Deliberation.objects.exists()


def test_api_deliberation_voix_superieures_aux_presents_400(client_president, seance_avec_quorum):
    r = client_president.post(
        f"{URL}/seances/{seance_avec_quorum.pk}/deliberations/", _deliberation(pour=9), format="json"
    )
    assert r.status_code == 400 and "pour" in r.json()


def test_api_deliberation_formule_standard_400(client_president, seance_avec_quorum):
    r = client_president.post(
        f"{URL}/seances/{seance_avec_quorum.pk}/deliberations/",
        _deliberation(motivation="Le conseil, après en avoir délibéré, décide."),
        format="json",
    )
    assert r.status_code == 400 and "motivation" in r.json()


def test_api_deliberation_egalite_sans_voix_preponderante_400(client_president, seance_avec_quorum):
    r = client_president.post(
        f"{URL}/seances/{seance_avec_quorum.pk}/deliberations/", _deliberation(pour=4, contre=4), format="json"
    )
    assert r.status_code == 400 and "voix_preponderante" in r.json()
    r = client_president.post(
        f"{URL}/seances/{seance_avec_quorum.pk}/deliberations/",
        _deliberation(pour=4, contre=4, voix_preponderante="contre"),
        format="json",
    )
    assert r.status_code == 201 and r.json()["adoptee"] is False


def test_api_deliberation_vote_inconnu_400(client_president, seance_avec_quorum):
    r = client_president.post(
        f"{URL}/seances/{seance_avec_quorum.pk}/deliberations/", _deliberation(vote="acclamation"), format="json"
    )
    assert r.status_code == 400 and "vote" in r.json()


def test_api_deliberation_conseiller_sans_fonction_403(client_conseiller, seance_avec_quorum):
    r = client_conseiller.post(f"{URL}/seances/{seance_avec_quorum.pk}/deliberations/", _deliberation(), format="json")
    assert r.status_code == 403
    assert not Deliberation.objects.exists()


def test_api_deliberation_fonction_appreciee_a_la_date_de_la_seance(api_client, conseil):
    # The président's function starts on 2025-06-01: for a session of May 2025 he is not président → 403.
    ancienne = factories.SeanceFactory(date=datetime.date(2025, 5, 15))
    api_client.force_authenticate(conseil.president.medecin.user)
    r = api_client.post(f"{URL}/seances/{ancienne.pk}/deliberations/", _deliberation(), format="json")
    assert r.status_code == 403


def test_api_deliberation_par_le_secretariat(client_secretariat, seance_avec_quorum):
    r = client_secretariat.post(f"{URL}/seances/{seance_avec_quorum.pk}/deliberations/", _deliberation(), format="json")
    assert r.status_code == 201


# --- élections ----------------------------------------------------------------------------------------------------


def test_api_election_deux_tours(client_secretariat, conseil, seance):
    emarger(seance, conseil.titulaires[:12])
    a, b, c = conseil.titulaires[5:8]
    r = client_secretariat.post(
        f"{URL}/elections/", {"seance": seance.pk, "poste": "president", "candidats": [a.pk, b.pk, c.pk]}, format="json"
    )
    assert r.status_code == 201, r.json()
    election = r.json()["id"]
    r = client_secretariat.post(
        f"{URL}/elections/{election}/tours/",
        {"voix": {str(a.pk): 5, str(b.pk): 4, str(c.pk): 2}, "blancs_nuls": 1},
        format="json",
    )
    assert r.status_code == 201
    assert r.json() | {"id": 0} == {"id": 0, "tour": 1, "elu": None, "second_tour_requis": True}
    r = client_secretariat.post(
        f"{URL}/elections/{election}/tours/", {"voix": {str(a.pk): 6, str(b.pk): 6}, "blancs_nuls": 0}, format="json"
    )
    # tie at round 2: the oldest (a, born before b) is elected
    assert r.json() | {"id": 0} == {"id": 0, "tour": 2, "elu": a.pk, "second_tour_requis": False}
    r = client_secretariat.post(f"{URL}/elections/{election}/tours/", {"voix": {str(a.pk): 6}}, format="json")
    assert r.status_code == 400 and "tour" in r.json()
    assert TourElection.objects.count() == 2
    assert (
        client_secretariat.get(f"{URL}/fonctions/titulaire/?fonction=president&date=2026-03-12").json()["membre"]
        == a.pk
    )


def test_api_tour_voix_superieures_aux_presents_400(client_secretariat, conseil, seance):
    emarger(seance, conseil.titulaires[:9])
    a = conseil.titulaires[5]
    r = client_secretariat.post(
        f"{URL}/elections/", {"seance": seance.pk, "poste": "tresorier_adjoint", "candidats": [a.pk]}, format="json"
    )
    r = client_secretariat.post(
        f"{URL}/elections/{r.json()['id']}/tours/", {"voix": {str(a.pk): 9}, "blancs_nuls": 1}, format="json"
    )
    assert r.status_code == 400 and "voix" in r.json()


def test_api_election_poste_inconnu_400(client_secretariat, conseil, seance):
    r = client_secretariat.post(
        f"{URL}/elections/",
        {"seance": seance.pk, "poste": "doyen", "candidats": [conseil.titulaires[5].pk]},
        format="json",
    )
    assert r.status_code == 400 and "poste" in r.json()


def test_api_election_conseiller_sans_fonction_403(client_conseiller, conseil, seance):
    r = client_conseiller.post(
        f"{URL}/elections/",
        {"seance": seance.pk, "poste": "president", "candidats": [conseil.titulaires[3].pk]},
        format="json",
    )
    assert r.status_code == 403


def test_api_election_inconnue_404(client_secretariat, conseil):
    assert client_secretariat.post(f"{URL}/elections/999999/tours/", {"voix": {}}, format="json").status_code == 404


# --- query counts ------------------------------------------------------------------------------------------------


def test_api_le_doyen_d_age_enregistre_les_tours_de_l_election_qu_il_preside(api_client, conseil, seance):
    # The doyen (titulaires[0], also président here) chairs; titulaires[3] (no function) may not record a round.
    emarger(seance, conseil.titulaires[:12])
    a = conseil.titulaires[5]
    e = services.election_creer(seance=seance, poste="tresorier_adjoint", candidats=[a], par=factories.systeme())
    api_client.force_authenticate(conseil.titulaires[3].medecin.user)
    assert api_client.post(f"{URL}/elections/{e.pk}/tours/", {"voix": {str(a.pk): 9}}, format="json").status_code == 403
    e.president_de_seance = conseil.titulaires[3]
    e.save()
    r = api_client.post(f"{URL}/elections/{e.pk}/tours/", {"voix": {str(a.pk): 9}}, format="json")
    assert r.status_code == 201 and r.json()["elu"] == a.pk


def test_api_convoquer_trop_tard_400(client_president, conseil):
    demain = factories.SeanceFactory(date=datetime.date.today() + datetime.timedelta(days=3))
    r = client_president.post(f"{URL}/seances/{demain.pk}/convoquer/")
    assert r.status_code == 400 and "8 jours" in r.json()["date"][0]


def test_api_convoquer_envoie_les_convocations(client_president, conseil, django_capture_on_commit_callbacks):
    from django.core import mail

    s = factories.SeanceFactory(date=datetime.date.today() + datetime.timedelta(days=10))
    with django_capture_on_commit_callbacks(execute=True):
        r = client_president.post(f"{URL}/seances/{s.pk}/convoquer/")
    assert r.status_code == 200 and r.json()["statut"] == "convoquee"
    assert len(mail.outbox) == r.json()["convocations_envoyees"] > 0


def test_api_membres_a_signaler(client_conseiller, conseil):
    for m in (1, 2, 3):
        emarger(factories.SeanceFactory(date=datetime.date(2026, m, 12)), conseil.titulaires[:15])
    r = client_conseiller.get(f"{URL}/membres/a-signaler/?date=2026-03-31")
    assert r.status_code == 200
    assert [m["id"] for m in r.json()["results"]] == [conseil.titulaires[15].pk]


def test_api_demande_du_tiers_des_titulaires_puis_seance_extraordinaire(client_president, conseil):
    r = client_president.post(
        f"{URL}/demandes-extraordinaires/",
        {
            "objet": "Budget rectificatif",
            "recue_le": "2026-03-02",
            "signataires": [m.pk for m in conseil.titulaires[:6]],
        },
        format="json",
    )
    assert r.status_code == 201, r.json()
    demande = r.json()
    assert demande["recevable"] is True and demande["seance"] is None
    r = client_president.post(
        f"{URL}/seances/",
        {
            "date": "2026-03-18",
            "type": "extraordinaire",
            "ordre_du_jour": ["Budget"],
            "demande_extraordinaire": demande["id"],
        },
        format="json",
    )
    assert r.status_code == 400 and "quinze jours" in r.json()["date"][0]
    r = client_president.post(
        f"{URL}/seances/",
        {
            "date": "2026-03-17",
            "type": "extraordinaire",
            "ordre_du_jour": ["Budget"],
            "demande_extraordinaire": demande["id"],
        },
        format="json",
    )
    assert r.status_code == 201, r.json()
    assert client_president.get(f"{URL}/demandes-extraordinaires/{demande['id']}/").json()["seance"] == r.json()["id"]


def test_api_deliberation_membre_sorti_pour_conflit_d_interets(client_president, conseil, seance_avec_quorum):
    sorti = conseil.titulaires[8]
    r = client_president.post(
        f"{URL}/seances/{seance_avec_quorum.pk}/deliberations/",
        _deliberation(pour=6, sortis_conflit_interets=[sorti.pk], medecin_concerne=sorti.medecin.pk),
        format="json",
    )
    assert r.status_code == 201, r.json()
    corps = r.json()
    assert corps["sortis_conflit_interets"] == [sorti.pk] and corps["non_participants"] == [sorti.pk]
    assert corps["individuelle"] is True and corps["medecin_concerne"] == sorti.medecin.pk
