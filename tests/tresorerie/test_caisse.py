"""The cash box under the trésorier (seed 002 L.II T.I 2.3 c): « Le solde de cette caisse ne peut être supérieur à
mille euros (1000 €) », never below zero, every movement with its document, a wrong one cancelled by its
counter-movement. The ceiling is a yearly parameter (ParametreCaisse, 1 000 € in 2026 and 2027)."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from tests import factories
from tests.concurrence import en_meme_temps
from tests.tresorerie.conftest import JOUR
from tresorerie import services
from tresorerie.comptabilite import livre_de_caisse, solde_caisse
from tresorerie.models import MouvementCaisse, ParametreCaisse, PieceCaisse

pytestmark = pytest.mark.django_db
VEILLE = JOUR - datetime.timedelta(days=1)


def _mouvement(par, sens, montant, *, date=JOUR, objet="Timbres", **kwargs):
    return services.mouvement_caisse_enregistrer(
        sens=sens, montant=Decimal(montant), objet=objet, date=date, par=par, today=JOUR, **kwargs
    )


def test_le_plafond_de_caisse_est_un_parametre_annuel_de_1000_euros():
    assert ParametreCaisse.objects.get(annee=2026).plafond == Decimal("1000.00")
    assert ParametreCaisse.objects.get(annee=2027).plafond == Decimal("1000.00")


def test_le_solde_peut_atteindre_1000_euros_pas_un_centime_de_plus(chaine):
    tresorier = chaine.user("tresorier")
    _mouvement(tresorier, "entree", "1000.00", objet="Retrait en banque")
    assert solde_caisse() == Decimal("1000.00")
    with pytest.raises(ValidationError) as err:
        _mouvement(tresorier, "entree", "0.01", objet="Cotisation en espèces")
    assert "montant" in err.value.message_dict
    assert "1\u202f000,00" in err.value.message_dict["montant"][0]
    assert MouvementCaisse.objects.count() == 1


def test_une_entree_qui_depasserait_1000_euros_est_refusee_et_rien_n_est_ecrit(chaine):
    tresorier = chaine.user("tresorier")
    _mouvement(tresorier, "entree", "600.00", objet="Retrait en banque")
    with pytest.raises(ValidationError):
        _mouvement(tresorier, "entree", "400.01", objet="Retrait en banque")
    assert MouvementCaisse.objects.count() == 1 and solde_caisse() == Decimal("600.00")


def test_le_plafond_suit_le_parametre_de_l_annee(chaine, systeme):
    services.parametre_enregistrer(
        modele=ParametreCaisse,
        cle={"annee": 2027},
        donnees={"plafond": Decimal("800.00")},
        champs=("plafond",),
        acte="tresorerie.parametres_enregistrer",
        par=systeme,
        today=JOUR,
    )
    with pytest.raises(ValidationError):
        _mouvement(chaine.user("tresorier"), "entree", "800.01")
    _mouvement(chaine.user("tresorier"), "entree", "800.00")


def test_une_sortie_qui_rendrait_le_solde_negatif_est_refusee(chaine):
    tresorier = chaine.user("tresorier")
    _mouvement(tresorier, "entree", "50.00", objet="Retrait en banque")
    _mouvement(tresorier, "sortie", "50.00", objet="Timbres", compte="626")
    assert solde_caisse() == Decimal("0.00")
    with pytest.raises(ValidationError) as err:
        _mouvement(tresorier, "sortie", "0.01", compte="626")
    assert "négatif" in err.value.message_dict["montant"][0]
    assert MouvementCaisse.objects.count() == 2


def test_un_mouvement_antidate_ne_peut_rendre_negatif_un_solde_posterieur(chaine):
    tresorier = chaine.user("tresorier")
    _mouvement(tresorier, "entree", "100.00", date=VEILLE - datetime.timedelta(days=1))
    _mouvement(tresorier, "sortie", "100.00", date=JOUR, compte="626")
    # On the day before, the balance is 100 €: a 60 € exit then would leave -60 € after the exit of JOUR.
    with pytest.raises(ValidationError):
        _mouvement(tresorier, "sortie", "60.00", date=VEILLE, compte="626")
    assert MouvementCaisse.objects.count() == 2


@pytest.mark.parametrize("montant", [Decimal("-10.00"), Decimal("0.00"), 12.5, Decimal("1.005"), "10.00"], ids=str)
def test_un_montant_negatif_nul_flottant_ou_au_dela_du_centime_est_refuse(chaine, montant):
    with pytest.raises(ValidationError) as err:
        services.mouvement_caisse_enregistrer(
            sens="entree", montant=montant, objet="x", date=JOUR, par=chaine.user("tresorier"), today=JOUR
        )
    assert "montant" in err.value.message_dict
    assert not MouvementCaisse.objects.exists()


def test_le_tresorier_adjoint_tient_la_caisse_quand_il_supplee_le_tresorier(chaine):
    with pytest.raises(PermissionDenied):
        _mouvement(chaine.user("tresorier_adjoint"), "entree", "10.00")
    factories.IndisponibiliteFactory(
        membre=chaine.tresorier, date_debut=JOUR - datetime.timedelta(days=10), date_fin=JOUR + datetime.timedelta(10)
    )
    _mouvement(chaine.user("tresorier_adjoint"), "entree", "10.00")
    assert MouvementCaisse.objects.count() == 1


def test_l_ordonnateur_ne_touche_pas_a_la_caisse(chaine):
    with pytest.raises(PermissionDenied):
        _mouvement(chaine.user("ordonnateur"), "entree", "10.00")
    assert not MouvementCaisse.objects.exists()


def test_le_service_comptabilite_enregistre_aussi_les_mouvements(db):
    from config.roles import groupes_synchroniser

    groupes_synchroniser()
    comptable = factories.StaffFactory(groupe="Comptabilité")
    _mouvement(comptable, "entree", "10.00")
    assert MouvementCaisse.objects.get().saisi_par == comptable


def test_un_mouvement_se_corrige_par_un_contre_mouvement_motive_jamais_supprime(chaine):
    tresorier = chaine.user("tresorier")
    m = _mouvement(tresorier, "entree", "300.00", objet="Retrait en banque")
    contre = services.mouvement_caisse_annuler(
        mouvement_id=m.pk, motif="Saisi deux fois", date=JOUR, par=tresorier, today=JOUR
    )
    assert contre.sens == "sortie" and contre.montant == Decimal("300.00") and contre.annule == m
    assert solde_caisse() == Decimal("0.00")
    assert MouvementCaisse.objects.count() == 2
    with pytest.raises(ValidationError):
        services.mouvement_caisse_annuler(mouvement_id=m.pk, motif="encore", date=JOUR, par=tresorier, today=JOUR)
    with pytest.raises(ValidationError):
        services.mouvement_caisse_annuler(mouvement_id=contre.pk, motif="non", date=JOUR, par=tresorier, today=JOUR)
    with pytest.raises(ValidationError) as err:
        services.mouvement_caisse_annuler(mouvement_id=m.pk, motif=" ", date=JOUR, par=tresorier, today=JOUR)
    assert "motif" in err.value.message_dict
    assert MouvementCaisse.objects.count() == 2


def test_le_justificatif_est_juge_sur_son_contenu_pas_sur_son_nom(chaine):
    tresorier = chaine.user("tresorier")
    faux = SimpleUploadedFile("recu.pdf", b"MZ\x90\x00 pas un pdf", content_type="application/pdf")
    with pytest.raises(ValidationError) as err:
        _mouvement(tresorier, "entree", "10.00", fichier=faux)
    assert "fichier" in err.value.message_dict
    assert not MouvementCaisse.objects.exists() and not PieceCaisse.objects.exists()


def test_un_justificatif_trop_lourd_est_refuse(chaine, settings):
    settings.FICHIERS_TAILLE_MAX = 1024
    lourd = factories.fichier_pdf("recu.pdf", factories.PDF_MINIMAL + b"0" * 2000)
    with pytest.raises(ValidationError) as err:
        _mouvement(chaine.user("tresorier"), "entree", "10.00", fichier=lourd)
    assert "fichier" in err.value.message_dict
    assert not MouvementCaisse.objects.exists()


def test_le_livre_de_caisse_signale_les_mouvements_sans_justificatif(chaine):
    tresorier = chaine.user("tresorier")
    a = _mouvement(tresorier, "entree", "200.00", objet="Retrait", fichier=factories.fichier_pdf("bordereau.pdf"))
    b = _mouvement(tresorier, "sortie", "35.50", objet="Timbres", compte="626")
    livre = livre_de_caisse(debut=datetime.date(2027, 1, 1), fin=datetime.date(2027, 12, 31))
    assert [ligne["justifie"] for ligne in livre["lignes"]] == [True, False]
    assert livre["sans_justificatif"] == 1 and livre["solde"] == Decimal("164.50")
    services.caisse_piece_deposer(
        mouvement_id=b.pk, fichier=factories.fichier_pdf("ticket.pdf"), par=tresorier, today=JOUR
    )
    livre = livre_de_caisse(debut=datetime.date(2027, 1, 1), fin=datetime.date(2027, 12, 31))
    assert livre["sans_justificatif"] == 0
    assert a.pieces.count() == 1


# --- the API (CONTRACT.md) ------------------------------------------------------------------------------------------


def test_api_caisse_creation_et_liste(client, chaine):
    client.force_login(chaine.user("tresorier"))
    r = client.post(
        "/api/tresorerie/caisse/",
        {"sens": "entree", "montant": "250.00", "objet": "Retrait en banque", "date": "2026-11-20"},
        content_type="application/json",
    )
    assert r.status_code == 201, r.content
    assert r.json()["montant"] == "250.00" and r.json()["justifie"] is False
    r = client.get("/api/tresorerie/caisse/")
    assert r.status_code == 200 and r.json()["count"] == 1
    r = client.get(f"/api/tresorerie/caisse/{MouvementCaisse.objects.get().pk}/")
    assert r.status_code == 200 and r.json()["sens"] == "entree"


def test_api_caisse_au_dela_de_1000_euros_400(client, chaine):
    client.force_login(chaine.user("tresorier"))
    r = client.post(
        "/api/tresorerie/caisse/",
        {"sens": "entree", "montant": "1000.01", "objet": "Retrait", "date": "2026-11-20"},
        content_type="application/json",
    )
    assert r.status_code == 400 and "montant" in r.json()
    r = client.post(
        "/api/tresorerie/caisse/",
        {"sens": "sortie", "montant": "0.01", "objet": "Timbres", "date": "2026-11-20"},
        content_type="application/json",
    )
    assert r.status_code == 400 and "montant" in r.json()
    assert not MouvementCaisse.objects.exists()


@pytest.mark.parametrize("montant", ["-5.00", "12.345", "douze"])
def test_api_caisse_montant_invalide_400(client, chaine, montant):
    client.force_login(chaine.user("tresorier"))
    r = client.post(
        "/api/tresorerie/caisse/",
        {"sens": "entree", "montant": montant, "objet": "x", "date": "2026-11-20"},
        content_type="application/json",
    )
    assert r.status_code == 400 and "montant" in r.json()
    assert not MouvementCaisse.objects.exists()


def test_api_caisse_avec_justificatif_multipart_puis_piece(client, chaine):
    client.force_login(chaine.user("tresorier"))
    r = client.post(
        "/api/tresorerie/caisse/",
        {
            "sens": "entree",
            "montant": "20.00",
            "objet": "Photocopies",
            "date": "2026-11-20",
            "compte": "758",
            "fichier": factories.fichier_pdf("recu.pdf"),
        },
    )
    assert r.status_code == 201, r.content
    assert r.json()["justifie"] is True and r.json()["compte"] == "758"
    pk = r.json()["id"]
    r = client.post(f"/api/tresorerie/caisse/{pk}/pieces/", {"fichier": SimpleUploadedFile("x.pdf", b"GIF89a")})
    assert r.status_code == 400 and "fichier" in r.json()
    r = client.post(f"/api/tresorerie/caisse/{pk}/annuler/", {"motif": "Erreur", "date": "2026-11-21"})
    assert r.status_code == 201 and r.json()["annule"] == pk


def test_api_caisse_un_membre_sans_fonction_403(client, chaine):
    client.force_login(chaine.user("membre"))
    assert client.get("/api/tresorerie/caisse/").status_code == 403
    r = client.post(
        "/api/tresorerie/caisse/",
        {"sens": "entree", "montant": "5.00", "objet": "x", "date": "2026-11-20"},
        content_type="application/json",
    )
    assert r.status_code == 403


# --- the race (PostgreSQL) ------------------------------------------------------------------------------------------


@pytest.fixture
def donnees_initiales(transactional_db):
    """A transactional test before this one flushed the migrations' rows: load the plan and the ceilings again."""
    from importlib import import_module

    from django.apps import apps

    for migration in ("0002_plan_comptable", "0004_cloture_donnees"):
        import_module(f"tresorerie.migrations.{migration}").charger(apps, None)


@pytest.mark.services
@pytest.mark.django_db(transaction=True)
def test_deux_entrees_simultanees_ne_depassent_pas_1000_euros(donnees_initiales, chaine):
    """600 € already in the box; two entries of 300 € at the same instant: one passes (900 €), the other would
    make 1 200 €. Without the shared lock both read 600 € and both pass."""
    tresorier = chaine.user("tresorier")
    _mouvement(tresorier, "entree", "600.00", objet="Retrait en banque")
    resultats = en_meme_temps(
        lambda: _mouvement(tresorier, "entree", "300.00", objet="Cotisation A"),
        lambda: _mouvement(tresorier, "entree", "300.00", objet="Cotisation B"),
    )
    assert [r.ok for r in resultats].count(True) == 1, resultats
    assert all(isinstance(r.erreur, ValidationError) for r in resultats if not r.ok)
    assert solde_caisse() == Decimal("900.00") and MouvementCaisse.objects.count() == 2


@pytest.mark.services
@pytest.mark.django_db(transaction=True)
def test_deux_sorties_simultanees_ne_rendent_pas_la_caisse_negative(donnees_initiales, chaine):
    tresorier = chaine.user("tresorier")
    _mouvement(tresorier, "entree", "100.00", objet="Retrait en banque")
    resultats = en_meme_temps(
        lambda: _mouvement(tresorier, "sortie", "60.00", objet="Timbres", compte="626"),
        lambda: _mouvement(tresorier, "sortie", "60.00", objet="Enveloppes", compte="6064"),
    )
    assert [r.ok for r in resultats].count(True) == 1, resultats
    assert solde_caisse() == Decimal("40.00")


def test_api_caisse_un_montant_en_flottant_json_est_refuse_400_et_rien_n_est_ecrit(client, chaine):
    """Money never in floats: 12.5 as a JSON number is refused (a decimal string « 12.50 » is expected)."""
    client.force_login(chaine.user("tresorier"))
    r = client.post(
        "/api/tresorerie/caisse/",
        {"sens": "entree", "montant": 12.5, "objet": "Timbres", "date": "2026-11-20"},
        content_type="application/json",
    )
    assert r.status_code == 400 and "montant" in r.json()
    assert "virgule flottante" in str(r.json())
    assert not MouvementCaisse.objects.exists()
