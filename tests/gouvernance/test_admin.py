import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from gouvernance import services
from gouvernance.models import Deliberation, Emargement, Fonction, TourElection
from tests import factories

from .conftest import emarger

MODELES = [
    "membre",
    "fonction",
    "indisponibilite",
    "delegation",
    "commission",
    "siegecommission",
    "declarationinterets",
    "seance",
    "demandeinscriptionpoint",
    "demandeseanceextraordinaire",
    "emargement",
    "absence",
    "deliberation",
    "voierecours",
    "election",
    "tourelection",
]


@pytest.fixture
def client_admin(client, superuser):
    client.force_login(superuser)
    return client


@pytest.mark.parametrize("modele", MODELES)
def test_admin_pages_liste_et_ajout(client_admin, conseil, seance, modele):
    emarger(seance, conseil.titulaires[:9])
    assert client_admin.get(reverse(f"admin:gouvernance_{modele}_changelist")).status_code == 200
    assert client_admin.get(reverse(f"admin:gouvernance_{modele}_add")).status_code == 200


def test_admin_fiche_seance_et_historique(client_admin, conseil, seance):
    emarger(seance, conseil.titulaires[:9])
    assert client_admin.get(reverse("admin:gouvernance_seance_change", args=[seance.pk])).status_code == 200
    assert client_admin.get(reverse("admin:gouvernance_seance_history", args=[seance.pk])).status_code == 200


def test_admin_refus_du_service_affiche_sur_le_formulaire_et_rien_n_est_ecrit(client_admin, conseil, seance):
    emarger(seance, conseil.titulaires[:1])
    r = client_admin.post(
        reverse("admin:gouvernance_emargement_add"),
        {"seance": seance.pk, "membre": conseil.suppleants[0].pk, "remplace": conseil.titulaires[0].pk},
    )
    assert r.status_code == 200
    assert "il n&#x27;y a personne à remplacer" in r.content.decode()
    assert Emargement.objects.count() == 1


def test_admin_plafond_du_bureau_affiche(client_admin, conseil):
    for i, f in ((3, "vice_president"), (4, "vice_president"), (5, "tresorier_adjoint")):
        factories.FonctionFactory(membre=conseil.titulaires[i], fonction=f)
    r = client_admin.post(
        reverse("admin:gouvernance_fonction_add"),
        {"membre": conseil.titulaires[6].pk, "fonction": "secretaire_general_adjoint", "date_debut": "2025-06-01"},
    )
    assert r.status_code == 200 and "deux cinquièmes" in r.content.decode()
    assert Fonction.objects.count() == 6


def test_admin_deliberation_enregistree_par_le_service(client_admin, conseil, seance_avec_quorum):
    r = client_admin.post(
        reverse("admin:gouvernance_deliberation_add"),
        {
            "seance": seance_avec_quorum.pk,
            "objet": "Exonération de cotisation",
            "motivation": "Vu les avis d'imposition produits, les revenus du demandeur sont inférieurs au seuil fixé.",
            "vote": "main_levee",
            "pour": 9,
            "contre": 0,
            "abstention": 0,
            "majorite": "suffrages_exprimes",
        },
    )
    assert r.status_code == 302, r.content.decode()[:3000]
    assert Deliberation.objects.get().numero == "2026-001"


def test_admin_action_ouvrir_la_seance(client_admin, conseil, seance):
    emarger(seance, conseil.titulaires[:9])
    r = client_admin.post(
        reverse("admin:gouvernance_seance_changelist"), {"action": "ouvrir", "_selected_action": [seance.pk]}
    )
    assert r.status_code == 302
    seance.refresh_from_db()
    assert seance.statut == "ouverte" and seance.quorum_ouverture is True


def test_admin_tour_de_scrutin(client_admin, conseil, seance):
    from gouvernance import services

    emarger(seance, conseil.titulaires[:9])
    e = services.election_creer(
        seance=seance, poste="tresorier_adjoint", candidats=conseil.titulaires[5:7], par=factories.systeme()
    )
    a = conseil.titulaires[5].pk
    r = client_admin.post(
        reverse("admin:gouvernance_tourelection_add"),
        {"election": e.pk, "voix": f'{{"{a}": 6, "{conseil.titulaires[6].pk}": 3}}', "blancs_nuls": 0},
    )
    assert r.status_code == 302, r.content.decode()[:3000]
    assert TourElection.objects.get().elu_id == a


def test_admin_secretariat_voit_la_gouvernance(client, secretariat, conseil):
    client.force_login(secretariat)
    assert client.get(reverse("admin:gouvernance_seance_changelist")).status_code == 200
    assert client.get(reverse("admin:gouvernance_deliberation_add")).status_code == 200


def test_admin_fiches_de_chaque_modele(client_admin, conseil, seance_avec_quorum):
    from gouvernance import models, services

    from .test_deliberations import MOTIVATION

    s = seance_avec_quorum
    services.absence_enregistrer(seance=s, membre=conseil.titulaires[12], motif="Congrès", par=factories.systeme())
    services.deliberation_enregistrer(
        seance=s, objet="Objet", motivation=MOTIVATION, pour=9, contre=0, par=factories.systeme()
    )
    e = services.election_creer(
        seance=s, poste="liquidateur", candidats=conseil.titulaires[6:8], par=factories.systeme()
    )
    services.tour_enregistrer(election=e, voix={str(conseil.titulaires[6].pk): 5}, par=factories.systeme())
    services.indisponibilite_enregistrer(membre=conseil.tresorier, date_debut=s.date, par=factories.systeme())
    entraide = services.commission_creer(nature="entraide", date_debut=s.date, par=factories.systeme())
    services.commission_membre_elire(
        commission=entraide,
        membre=conseil.titulaires[7],
        role="delegue_entraide",
        date_debut=s.date,
        par=factories.systeme(),
    )
    services.delegation_accorder(
        delegant=conseil.fonctions["president"],
        delegataire=conseil.titulaires[4],
        type="signature",
        objet="Autorisations de remplacement par un étudiant",
        date_debut=s.date,
        par=factories.systeme(),
    )
    services.declaration_interets_deposer(
        membre=conseil.titulaires[4], donnees={"certifie_exact": True}, par=factories.systeme(), today=s.date
    )
    services.demande_inscription_enregistrer(
        seance=s,
        libelle="Question",
        signataires=conseil.titulaires[:7],
        recue_le=timezone.now(),
        par=factories.systeme(),
    )
    services.demande_seance_extraordinaire_enregistrer(
        objet="Budget rectificatif", recue_le=s.date, signataires=conseil.titulaires[:6], par=factories.systeme()
    )
    for modele in MODELES:
        obj = getattr(models, {m.lower(): m for m in dir(models)}[modele]).objects.first()
        r = client_admin.get(reverse(f"admin:gouvernance_{modele}_change", args=[obj.pk]))
        assert r.status_code == 200, modele


def test_admin_une_signature_se_retire_tant_qu_aucun_vote_ne_repose_sur_le_registre(client_admin, conseil, seance):
    emarger(seance, conseil.titulaires[:10])
    erreur = Emargement.objects.get(seance=seance, membre=conseil.titulaires[9])
    url = reverse("admin:gouvernance_emargement_delete", args=[erreur.pk])
    assert client_admin.post(url, {"post": "yes"}).status_code == 302
    assert not Emargement.objects.filter(pk=erreur.pk).exists()
    # The history keeps the deleted signature.
    assert Emargement.history.filter(id=erreur.pk, history_type="-").exists()

    services.deliberation_enregistrer(
        seance=seance,
        objet="Inscription au tableau",
        motivation="Le dossier complet établit les conditions de diplôme, de langue et de moralité du demandeur.",
        pour=9,
        contre=0,
        par=factories.systeme(),
    )
    signe = Emargement.objects.get(seance=seance, membre=conseil.titulaires[8])
    url = reverse("admin:gouvernance_emargement_delete", args=[signe.pk])
    reponse = client_admin.post(url, {"post": "yes"}, follow=True)
    assert "Suppression impossible : Des votes ont été enregistrés" in reponse.content.decode()
    assert Emargement.objects.filter(pk=signe.pk).exists()
    # No bulk deletion that would bypass the rule.
    liste = client_admin.get(reverse("admin:gouvernance_emargement_changelist")).content.decode()
    assert "delete_selected" not in liste


def test_une_seance_close_garde_son_registre(conseil, seance):
    emarger(seance, conseil.titulaires[:9])
    services.seance_ouvrir(seance=seance, par=factories.systeme())
    services.seance_clore(seance=seance, par=factories.systeme())
    with pytest.raises(ValidationError) as err:
        services.emargement_supprimer(
            emargement=Emargement.objects.filter(seance=seance).first(), par=factories.systeme()
        )
    assert "close" in err.value.message_dict["seance"][0]
    assert Emargement.objects.filter(seance=seance).count() == 9
