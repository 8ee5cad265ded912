"""The yearly report to the plenary (issue 12 point 6; R4123-1 CSP, seed 002 5.1.1: « un bilan de l'ensemble des
griefs, signalements et plaintes parvenus au conseil lors de l'année civile, ainsi que du suivi qui leur a été
donné »): GET /api/conciliation/rapport/?annee= as CONTRACT.md writes it, by complainant type and outcome, the
share of legal deadlines met; PDF and XLSX; no party's name."""

import datetime
import io

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from conciliation.selectors import rapport_annuel
from tests import factories
from tests.conciliation.outils_documents import juriste, membre_de_la_commission, president, texte_pdf

pytestmark = pytest.mark.django_db

URL = "/api/conciliation/rapport/"
LE_15_FEVRIER_2027 = datetime.date(2027, 2, 15)
D = datetime.date


def _dossier(t0, *, reunion=None, issue=None, transmise_le=None, recue_le=None, **champs):
    champs.setdefault("plaignant_nom", f"Plaignant secret {t0:%m%d}")
    if transmise_le:
        champs |= {
            "statut": "transmise",
            "date_transmission": transmise_le,
            "deliberation": factories.DeliberationFactory(seance=factories.SeanceFactory(date=transmise_le)),
            "avis": "Manquement au devoir d'information du patient (article R4127-35).",
        }
    plainte = factories.PlainteFactory(
        date_enregistrement=t0,
        recue_le=recue_le or t0,
        medecin=factories.MedecinFactory(nom=f"Secretnom{t0:%m%d}"),
        **champs,
    )
    if reunion:
        r = factories.ReunionFactory(plainte=plainte, date=reunion)
        if issue:
            factories.ProcesVerbalFactory(
                reunion=r, issue=issue, desaccords="Points restants." if issue in ("partielle", "echec") else ""
            )
    return plainte


@pytest.fixture
def annee_2026():
    return [
        # within the month (meeting 5 Feb ≤ 10 Feb), conciliated
        _dossier(D(2026, 1, 10), reunion=D(2026, 2, 5), issue="totale", statut="conciliee"),
        # meeting past the month (10 Mar > 1 Mar), failed, transmitted within 3 months (20 Apr ≤ 1 May)
        _dossier(D(2026, 2, 1), reunion=D(2026, 3, 10), issue="echec", transmise_le=D(2026, 4, 20)),
        # meeting within the month, partial, transmitted past 3 months (1 Jul > 2 Jun)
        _dossier(
            D(2026, 3, 2),
            reunion=D(2026, 3, 26),
            issue="partielle",
            transmise_le=D(2026, 7, 1),
            plaignant_qualite="proche",
        ),
        # a party absent (meeting within the month), still to transmit: its 4 August deadline has passed
        _dossier(
            D(2026, 5, 4), reunion=D(2026, 5, 20), issue="absence", statut="a_transmettre", plaignant_qualite="medecin"
        ),
        # a public authority: no conciliation due, transmitted within 3 months (15 Jul ≤ 1 Sep)
        _dossier(D(2026, 6, 1), transmise_le=D(2026, 7, 15), plaignant_qualite="autorite_publique"),
        # a grievance received 1 April, requalified on 15 April (t0): counts once, as a complaint; withdrawn at the
        # meeting of 10 May (within the month of t0)
        _dossier(
            D(2026, 4, 15),
            recue_le=D(2026, 4, 1),
            nature_initiale="doleance",
            reunion=D(2026, 5, 10),
            issue="desistement",
            statut="retiree",
        ),
        # against a member of this council: dépaysée, counted, out of the delays
        _dossier(D(2026, 7, 1), statut="depaysee", depaysement=True),
        # a grievance closed, a report still open
        _dossier(D(2026, 9, 1), nature="doleance", statut="classee", motif_classement="Hors compétence ordinale."),
        _dossier(D(2026, 10, 1), nature="signalement", plaignant_qualite="organisme_assurance"),
        # no meeting, its conciliation (20 Dec) past on the report's day; its transmission (20 Feb 2027) still ahead
        _dossier(D(2026, 11, 20), plaignant_qualite="association"),
    ]


@pytest.fixture
def annee_2025():
    """Received in 2025: never counted in 2026's report (even transmitted in 2026)."""
    return [
        _dossier(D(2025, 12, 15), reunion=D(2026, 1, 10), issue="echec", transmise_le=D(2026, 2, 20)),
        _dossier(D(2025, 11, 3), nature="doleance"),
        # received in December 2025, requalified in January 2026: it reached the council in 2025
        _dossier(D(2026, 1, 8), recue_le=D(2025, 12, 20), nature_initiale="signalement"),
    ]


ATTENDU = {
    "annee": 2026,
    "recues": {"plainte": 8, "doleance": 1, "signalement": 1},
    "issues": {"totale": 1, "partielle": 1, "echec": 1, "absence": 1, "desistement": 1},
    "transmises": 3,
    # 6 complaints owed a meeting (not the public authority, not the dépaysée one): 4 held within the month
    "conciliation_dans_le_mois": "66.67",
    # 4 transmitted or to transmit past their deadline: 2 within 3 months
    "transmission_dans_les_3_mois": "50.00",
}


def test_le_bilan_de_l_annee_compte_chaque_dossier_recu_et_ce_qui_a_suivi(annee_2026, annee_2025):
    rapport = rapport_annuel(annee=2026, today=LE_15_FEVRIER_2027)
    assert {cle: rapport[cle] for cle in ATTENDU} == ATTENDU
    assert rapport["total"] == 10
    assert rapport["requalifiees"] == 1
    assert rapport["par_qualite"] == {
        "patient": 5,
        "proche": 1,
        "medecin": 1,
        "organisme_assurance": 1,
        "association": 1,
        "autorite_publique": 1,
        "conseil": 0,
        "autre": 0,
    }
    assert rapport["suites"] == {
        "enregistree": 2,
        "convoquee": 0,
        "conciliee": 1,
        "a_transmettre": 1,
        "transmise": 3,
        "retiree": 1,
        "classee": 1,
        "depaysee": 1,
    }
    assert rapport["delais"] == {
        "conciliation": {"concernees": 6, "dans_le_delai": 4},
        "transmission": {"concernees": 4, "dans_le_delai": 2},
    }


def test_une_echeance_encore_a_venir_n_entre_pas_dans_la_part(annee_2026):
    # On 10 December 2026 the complaint of 20 November still has until 20 December for its meeting, and the one
    # left to transmit (absence) is past its 4 August deadline.
    rapport = rapport_annuel(annee=2026, today=D(2026, 12, 10))
    assert rapport["delais"]["conciliation"] == {"concernees": 5, "dans_le_delai": 4}
    assert rapport["conciliation_dans_le_mois"] == "80.00"


def test_l_api_rend_le_bilan_tel_que_le_contrat_l_ecrit(api_client, annee_2026, annee_2025, monkeypatch):
    monkeypatch.setattr(timezone, "localdate", lambda *a: LE_15_FEVRIER_2027)
    api_client.force_authenticate(juriste())
    reponse = api_client.get(URL, {"annee": 2026})
    assert reponse.status_code == 200
    donnees = reponse.json()
    assert {cle: donnees[cle] for cle in ATTENDU} == ATTENDU
    assert isinstance(donnees["conciliation_dans_le_mois"], str)
    assert "Secret" not in reponse.content.decode() and "Fontaine" not in reponse.content.decode()


def test_une_annee_sans_dossier_rend_des_zeros(api_client):
    api_client.force_authenticate(juriste())
    donnees = api_client.get(URL, {"annee": 2019}).json()
    assert donnees["recues"] == {"plainte": 0, "doleance": 0, "signalement": 0}
    assert (donnees["conciliation_dans_le_mois"], donnees["transmission_dans_les_3_mois"]) == ("0.00", "0.00")


def test_une_annee_mal_ecrite_est_refusee(api_client):
    api_client.force_authenticate(juriste())
    reponse = api_client.get(URL, {"annee": "deux-mille"})
    assert reponse.status_code == 400
    assert reponse.json() == {"annee": ["L'année s'écrit en chiffres (par exemple ?annee=2026)."]}


def test_le_bilan_en_pdf_pour_la_seance_pleniere_sans_aucun_nom(api_client, annee_2026, monkeypatch):
    monkeypatch.setattr(timezone, "localdate", lambda *a: LE_15_FEVRIER_2027)
    api_client.force_authenticate(juriste())
    reponse = api_client.get(URL, {"annee": 2026, "format": "pdf"})
    assert reponse.status_code == 200 and reponse["Content-Type"] == "application/pdf"
    texte = texte_pdf(reponse.content)
    assert "Bilan de la commission de conciliation — année 2026" in texte
    assert "Dossiers reçus : 10" in texte
    assert "66.67 %" in texte and "50.00 %" in texte
    assert "Autorité publique" in texte and "Conciliation partielle" in texte
    assert "Secret" not in texte and "SECRET" not in texte


def test_le_bilan_en_xlsx(api_client, annee_2026, monkeypatch):
    monkeypatch.setattr(timezone, "localdate", lambda *a: LE_15_FEVRIER_2027)
    api_client.force_authenticate(juriste())
    reponse = api_client.get(URL, {"annee": 2026, "format": "xlsx"})
    assert reponse.status_code == 200
    assert reponse["Content-Disposition"] == 'attachment; filename="bilan-conciliation-2026.xlsx"'
    feuille = load_workbook(io.BytesIO(reponse.content))["Bilan"]
    lignes = [tuple(c for c in ligne if c is not None) for ligne in feuille.iter_rows(values_only=True)]
    assert ("Dossiers reçus", 10) in lignes
    assert ("Plainte", 8) in lignes and ("Doléance", 1) in lignes
    assert ("Transmises à la chambre disciplinaire", 3) in lignes
    assert ("Réunion de conciliation dans le mois", 6, 4, 66.67) in lignes
    assert ("Transmission dans les trois mois", 4, 2, 50) in lignes
    assert not any("Secret" in str(c) for ligne in lignes for c in ligne)


def test_qui_produit_le_bilan(api_client):
    for lecteur in (juriste(), president().medecin.user, membre_de_la_commission().medecin.user):
        api_client.force_authenticate(lecteur)
        assert api_client.get(URL, {"annee": 2026}).status_code == 200
    for refuse in (factories.StaffFactory(groupe="tableau"), factories.MedecinFactory(avec_compte=True).user):
        api_client.force_authenticate(refuse)
        assert api_client.get(URL, {"annee": 2026}).status_code == 403


def test_une_doleance_requalifiee_l_annee_suivante_compte_dans_l_annee_ou_elle_est_parvenue():
    """The year is `recue_le`'s, not t0's: received 20 December 2025, requalified 8 January 2026 (t0), the file
    counts once, as a complaint, in 2025's report and not in 2026's."""
    _dossier(D(2026, 1, 8), recue_le=D(2025, 12, 20), nature_initiale="doleance")
    en_2025 = rapport_annuel(annee=2025, today=LE_15_FEVRIER_2027)
    en_2026 = rapport_annuel(annee=2026, today=LE_15_FEVRIER_2027)
    assert en_2025["recues"] == {"plainte": 1, "doleance": 0, "signalement": 0}
    assert (en_2025["total"], en_2025["requalifiees"]) == (1, 1)
    assert en_2026["total"] == 0
