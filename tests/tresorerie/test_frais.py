"""Expense claims (seed 002 annexe III 2.1-2.2): mileage on the fiscal scale from the right address, 80 km return
from the seat for a member living outside the department, hotel ≤ 200 € breakfast included, meal ≤ 35 €, breakfast
≤ 15 € only without a hotel night before it; receipts on every line; checked by the liquidateur, paid through the
expense chain on the line 6251. The figures are the seed's and the DGFiP's scale (unchanged since 2023)."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.storage import default_storage

from tests import factories
from tests.tresorerie.conftest import JOUR
from tresorerie import services
from tresorerie.models import (
    Engagement,
    JustificatifFrais,
    LigneFrais,
    NoteFrais,
    ParametresFrais,
    PieceJustificative,
    StatutNote,
)
from tresorerie.services import LigneSaisie

SEANCE = datetime.date(2027, 3, 10)


def _deposer(chaine, *lignes, par=None, cv=6, membre=None):
    membre = membre or chaine.membre
    return services.note_frais_deposer(
        membre_id=membre.pk,
        lignes=list(lignes),
        vehicule_cv=cv,
        objet="Séance plénière du 10 mars",
        par=par or membre.medecin.user,
        today=JOUR,
    )


def _km(km, date=SEANCE, montant=None):
    return LigneSaisie(type="km", date=date, km=km, montant=montant)


def _ligne(type, montant, date=SEANCE):
    return LigneSaisie(type=type, date=date, montant=Decimal(montant))


def _justifier(note, par=None):
    par = par or note.membre.medecin.user
    for ligne in note.lignes.all():
        services.justificatif_deposer(
            note_id=note.pk, ligne_id=ligne.pk, fichier=factories.fichier_pdf("recu.pdf"), par=par, today=JOUR
        )


def _rien_d_ecrit():
    assert not NoteFrais.objects.exists()
    assert not LigneFrais.objects.exists()


# --- mileage: the fiscal scale, its bands, the address it counts from ------------------------------------------


def test_les_kilometres_suivent_le_bareme_fiscal_de_la_puissance_du_vehicule(chaine):
    note = _deposer(chaine, _km(100), cv=6)
    assert note.montant_rembourse == Decimal("66.50")  # 100 km × 0,665 (6 CV, jusqu'à 5 000 km)
    note = _deposer(chaine, _km(100), cv=3)
    assert note.montant_rembourse == Decimal("52.90")  # 3 CV et moins : × 0,529
    note = _deposer(chaine, _km(100), cv=11)
    assert note.montant_rembourse == Decimal("69.70")  # 7 CV et plus : × 0,697
    assert note.statut == StatutNote.BROUILLON and note.montant_demande == note.montant_rembourse


def test_la_tranche_du_bareme_est_celle_de_la_distance_de_l_annee_du_membre(chaine):
    # 4 950 km already counted this year on a submitted claim; 100 km more cross into the 5 001-20 000 km band.
    premiere = _deposer(chaine, _km(4950))
    _justifier(premiere)
    services.note_frais_soumettre(note_id=premiere.pk, par=chaine.user("membre"), today=JOUR)
    note = _deposer(chaine, _km(100))
    # (5 050 × 0,374 + 1 457) − 4 950 × 0,665 = 3 345,70 − 3 291,75
    assert note.montant_rembourse == Decimal("53.95")


def test_un_brouillon_ne_compte_pas_dans_la_distance_de_l_annee(chaine):
    _deposer(chaine, _km(4950))  # a draft: not counted
    assert _deposer(chaine, _km(100)).montant_rembourse == Decimal("66.50")


def test_hors_du_departement_80_km_aller_retour_depuis_le_siege(chaine):
    medecin = chaine.membre.medecin
    factories.LieuExerciceFactory(medecin=medecin, principal=True, adresse="3 cours Victor Hugo", code_postal="33000")
    note = _deposer(chaine, _km(120))
    ligne = note.lignes.get()
    assert note.hors_departement and "Siège du conseil" in note.adresse_depart
    assert (ligne.km, ligne.km_retenus) == (120, 80)
    assert note.montant_demande == Decimal("79.80")  # 120 × 0,665: what he asks
    assert note.montant_rembourse == Decimal("53.20")  # 80 × 0,665: what is paid
    assert _deposer(chaine, _km(80)).montant_rembourse == Decimal("53.20")


def test_dans_le_departement_la_distance_declaree_n_est_pas_plafonnee(chaine):
    note = _deposer(chaine, _km(120))
    assert not note.hors_departement and "24000 Périgueux" in note.adresse_depart
    assert note.montant_rembourse == Decimal("79.80")


def test_le_retraite_part_de_son_adresse_de_correspondance_l_actif_de_son_adresse_professionnelle(chaine):
    medecin = chaine.membre.medecin
    medecin.adresse_correspondance, medecin.code_postal_correspondance = "2 allée des Pins", "33120"
    medecin.ville_correspondance = "Arcachon"
    medecin.save()
    assert not _deposer(chaine, _km(120)).hors_departement  # active: the professional address, in Dordogne
    medecin.exercice = "retraite_sans_activite"
    medecin.save()
    note = _deposer(chaine, _km(120))
    assert note.hors_departement and "Arcachon" in note.adresse_depart
    assert note.montant_rembourse == Decimal("53.20")


def test_le_lieu_d_exercice_principal_passe_avant_l_adresse_de_la_fiche(chaine):
    factories.LieuExerciceFactory(
        medecin=chaine.membre.medecin, principal=True, adresse="Clinique", code_postal="24100", ville="Bergerac"
    )
    assert "Bergerac" in _deposer(chaine, _km(50)).adresse_depart


def test_une_ligne_kilometrique_demande_la_puissance_fiscale(chaine):
    with pytest.raises(ValidationError) as err:
        _deposer(chaine, _km(50), cv=None)
    assert "vehicule_cv" in err.value.message_dict
    _rien_d_ecrit()


def test_un_montant_kilometrique_demande_au_dela_du_bareme_est_paye_au_bareme(chaine):
    note = _deposer(chaine, _km(100, montant=Decimal("80.00")))
    assert (note.montant_demande, note.montant_rembourse) == (Decimal("80.00"), Decimal("66.50"))
    note = _deposer(chaine, _km(100, montant=Decimal("50.00")))
    assert note.montant_rembourse == Decimal("50.00")


# --- the caps: refused above, with the cap in the message -------------------------------------------------------


@pytest.mark.parametrize(
    ("type", "au_plafond", "au_dessus", "plafond"),
    [
        ("hotel", "200.00", "200.01", "200,00\u00a0€"),
        ("repas", "35.00", "35.01", "35,00\u00a0€"),
        ("petit_dejeuner", "15.00", "15.01", "15,00\u00a0€"),
    ],
)
def test_les_plafonds_de_l_annee_des_deux_cotes(chaine, type, au_plafond, au_dessus, plafond):
    assert _deposer(chaine, _ligne(type, au_plafond)).montant_rembourse == Decimal(au_plafond)
    NoteFrais.objects.all().delete()
    with pytest.raises(ValidationError) as err:
        _deposer(chaine, _ligne(type, au_dessus))
    assert plafond in err.value.messages[0] and "Ligne 1" in err.value.messages[0]
    _rien_d_ecrit()


def test_un_hotel_a_250_euros_est_refuse_avec_le_plafond_et_rien_n_est_ecrit(chaine):
    with pytest.raises(ValidationError) as err:
        _deposer(chaine, _ligne("repas", "30.00"), _ligne("hotel", "250.00"))
    message = err.value.message_dict["lignes"][0]
    assert (
        message.startswith("Ligne 2 :")
        and "plafond de 200,00\u00a0€" in message
        and "petit déjeuner compris" in message
    )
    _rien_d_ecrit()


def test_les_plafonds_sont_des_parametres_de_l_annee(chaine):
    services.parametre_enregistrer(
        modele=ParametresFrais,
        cle={"annee": 2027},
        donnees={"plafond_hotel": Decimal("220.00")},
        champs=("plafond_hotel",),
        acte="tresorerie.parametres_enregistrer",
        par=chaine.user("tresorier"),
        today=JOUR,
    )
    assert _deposer(chaine, _ligne("hotel", "210.00")).montant_rembourse == Decimal("210.00")


def test_sans_plafonds_saisis_pour_l_annee_la_note_est_refusee(chaine):
    ParametresFrais.objects.filter(annee=2027).delete()
    with pytest.raises(ValidationError) as err:
        _deposer(chaine, _ligne("repas", "20.00"))
    assert "pas encore saisis" in str(err.value)
    _rien_d_ecrit()


# --- breakfast and hotel night -----------------------------------------------------------------------------------


def test_un_petit_dejeuner_apres_une_nuit_d_hotel_est_refuse(chaine):
    veille = SEANCE - datetime.timedelta(days=1)
    with pytest.raises(ValidationError) as err:
        _deposer(chaine, _ligne("hotel", "120.00", veille), _ligne("petit_dejeuner", "12.00"))
    assert "suit une nuit d'hôtel" in err.value.message_dict["lignes"][0]
    _rien_d_ecrit()


def test_un_petit_dejeuner_sans_nuit_d_hotel_la_veille_est_rembourse(chaine):
    # The hotel night of the 10th precedes the breakfast of the 11th, not the one of the 10th.
    note = _deposer(chaine, _ligne("petit_dejeuner", "12.00"), _ligne("hotel", "120.00"))
    assert note.montant_rembourse == Decimal("132.00")


def test_la_nuit_d_hotel_d_une_autre_note_compte_aussi(chaine):
    _deposer(chaine, _ligne("hotel", "120.00", SEANCE - datetime.timedelta(days=1)))
    with pytest.raises(ValidationError):
        _deposer(chaine, _ligne("petit_dejeuner", "12.00"))
    assert NoteFrais.objects.count() == 1


# --- bad input ----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("montant", ["-35.00", "0.00", "12.345"])
def test_un_montant_negatif_nul_ou_au_dela_du_centime_est_refuse(chaine, montant):
    with pytest.raises(ValidationError) as err:
        _deposer(chaine, _ligne("repas", montant))
    assert err.value.message_dict["lignes"][0].startswith("Ligne 1 :")
    _rien_d_ecrit()


def test_un_montant_en_flottant_est_refuse(chaine):
    with pytest.raises(ValidationError):
        _deposer(chaine, LigneSaisie(type="repas", date=SEANCE, montant=35.5))
    _rien_d_ecrit()


def test_une_date_a_venir_ou_hors_du_mandat_est_refusee(chaine):
    with pytest.raises(ValidationError):
        _deposer(chaine, _ligne("repas", "20.00", JOUR + datetime.timedelta(days=1)))
    with pytest.raises(ValidationError) as err:
        _deposer(chaine, _ligne("repas", "20.00", datetime.date(2025, 5, 31)))  # mandate from 1 June 2025
    assert "n'était pas membre du conseil" in err.value.message_dict["lignes"][0]
    _rien_d_ecrit()


def test_une_note_porte_sur_une_seule_annee(chaine):
    with pytest.raises(ValidationError):
        _deposer(chaine, _ligne("repas", "20.00", datetime.date(2026, 12, 31)), _ligne("repas", "20.00"))
    _rien_d_ecrit()


def test_un_justificatif_qui_n_est_pas_ce_que_dit_son_nom_est_refuse(chaine):
    note = _deposer(chaine, _ligne("repas", "20.00"))
    faux = factories.fichier_pdf("recu.pdf", contenu=b"MZ\x90\x00\x03" + b"\x00" * 100)
    with pytest.raises(ValidationError) as err:
        services.justificatif_deposer(
            note_id=note.pk, ligne_id=note.lignes.get().pk, fichier=faux, par=chaine.user("membre"), today=JOUR
        )
    assert "d'après son contenu" in err.value.message_dict["fichier"][0]
    assert not JustificatifFrais.objects.exists()


def test_un_justificatif_trop_lourd_est_refuse_et_aucun_fichier_ne_reste(chaine, settings):
    settings.FICHIERS_TAILLE_MAX = 1024
    note = _deposer(chaine, _ligne("repas", "20.00"))
    lourd = factories.fichier_pdf("recu.pdf", contenu=factories.PDF_MINIMAL + b"0" * 2000)
    with pytest.raises(ValidationError) as err:
        services.justificatif_deposer(
            note_id=note.pk, ligne_id=note.lignes.get().pk, fichier=lourd, par=chaine.user("membre"), today=JOUR
        )
    assert "la limite est de 1 ko" in err.value.message_dict["fichier"][0]
    assert not JustificatifFrais.objects.exists()
    assert not default_storage.exists("tresorerie/frais") or not default_storage.listdir("tresorerie/frais")[1]


def test_un_justificatif_sur_la_ligne_d_une_autre_note_est_refuse(chaine):
    note = _deposer(chaine, _ligne("repas", "20.00"))
    autre = _deposer(chaine, _ligne("repas", "25.00"))
    with pytest.raises(ValidationError) as err:
        services.justificatif_deposer(
            note_id=note.pk,
            ligne_id=autre.lignes.get().pk,
            fichier=factories.fichier_pdf("recu.pdf"),
            par=chaine.user("membre"),
            today=JOUR,
        )
    assert "ligne" in err.value.message_dict
    assert not JustificatifFrais.objects.exists()


# --- who files -----------------------------------------------------------------------------------------------------


def test_un_medecin_depose_toujours_sur_son_propre_mandat(chaine):
    note = _deposer(chaine, _ligne("repas", "20.00"), membre=chaine.liquidateur, par=chaine.user("membre"))
    assert note.membre == chaine.membre


def test_un_medecin_sans_mandat_ne_depose_pas(chaine):
    medecin = factories.MedecinFactory(avec_compte=True)
    with pytest.raises(PermissionDenied):
        _deposer(chaine, _ligne("repas", "20.00"), par=medecin.user)
    _rien_d_ecrit()


def test_la_comptabilite_depose_pour_un_membre_un_autre_service_non(chaine):
    compta = factories.StaffFactory(groupe="comptabilite")
    note = _deposer(chaine, _ligne("repas", "20.00"), membre=chaine.liquidateur, par=compta)
    assert note.membre == chaine.liquidateur and note.cree_par == compta
    with pytest.raises(PermissionDenied):
        _deposer(chaine, _ligne("repas", "20.00"), par=factories.StaffFactory(groupe="tableau"))
    assert NoteFrais.objects.count() == 1


# --- submission, check, chain ------------------------------------------------------------------------------------


def test_une_ligne_sans_justificatif_empeche_la_soumission(chaine):
    note = _deposer(chaine, _ligne("repas", "20.00"), _km(40))
    services.justificatif_deposer(
        note_id=note.pk,
        ligne_id=note.lignes.get(type="repas").pk,
        fichier=factories.fichier_pdf("ticket.pdf"),
        par=chaine.user("membre"),
        today=JOUR,
    )
    with pytest.raises(ValidationError) as err:
        services.note_frais_soumettre(note_id=note.pk, par=chaine.user("membre"), today=JOUR)
    message = err.value.message_dict["justificatifs"][0]
    assert "Ligne 2" in message and "convocation" in message
    note.refresh_from_db()
    assert note.statut == StatutNote.BROUILLON and note.soumise_le is None


def test_de_la_note_au_paiement_par_la_chaine(chaine, budget):
    note = _deposer(chaine, _ligne("hotel", "180.00", SEANCE - datetime.timedelta(days=1)), _ligne("repas", "30.00"))
    _justifier(note)
    services.note_frais_soumettre(note_id=note.pk, par=chaine.user("membre"), today=JOUR)
    with pytest.raises(PermissionDenied):
        services.note_frais_verifier(note_id=note.pk, par=chaine.user("tresorier"), today=JOUR)
    services.note_frais_verifier(note_id=note.pk, par=chaine.user("liquidateur"), today=JOUR)
    with pytest.raises(PermissionDenied):
        services.note_frais_engager(note_id=note.pk, par=chaine.user("liquidateur"), today=JOUR)
    note = services.note_frais_engager(note_id=note.pk, par=chaine.user("ordonnateur"), today=JOUR)
    engagement = note.engagement
    assert note.statut == StatutNote.ENGAGEE
    assert engagement.ligne.compte.numero == "6251" and engagement.ligne.budget.annee == 2027
    assert engagement.montant == Decimal("210.00") and chaine.membre.medecin.nom.upper() in engagement.tiers
    assert PieceJustificative.objects.filter(engagement=engagement).count() == 2
    services.note_frais_liquider(note_id=note.pk, par=chaine.user("liquidateur"), today=JOUR)
    services.note_frais_ordonnancer(note_id=note.pk, par=chaine.user("ordonnateur"), today=JOUR)
    note = services.note_frais_payer(note_id=note.pk, mode="virement", date=JOUR, par=chaine.user("tresorier"))
    engagement.refresh_from_db()
    assert note.statut == StatutNote.PAYEE and engagement.statut == "paye"
    assert engagement.montant_liquide == Decimal("210.00")


def test_une_etape_faite_sur_l_engagement_lui_meme_fait_suivre_la_note(chaine, budget):
    note = _deposer(chaine, _ligne("repas", "30.00"))
    _justifier(note)
    services.note_frais_soumettre(note_id=note.pk, par=chaine.user("membre"), today=JOUR)
    services.note_frais_verifier(note_id=note.pk, par=chaine.user("liquidateur"), today=JOUR)
    note = services.note_frais_engager(note_id=note.pk, par=chaine.user("ordonnateur"), today=JOUR)
    services.engagement_liquider(
        engagement_id=note.engagement_id, montant=Decimal("30.00"), par=chaine.user("liquidateur"), today=JOUR
    )
    note = services.note_frais_ordonnancer(note_id=note.pk, par=chaine.user("ordonnateur"), today=JOUR)
    assert note.statut == StatutNote.ORDONNANCEE


def test_le_liquidateur_renvoie_la_note_a_corriger_puis_le_membre_la_soumet_a_nouveau(chaine):
    note = _deposer(chaine, _ligne("repas", "30.00"))
    _justifier(note)
    services.note_frais_soumettre(note_id=note.pk, par=chaine.user("membre"), today=JOUR)
    with pytest.raises(ValidationError):
        services.note_frais_renvoyer(note_id=note.pk, motif=" ", par=chaine.user("liquidateur"), today=JOUR)
    services.note_frais_renvoyer(
        note_id=note.pk, motif="Le ticket est illisible.", par=chaine.user("liquidateur"), today=JOUR
    )
    ligne = services.ligne_frais_ajouter(
        note_id=note.pk, ligne=_ligne("repas", "25.00"), par=chaine.user("membre"), today=JOUR
    )
    services.ligne_frais_retirer(
        ligne_id=note.lignes.exclude(pk=ligne.pk).get().pk, par=chaine.user("membre"), today=JOUR
    )
    _justifier(note)
    note = services.note_frais_soumettre(note_id=note.pk, par=chaine.user("membre"), today=JOUR)
    assert note.statut == StatutNote.SOUMISE and note.montant_rembourse == Decimal("25.00")


def test_une_note_soumise_ne_se_modifie_plus(chaine):
    note = _deposer(chaine, _ligne("repas", "30.00"))
    _justifier(note)
    services.note_frais_soumettre(note_id=note.pk, par=chaine.user("membre"), today=JOUR)
    with pytest.raises(ValidationError):
        services.ligne_frais_ajouter(
            note_id=note.pk, ligne=_ligne("repas", "5.00"), par=chaine.user("membre"), today=JOUR
        )
    assert LigneFrais.objects.count() == 1


def test_le_liquidateur_ne_verifie_pas_sa_propre_note(chaine):
    note = _deposer(chaine, _ligne("repas", "30.00"), membre=chaine.liquidateur)
    _justifier(note)
    services.note_frais_soumettre(note_id=note.pk, par=chaine.user("liquidateur"), today=JOUR)
    with pytest.raises(ValidationError) as err:
        services.note_frais_verifier(note_id=note.pk, par=chaine.user("liquidateur"), today=JOUR)
    assert "votre propre note" in str(err.value)
    note.refresh_from_db()
    assert note.statut == StatutNote.SOUMISE


def test_un_autre_membre_ne_touche_pas_a_la_note(chaine):
    note = _deposer(chaine, _ligne("repas", "30.00"))
    with pytest.raises(PermissionDenied):
        services.justificatif_deposer(
            note_id=note.pk,
            ligne_id=note.lignes.get().pk,
            fichier=factories.fichier_pdf("recu.pdf"),
            par=chaine.user("tresorier"),
            today=JOUR,
        )
    with pytest.raises(PermissionDenied):
        services.note_frais_soumettre(note_id=note.pk, par=chaine.user("tresorier"), today=JOUR)


def test_sans_ligne_6251_au_budget_l_engagement_est_refuse(chaine):
    factories.BudgetFactory(annee=2027)
    note = _deposer(chaine, _ligne("repas", "30.00"))
    _justifier(note)
    services.note_frais_soumettre(note_id=note.pk, par=chaine.user("membre"), today=JOUR)
    services.note_frais_verifier(note_id=note.pk, par=chaine.user("liquidateur"), today=JOUR)
    with pytest.raises(ValidationError) as err:
        services.note_frais_engager(note_id=note.pk, par=chaine.user("ordonnateur"), today=JOUR)
    assert "6251" in str(err.value)
    assert not Engagement.objects.exists()


def test_le_train_est_rembourse_au_prix_du_billet_en_premiere_classe(chaine):
    """Train: reimbursed on the SNCF 1st class fare (seed 002 annexe III 2.1.2.1): the ticket's price is paid as it
    is, with no euro cap (a 1st class return Périgueux–Paris at 156.80 €); the liquidateur checks the class on it."""
    note = _deposer(chaine, _ligne("train", "156.80"), _ligne("repas", "35.00"))
    train = note.lignes.get(type="train")
    assert train.montant_rembourse == train.montant == Decimal("156.80")
    assert note.montant_demande == note.montant_rembourse == Decimal("191.80")
