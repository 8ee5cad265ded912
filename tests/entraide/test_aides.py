"""The aids the commission decides (issue 12 point 10; seed 002 L.II T.V 2; CONTRACT.md entraide
`POST /api/entraide/demandes/{id}/aides/`): who decides, the secours through the expense chain on line 6571, the
exemption through the plenary, the payment plan, the orientation; each one reported to the commission nationale."""

import datetime
from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError

from commun.models import Envoi, JournalAcces, NatureEnvoi
from config.perms import regle
from cotisations.models import DemandeExoneration
from entraide.models import Aide
from entraide.services import aide_decider, aide_engager, aides_signaler_cnom
from tests import factories
from tresorerie.models import Engagement

from .aides_commun import *  # noqa: F403 (the fixtures)
from .aides_commun import JOUR, MOTIVATION

pytestmark = pytest.mark.django_db

REFUS = regle("entraide.aide_decider").refus


@pytest.fixture(autouse=True)
def _pdf_leger(monkeypatch):
    # The rules are checked here, not the layout (tests/entraide/test_transmission.py renders a real PDF).
    monkeypatch.setattr("config.pdf.html_en_pdf", lambda html, **k: b"%PDF-1.7\n" + html.encode()[:0] + b"%%EOF\n")


def _espaces(texte: str) -> str:
    return texte.replace("\u202f", " ").replace("\xa0", " ")


def _url(demande):
    return f"/api/entraide/demandes/{demande.pk}/aides/"


def _secours(**champs):
    return {"type": "secours", "montant": "1500.00", "date": "2026-03-20", "motivation": MOTIVATION, **champs}


# --- the secours, through the expense chain --------------------------------------------------------------------


def test_un_secours_decide_par_l_ordonnateur_est_engage_sur_la_ligne_d_entraide_sans_nommer_la_difficulte(
    api_client, commission, demande, ligne_entraide, jour, django_capture_on_commit_callbacks
):
    api_client.force_authenticate(commission.user("secretaire"))
    with django_capture_on_commit_callbacks(execute=True):
        reponse = api_client.post(_url(demande), _secours(), format="json")
    assert reponse.status_code == 201, reponse.json()
    corps = reponse.json()
    assert corps["type"] == "secours" and corps["montant"] == "1500.00" and corps["a_engager"] is False
    engagement = Engagement.objects.get(pk=corps["engagement"])
    assert engagement.ligne == ligne_entraide and engagement.montant == Decimal("1500.00")
    assert engagement.engage_par == commission.user("secretaire")
    # What payment needs, nothing of the file: the payee and the file's number.
    assert engagement.tiers == demande.medecin.nom_complet
    assert engagement.objet == "Secours d'entraide, dossier EN-2026-0001"
    assert "accident" not in engagement.objet and demande.medecin.nom not in engagement.objet
    assert engagement.pieces.count() == 1  # the decision's certificate, for the liquidation
    demande.refresh_from_db()
    assert demande.statut == "aide_accordee" and demande.statut_le == JOUR


def test_un_secours_pour_un_ayant_droit_est_paye_a_l_ayant_droit(commission, ligne_entraide):
    demande = factories.DemandeEntraideFactory(beneficiaire="ayant_droit", beneficiaire_nom="Lucie Fargeot")
    aide = aide_decider(
        demande=demande,
        type="secours",
        montant=Decimal("800.00"),
        date=JOUR,
        motivation=MOTIVATION,
        par=commission.user("secretaire"),
        today=JOUR,
    )
    assert aide.engagement.tiers == "Lucie Fargeot"


def test_un_secours_decide_par_le_delegue_attend_l_ordonnateur_qui_l_engage(
    api_client, commission, demande, ligne_entraide, jour
):
    api_client.force_authenticate(commission.user("delegue"))
    reponse = api_client.post(_url(demande), _secours(), format="json")
    assert reponse.status_code == 201, reponse.json()
    aide = Aide.objects.get(pk=reponse.json()["id"])
    assert reponse.json()["a_engager"] is True and aide.engagement is None
    assert not Engagement.objects.exists()
    engager = f"{_url(demande)}{aide.pk}/engager/"
    # The délégué is no ordonnateur: the expense chain's rule refuses him.
    refus = api_client.post(engager)
    assert refus.status_code == 403 and not Engagement.objects.exists()
    api_client.force_authenticate(commission.user("secretaire"))
    reponse = api_client.post(engager)
    assert reponse.status_code == 200, reponse.json()
    aide.refresh_from_db()
    assert aide.engagement.engage_par == commission.user("secretaire") and aide.engagement.ligne == ligne_entraide
    deux_fois = api_client.post(engager)
    assert deux_fois.status_code == 400 and "déjà engagé" in deux_fois.json()["detail"][0]
    assert Engagement.objects.count() == 1


def test_le_secours_au_dela_du_credit_de_la_ligne_est_refuse_et_rien_n_est_ecrit(
    api_client, commission, demande, ligne_entraide, jour
):
    factories.EngagementFactory(ligne=ligne_entraide, montant=Decimal("14000.00"))
    api_client.force_authenticate(commission.user("secretaire"))
    reponse = api_client.post(_url(demande), _secours(montant="1000.01"), format="json")
    assert reponse.status_code == 400
    message = _espaces(reponse.json()["montant"][0])
    assert "crédit disponible" in message and "(1 000,00 €)" in message
    assert not Aide.objects.exists() and Engagement.objects.count() == 1
    demande.refresh_from_db()
    assert demande.statut == "deposee"
    assert api_client.post(_url(demande), _secours(montant="1000.00"), format="json").status_code == 201


def test_le_credit_est_compte_aussi_quand_le_secours_attend_l_ordonnateur(commission, demande, ligne_entraide):
    with pytest.raises(ValidationError) as refus:
        aide_decider(
            demande=demande,
            type="secours",
            montant=Decimal("15000.01"),
            date=JOUR,
            motivation=MOTIVATION,
            par=commission.user("delegue"),
            today=JOUR,
        )
    assert "crédit disponible" in refus.value.message_dict["montant"][0]
    assert not Aide.objects.exists()


def test_sans_ligne_d_entraide_au_budget_le_secours_est_refuse(commission, demande):
    factories.BudgetFactory(annee=2026, statut="adopte")
    with pytest.raises(ValidationError) as refus:
        aide_decider(
            demande=demande,
            type="secours",
            montant=Decimal("500.00"),
            date=JOUR,
            motivation=MOTIVATION,
            par=commission.user("secretaire"),
            today=JOUR,
        )
    assert "pas de ligne 6571" in refus.value.message_dict["montant"][0]
    assert not Aide.objects.exists()


# --- who decides --------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("qui", ["tresorier", "staff", "hors"])
def test_le_tresorier_le_personnel_et_un_conseiller_hors_commission_ne_decident_pas_403_et_rien_n_est_ecrit(
    api_client, commission, demande, ligne_entraide, jour, qui
):
    api_client.force_authenticate(commission.user(qui))
    reponse = api_client.post(_url(demande), _secours(), format="json")
    assert reponse.status_code == 403
    assert reponse.json()["detail"] == REFUS
    assert not Aide.objects.exists() and not Engagement.objects.exists() and not Envoi.objects.exists()
    demande.refresh_from_db()
    assert demande.statut == "deposee"


def test_le_personnel_de_l_entraide_lit_les_aides_mais_ne_les_decide_pas(commission, demande, ligne_entraide):
    with pytest.raises(PermissionDenied, match="voix délibérative"):
        aide_decider(
            demande=demande,
            type="orientation",
            organisme="CARMF",
            date=JOUR,
            motivation=MOTIVATION,
            par=commission.staff,
            today=JOUR,
        )


def test_le_referent_decide_quand_le_conseil_n_a_pas_de_commission(demande):
    referent = factories.MembreFactory(avec_compte=True)
    factories.ReferentEntraideFactory(membre=referent, date_debut=datetime.date(2025, 7, 1))
    aide = aide_decider(
        demande=demande,
        type="orientation",
        organisme="AFEM",
        date=JOUR,
        motivation=MOTIVATION,
        par=referent.medecin.user,
        today=JOUR,
    )
    assert aide.decidee_par == referent.medecin.user


def test_le_siege_se_juge_a_la_date_de_la_decision(commission, demande):
    commission.commission.date_fin = datetime.date(2026, 3, 31)
    commission.commission.save()
    with pytest.raises(PermissionDenied):
        aide_decider(
            demande=demande,
            type="orientation",
            organisme="CARMF",
            date=datetime.date(2026, 4, 1),
            motivation=MOTIVATION,
            par=commission.user("elu"),
            today=datetime.date(2026, 4, 2),
        )
    assert aide_decider(
        demande=demande,
        type="orientation",
        organisme="CARMF",
        date=datetime.date(2026, 3, 31),
        motivation=MOTIVATION,
        par=commission.user("elu"),
        today=datetime.date(2026, 4, 2),
    )


@pytest.mark.parametrize(
    "motivation", ["", "Avis favorable.", "Le conseil, après en avoir délibéré, décide. Accordé à l'unanimité."]
)
def test_une_aide_sans_motivation_ou_de_pure_formule_est_refusee(commission, demande, motivation):
    with pytest.raises(ValidationError) as refus:
        aide_decider(
            demande=demande,
            type="orientation",
            organisme="CARMF",
            date=JOUR,
            motivation=motivation,
            par=commission.user("elu"),
            today=JOUR,
        )
    assert "motivation" in refus.value.message_dict
    assert not Aide.objects.exists()


def test_une_demande_close_ne_recoit_plus_d_aide_400(api_client, commission, jour):
    close = factories.DemandeEntraideFactory(statut="close")
    api_client.force_authenticate(commission.user("elu"))
    reponse = api_client.post(
        _url(close), {"type": "orientation", "organisme": "CARMF", "motivation": MOTIVATION}, format="json"
    )
    assert reponse.status_code == 400 and "close" in reponse.json()["detail"][0]
    assert not Aide.objects.exists()


# --- the other kinds ------------------------------------------------------------------------------------------


def test_l_exoneration_est_proposee_a_la_pleniere_sous_un_numero_de_dossier_sans_le_nom_du_medecin(
    commission, demande, systeme
):
    cotisation = factories.CotisationFactory(medecin=demande.medecin, annee=2026)
    aide = aide_decider(
        demande=demande,
        type="exoneration_cotisation",
        taux=100,
        date=JOUR,
        motivation=MOTIVATION,
        par=commission.user("delegue"),
        today=JOUR,
    )
    exoneration = DemandeExoneration.objects.get()
    assert aide.exoneration == exoneration and aide.cotisation == cotisation and aide.montant == Decimal("340.00")
    assert exoneration.cotisation == cotisation and exoneration.taux_demande == 100 and exoneration.statut == "deposee"
    assert demande.medecin.nom not in exoneration.expose and "accident" not in exoneration.expose
    assert not exoneration.pieces.exists()  # the entraide file's documents stay in the entraide file
    # The plenary decides it: on its agenda, the file number only.
    from cotisations.services import demandes_exoneration_inscrire

    seance = factories.SeanceFactory(date=datetime.date(2026, 4, 9), statut="prevue")
    demandes_exoneration_inscrire(par=systeme, today=JOUR, seance=seance)
    seance.refresh_from_db()
    ligne = next(p for p in seance.ordre_du_jour if exoneration.numero in p)
    assert demande.medecin.nom not in ligne and demande.medecin.rpps not in ligne


def test_une_exoneration_sans_cotisation_appelee_ou_a_un_autre_taux_est_refusee(commission, demande):
    for taux, champ in ((100, "annee"), (30, "taux")):
        with pytest.raises(ValidationError) as refus:
            aide_decider(
                demande=demande,
                type="exoneration_cotisation",
                taux=taux,
                date=JOUR,
                motivation=MOTIVATION,
                par=commission.user("delegue"),
                today=JOUR,
            )
        assert champ in refus.value.message_dict
    assert not Aide.objects.exists() and not DemandeExoneration.objects.exists()


def test_l_echelonnement_enregistre_son_echeancier_qui_couvre_le_solde_de_la_cotisation(
    api_client, commission, demande, jour
):
    factories.CotisationFactory(medecin=demande.medecin, annee=2026)
    api_client.force_authenticate(commission.user("elu"))
    corps = {
        "type": "echelonnement_cotisation",
        "date": "2026-03-20",
        "motivation": MOTIVATION,
        "echeances": [
            {"date": "2026-04-30", "montant": "120.00"},
            {"date": "2026-05-31", "montant": "120.00"},
            {"date": "2026-06-30", "montant": "90.00"},
        ],
    }
    reponse = api_client.post(_url(demande), corps, format="json")
    assert reponse.status_code == 400 and "il reste 340,00 €" in _espaces(reponse.json()["echeances"][0])
    assert not Aide.objects.exists()
    corps["echeances"][2]["montant"] = "100.00"
    reponse = api_client.post(_url(demande), corps, format="json")
    assert reponse.status_code == 201, reponse.json()
    assert reponse.json()["montant"] == "340.00" and reponse.json()["annee"] == 2026
    assert reponse.json()["echeances"][0] == {"date": "2026-04-30", "montant": "120.00"}
    # The dues' reminders wait for the plan's last instalment; the motive names the council's plan, not the file.
    from cotisations.models import Cotisation

    cotisation = Cotisation.objects.get(medecin=demande.medecin, annee=2026)
    assert cotisation.relances_suspendues_jusqu_au == datetime.date(2026, 6, 30)
    assert "Échéancier de paiement accordé par le conseil le 20/03/2026" in cotisation.relances_suspendues_motif
    assert demande.numero not in cotisation.relances_suspendues_motif
    assert cotisation.history.first().history_user == commission.user("elu")


def test_une_orientation_nomme_l_organisme_et_n_a_pas_de_montant(api_client, commission, demande, jour):
    api_client.force_authenticate(commission.user("elu"))
    sans = api_client.post(_url(demande), {"type": "orientation", "motivation": MOTIVATION}, format="json")
    assert sans.status_code == 400 and "organisme" in sans.json()
    avec_montant = api_client.post(
        _url(demande),
        {"type": "orientation", "organisme": "CARMF", "montant": "100.00", "motivation": MOTIVATION},
        format="json",
    )
    assert avec_montant.status_code == 400 and "montant" in avec_montant.json()
    reponse = api_client.post(
        _url(demande), {"type": "orientation", "organisme": "CARMF", "motivation": MOTIVATION}, format="json"
    )
    assert reponse.status_code == 201 and reponse.json()["organisme"] == "CARMF"
    assert reponse.json()["date"] == "2026-03-20"  # default: the day of the act


# --- reported to the commission nationale ---------------------------------------------------------------------


def test_chaque_aide_est_signalee_une_fois_a_la_commission_nationale_avec_son_pdf(
    settings, commission, demande, ligne_entraide, systeme, django_capture_on_commit_callbacks
):
    settings.ENTRAIDE_CNOM_EMAIL = "entraide@cnom.example"
    with django_capture_on_commit_callbacks(execute=True):
        aide = aide_decider(
            demande=demande,
            type="orientation",
            organisme="Association régionale (PASS / MOTS)",
            date=JOUR,
            motivation=MOTIVATION,
            par=commission.user("elu"),
            today=JOUR,
        )
    (envoi,) = Envoi.objects.filter(nature=NatureEnvoi.AIDE_SIGNALEMENT_CNOM)
    assert envoi.destinataire == "entraide@cnom.example" and envoi.etat == "envoye"
    (message,) = mail.outbox
    assert message.to == ["entraide@cnom.example"] and "EN-2026-0001" in message.subject
    assert demande.medecin.nom not in message.body and "accident" not in message.body
    ((nom, contenu, type_mime),) = message.attachments
    assert type_mime == "application/pdf" and contenu.startswith(b"%PDF")
    aide.refresh_from_db()
    assert aide.signalee_cnom_le is not None
    # Idempotent: asking again programs nothing.
    with django_capture_on_commit_callbacks(execute=True):
        assert aides_signaler_cnom(par=systeme, today=JOUR) == 0
    assert len(mail.outbox) == 1 and Envoi.objects.count() == 1


def test_une_aide_non_signalee_est_rattrapee_une_seule_fois(systeme, django_capture_on_commit_callbacks):
    aide = factories.AideEntraideFactory()
    with django_capture_on_commit_callbacks(execute=True):
        assert aides_signaler_cnom(par=systeme, today=JOUR) == 1
        assert aides_signaler_cnom(par=systeme, today=JOUR) == 0
    aide.refresh_from_db()
    assert aide.signalee_cnom_le is not None and len(mail.outbox) == 1


# --- reads --------------------------------------------------------------------------------------------------------


def test_les_aides_se_lisent_par_les_lecteurs_et_chaque_lecture_est_journalisee(api_client, commission, demande, jour):
    aide = factories.AideEntraideFactory(demande=demande)
    api_client.force_authenticate(commission.user("elu"))
    reponse = api_client.get(_url(demande))
    assert reponse.status_code == 200 and [a["id"] for a in reponse.json()["results"]] == [aide.pk]
    assert api_client.get(f"{_url(demande)}{aide.pk}/").json()["motivation"] == aide.motivation
    assert JournalAcces.objects.filter(utilisateur=commission.user("elu"), action="entraide.demande_lire").count() == 2
    for qui in ("tresorier", "hors"):
        api_client.force_authenticate(commission.user(qui))
        assert api_client.get(_url(demande)).status_code == 404
        assert api_client.get(f"{_url(demande)}{aide.pk}/").status_code == 404
    api_client.force_authenticate(demande.medecin.user if demande.medecin.user_id else None)
    api_client.force_authenticate(factories.MedecinFactory(avec_compte=True).user)
    assert api_client.get(_url(demande)).status_code == 404


def test_le_demandeur_ne_voit_pas_les_aides_de_sa_demande(api_client, demande):
    medecin = factories.MedecinFactory(avec_compte=True)
    mienne = factories.DemandeEntraideFactory(medecin=medecin)
    factories.AideEntraideFactory(demande=mienne)
    api_client.force_authenticate(medecin.user)
    assert api_client.get(_url(mienne)).status_code == 404


def test_aide_engager_refuse_ce_qui_n_est_pas_un_secours(commission, demande):
    aide = factories.AideEntraideFactory(demande=demande)
    with pytest.raises(ValidationError, match="Seul un secours"):
        aide_engager(aide=aide, par=commission.user("secretaire"), today=JOUR)
