"""The one permission helper (config.perms): every door gets the service's answer, from the app's table."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from commun.models import JournalAcces
from config import perms
from config.perms import Regle
from gouvernance import selectors, services
from gouvernance.models import Fonction, Membre, TourElection
from tableau.models import Medecin
from tableau.services import medecin_creer
from tests import factories
from tests.gouvernance.conftest import DEBUT, JOUR_SEANCE, emarger


def _donnees_medecin():
    return {
        "rpps": factories.rpps_valide(987),
        "nom": "Ménard",
        "prenom": "Élodie",
        "sexe": "F",
        "date_naissance": datetime.date(1980, 5, 2),
        "statut": "inscrit",
        "exercice": "liberal",
    }


def test_un_service_refuse_l_acteur_sans_droit_et_n_ecrit_rien(db):
    accueil = factories.StaffFactory(groupe="accueil")  # reads the register, never inscribes
    with pytest.raises(PermissionDenied) as err:
        medecin_creer(donnees=_donnees_medecin(), par=accueil, today=datetime.date(2026, 4, 14))
    assert "Vous n'avez pas le droit d'inscrire un médecin au tableau le 14/04/2026" in str(err.value)
    assert not Medecin.objects.exists()
    tableau = factories.StaffFactory(groupe="tableau")
    assert medecin_creer(donnees=_donnees_medecin(), par=tableau, today=datetime.date(2026, 4, 14)).pk


def test_un_medecin_ne_modifie_que_ses_propres_coordonnees(db):
    from tableau.services import medecin_coordonnees_modifier

    moi, autre = factories.MedecinFactory(avec_compte=True), factories.MedecinFactory(avec_compte=True)
    medecin_coordonnees_modifier(medecin=moi, par=moi.user, telephone="05 53 00 00 00")
    with pytest.raises(PermissionDenied):
        medecin_coordonnees_modifier(medecin=autre, par=moi.user, telephone="05 53 00 00 01")
    autre.refresh_from_db()
    assert autre.telephone != "05 53 00 00 01"


def test_sans_acteur_ou_avec_un_compte_inactif_rien_n_est_permis(conseil):
    with pytest.raises(PermissionDenied):
        services.membre_creer(medecin=factories.MedecinFactory(), qualite="titulaire", date_debut=JOUR_SEANCE, par=None)
    president = conseil.president.medecin.user
    president.is_active = False
    president.save()
    assert not perms.peut(president, "gouvernance.seance_gerer", date=JOUR_SEANCE)


def test_l_utilisateur_systeme_agit_pour_les_commandes_et_les_taches_mais_un_homonyme_actif_non(db):
    systeme = factories.systeme()
    assert perms.peut(systeme, "gouvernance.membre_gerer")
    assert perms.peut(systeme, "tableau.medecin_creer")
    systeme.is_active = True  # someone re-enabled the account to log in with it: it loses the system's rights
    systeme.save()
    assert not perms.peut(systeme, "gouvernance.membre_gerer")


def test_un_acte_de_seance_se_juge_a_la_date_de_la_seance_pas_a_celle_de_la_saisie(conseil, seance):
    # The SG's function ends the day before the session: he may not keep its register, even if asked before.
    sg = conseil.fonctions["secretaire_general"]
    services.fonction_cloturer(fonction=sg, date_fin=JOUR_SEANCE - datetime.timedelta(days=1), par=factories.systeme())
    user = conseil.sg.medecin.user
    assert perms.peut(user, "gouvernance.emargement", date=JOUR_SEANCE - datetime.timedelta(days=1))
    assert not perms.peut(user, "gouvernance.emargement", objet=seance, date=JOUR_SEANCE - datetime.timedelta(days=1))
    with pytest.raises(PermissionDenied):
        services.emargement_enregistrer(seance=seance, membre=conseil.titulaires[5], par=user)
    # The président in office that day may.
    services.emargement_enregistrer(seance=seance, membre=conseil.titulaires[5], par=conseil.president.medecin.user)


def test_la_regle_sur_l_etat_de_l_objet_donne_un_400_et_non_un_403(conseil, seance):
    user = conseil.president.medecin.user
    assert not perms.peut(user, "gouvernance.proces_verbal_lire", objet=seance)
    with pytest.raises(ValidationError) as err:
        perms.exiger(user, "gouvernance.proces_verbal_lire", objet=seance)
    assert "n'a pas encore été tenue" in err.value.messages[0]
    emarger(seance, conseil.titulaires[:9])
    services.seance_ouvrir(seance=seance, par=factories.systeme())
    seance.refresh_from_db()
    assert perms.peut(user, "gouvernance.proces_verbal_lire", objet=seance)
    with pytest.raises(PermissionDenied):
        perms.exiger(factories.MedecinFactory(avec_compte=True).user, "gouvernance.proces_verbal_lire", objet=seance)


def test_une_action_absente_du_tableau_est_une_erreur_de_programmation(db):
    with pytest.raises(LookupError, match="gouvernance/perms.py"):
        perms.peut(factories.systeme(), "gouvernance.inventee")


def test_une_lecture_confidentielle_accordee_est_consignee_et_un_refus_ne_l_est_pas(db, monkeypatch):
    medecin = factories.MedecinFactory(avec_compte=True)
    monkeypatch.setitem(
        perms._TABLES,
        "essai",
        {
            "lire": Regle(
                "lire ce dossier", "tableau.view_medecin", medecin=lambda u, m: m.user_id == u.pk, confidentiel=True
            )
        },
    )
    perms.exiger(medecin.user, "essai.lire", objet=medecin, lecture=True)
    with pytest.raises(PermissionDenied):
        perms.exiger(factories.MedecinFactory(avec_compte=True).user, "essai.lire", objet=medecin, lecture=True)
    (ligne,) = JournalAcces.objects.all()
    assert (ligne.utilisateur, ligne.action, ligne.objet_id) == (medecin.user, "essai.lire", str(medecin.pk))


# --- the SG's substitute stands in as ordonnateur only (règlement de trésorerie, T.I 2.2) ---


def test_le_secretaire_general_est_ordonnateur_et_son_suppleant_ne_l_est_pas_tant_qu_il_peut_agir(conseil):
    suppleant = conseil.titulaires[3]
    factories.FonctionFactory(membre=suppleant, fonction="ordonnateur_suppleant", date_debut=DEBUT)
    assert perms.exerce(conseil.sg.medecin.user, "ordonnateur", JOUR_SEANCE)
    assert not perms.exerce(suppleant.medecin.user, "ordonnateur", JOUR_SEANCE)
    assert selectors.ordonnateur(date=JOUR_SEANCE) == conseil.sg


def test_le_suppleant_de_l_ordonnateur_ordonnance_pendant_l_empechement_du_sg_sans_devenir_sg(conseil):
    suppleant = conseil.titulaires[3]
    factories.FonctionFactory(membre=suppleant, fonction="ordonnateur_suppleant", date_debut=DEBUT)
    services.indisponibilite_enregistrer(
        membre=conseil.sg,
        date_debut=datetime.date(2026, 3, 1),
        date_fin=datetime.date(2026, 3, 31),
        par=factories.systeme(),
    )
    user = suppleant.medecin.user
    assert perms.exerce(user, "ordonnateur", JOUR_SEANCE)
    assert not perms.exerce(conseil.sg.medecin.user, "ordonnateur", JOUR_SEANCE)
    assert not perms.exerce(user, "secretaire_general", JOUR_SEANCE)
    assert not perms.peut(user, "gouvernance.seance_gerer", date=JOUR_SEANCE)  # ordonnateur only
    assert not perms.exerce(user, "ordonnateur", datetime.date(2026, 4, 1))  # the SG is back


def test_sans_secretaire_general_le_suppleant_ordonnance(conseil):
    suppleant = conseil.titulaires[3]
    factories.FonctionFactory(membre=suppleant, fonction="ordonnateur_suppleant", date_debut=DEBUT)
    Fonction.objects.filter(fonction="secretaire_general").update(date_fin=datetime.date(2026, 1, 31))
    assert selectors.ordonnateur(date=JOUR_SEANCE) == suppleant


# --- the doyen d'âge: the same answer on the live page and in the API ---


def test_le_doyen_d_age_enregistre_depuis_la_page_les_tours_de_l_election_qu_il_preside(client, conseil, seance):
    emarger(seance, conseil.titulaires[:12])
    services.seance_ouvrir(seance=seance, par=factories.systeme())
    a = conseil.titulaires[5]
    election = services.election_creer(seance=seance, poste="tresorier_adjoint", candidats=[a], par=factories.systeme())
    doyen: Membre = conseil.titulaires[3]
    election.president_de_seance = doyen
    election.save()
    url = reverse("gouvernance:seance_direct", args=[seance.pk])
    cle = f"tour{election.pk}"
    tour = {"action": f"tour-{election.pk}", f"{cle}-voix_{a.pk}": "9", f"{cle}-blancs_nuls": "0"}

    client.force_login(conseil.suppleants[0].medecin.user)  # no function, not chairing: no page, no round
    assert client.get(url).status_code == 403
    assert client.post(url, tour).status_code == 403
    assert not TourElection.objects.exists()

    client.force_login(doyen.medecin.user)
    assert client.get(url).status_code == 200
    assert client.post(url, tour).status_code == 302
    election.refresh_from_db()
    assert election.elu == a
    # He chairs the election, not the session: the register stays the secretariat's and the bureau's.
    reponse = client.post(url, {"action": "emarger", "emargement-membre": conseil.titulaires[13].pk})
    assert reponse.status_code == 400 and "tenir le registre" in reponse.content.decode()
