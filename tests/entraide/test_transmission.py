"""The transmission to the commission nationale d'entraide (issue 12 point 11; seed 002 L.II T.V 2: « il adresse le
dossier à la commission nationale d'entraide avec un avis motivé sur ce qu'il propose »; CONTRACT.md
`POST …/transmettre/`, `GET …/dossier-cnom.pdf`), and its decision recorded."""

import datetime
from decimal import Decimal

import pytest
from django.template.loader import render_to_string

from commun.models import JournalAcces
from entraide import documents
from entraide.models import TransmissionCnom
from tests import factories

from .aides_commun import *  # noqa: F403 (the fixtures)
from .aides_commun import MOTIVATION

pytestmark = pytest.mark.django_db

AVIS = (
    "Charges professionnelles impayées de 18 000 € après trois mois d'arrêt ; le conseil a versé un secours de "
    "1 500 € sur sa ligne d'entraide, le reste dépasse ses moyens. Avis favorable à une aide complémentaire."
)
PROPOSEE = "Aide exceptionnelle de 6 000 € de la commission nationale pour solder l'URSSAF."


def _url(demande, fin):
    return f"/api/entraide/demandes/{demande.pk}/{fin}"


def test_transmettre_avec_un_avis_motive_passe_la_demande_en_transmise_cnom(api_client, commission, demande, jour):
    api_client.force_authenticate(commission.user("delegue"))
    reponse = api_client.post(_url(demande, "transmettre/"), {"avis": AVIS, "aide_proposee": PROPOSEE}, format="json")
    assert reponse.status_code == 201, reponse.json()
    assert reponse.json()["statut"] == "transmise_cnom" and reponse.json()["transmise_le"] == "2026-03-20"
    demande.refresh_from_db()
    assert demande.statut == "transmise_cnom"
    deux_fois = api_client.post(_url(demande, "transmettre/"), {"avis": AVIS, "aide_proposee": PROPOSEE}, format="json")
    assert deux_fois.status_code == 400 and TransmissionCnom.objects.count() == 1


@pytest.mark.parametrize("avis", ["", "Avis favorable.", "Vu le dossier, après en avoir délibéré, avis favorable."])
def test_un_avis_absent_ou_de_pure_formule_est_refuse_et_rien_n_est_ecrit(api_client, commission, demande, jour, avis):
    api_client.force_authenticate(commission.user("delegue"))
    reponse = api_client.post(_url(demande, "transmettre/"), {"avis": avis, "aide_proposee": PROPOSEE}, format="json")
    assert reponse.status_code == 400 and "avis" in reponse.json()
    assert not TransmissionCnom.objects.exists()
    demande.refresh_from_db()
    assert demande.statut == "deposee"


def test_le_tresorier_et_un_autre_medecin_ne_transmettent_ni_ne_lisent_le_dossier_404(
    api_client, commission, demande, jour
):
    for user in (
        commission.user("tresorier"),
        commission.user("hors"),
        factories.MedecinFactory(avec_compte=True).user,
    ):
        api_client.force_authenticate(user)
        corps = {"avis": AVIS, "aide_proposee": PROPOSEE}
        assert api_client.post(_url(demande, "transmettre/"), corps, format="json").status_code == 404
        assert api_client.get(_url(demande, "dossier-cnom.pdf")).status_code == 404
    assert not TransmissionCnom.objects.exists()
    # Each refused read of the existing file is logged (issue 12, "Bad input"), and nothing was granted.
    assert JournalAcces.objects.filter(accorde=False).count() == 6
    assert not JournalAcces.objects.filter(accorde=True).exists()


def test_le_dossier_cnom_donne_le_questionnaire_l_avis_les_aides_et_le_nom_des_pieces_seulement(
    commission, demande, systeme
):
    # As the service stores it (questionnaire.normaliser): the keys of the questions, amounts as decimal strings.
    demande.questionnaire = {
        "situation_familiale": "marie_pacse",
        "enfants_a_charge": "2",
        "dettes_montant": "12400.00",
        "creanciers": "URSSAF",
        "procedure": "redressement",
        "procedure_date": "2026-03-02",
    }
    demande.save()
    factories.PieceDemandeEntraideFactory(demande=demande, nom_original="avis-imposition-2025.pdf")
    factories.AideEntraideFactory(demande=demande, motivation=MOTIVATION)
    factories.TransmissionCnomFactory(demande=demande, avis=AVIS, aide_proposee=PROPOSEE)
    contexte = {"CDOM_NOM": "Conseil de la Dordogne", **documents.dossier_cnom_contexte(demande)}
    html = render_to_string("pdf/entraide/dossier_cnom.html", contexte)
    for attendu in (
        "EN-2026-0001",
        "Situation familiale",
        "Marié(e) ou pacsé(e)",
        "Nombre d&#x27;enfants à charge",
        "Situation financière et patrimoniale",
        "12\u202f400,00\xa0€",
        "Redressement judiciaire",
        "02/03/2026",
        AVIS[:40],
        PROPOSEE[:30],
        "CARMF",
        "avis-imposition-2025.pdf",
    ):
        assert attendu in html, attendu
    # Labels, never the stored keys or raw values.
    for brut in ("marie_pacse", "dettes_montant", "12400.00", "2026-03-02", "redressement<"):
        assert brut not in html, brut
    pdf = documents.dossier_cnom_pdf(demande)
    assert pdf.startswith(b"%PDF")


def test_la_lecture_du_dossier_cnom_est_journalisee(api_client, commission, demande, jour, monkeypatch):
    monkeypatch.setattr("config.pdf.html_en_pdf", lambda html, **k: b"%PDF-1.7\n%%EOF\n")
    api_client.force_authenticate(commission.user("elu"))
    reponse = api_client.get(_url(demande, "dossier-cnom.pdf"))
    assert reponse.status_code == 200 and reponse["Content-Type"] == "application/pdf"
    (ligne,) = JournalAcces.objects.all()
    assert ligne.utilisateur == commission.user("elu") and ligne.action == "entraide.demande_lire"
    assert ligne.objet_id == str(demande.pk)


def test_la_decision_de_la_commission_nationale_et_son_montant_sont_enregistres(api_client, commission, jour):
    transmission = factories.TransmissionCnomFactory(transmise_le=datetime.date(2026, 3, 10))
    demande = transmission.demande
    url = _url(demande, f"transmissions/{transmission.pk}/decision/")
    api_client.force_authenticate(commission.staff)
    avant = api_client.post(
        url, {"decision": "Aide de 6 000 € accordée", "montant_accorde": "6000.00", "decision_le": "2026-03-09"}
    )
    assert avant.status_code == 400 and "decision_le" in avant.json()
    reponse = api_client.post(
        url,
        {
            "decision": "Aide exceptionnelle de 6 000 € accordée",
            "montant_accorde": "6000.00",
            "decision_le": "2026-03-18",
        },
        format="json",
    )
    assert reponse.status_code == 200, reponse.json()
    assert reponse.json()["montant_accorde"] == "6000.00" and reponse.json()["statut"] == "aide_accordee"
    transmission.refresh_from_db()
    assert transmission.montant_accorde == Decimal("6000.00") and transmission.decision_le == datetime.date(2026, 3, 18)
    encore = api_client.post(url, {"decision": "Autre décision reçue", "decision_le": "2026-03-19"}, format="json")
    assert encore.status_code == 400
    listes = api_client.get(_url(demande, "transmissions/")).json()
    assert listes["results"][0]["decision"] == "Aide exceptionnelle de 6 000 € accordée"


def test_un_refus_de_la_commission_nationale_laisse_la_demande_transmise(commission):
    from entraide.services import cnom_decision_enregistrer

    transmission = factories.TransmissionCnomFactory()
    cnom_decision_enregistrer(
        transmission=transmission,
        decision="Refus : la situation relève de la prévoyance du médecin.",
        decision_le=datetime.date(2026, 3, 26),
        par=commission.user("elu"),
        today=datetime.date(2026, 3, 27),
    )
    transmission.demande.refresh_from_db()
    assert transmission.demande.statut == "transmise_cnom"
