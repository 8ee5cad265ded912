import datetime

import pytest
from django.core.exceptions import ValidationError

from config import perms
from gouvernance import selectors, services
from gouvernance.models import Fonction, Membre
from tests import factories

from .conftest import DEBUT, JOUR_SEANCE


def _attribuer(membre, fonction, date=DEBUT, **kw):
    return services.fonction_attribuer(membre=membre, fonction=fonction, date_debut=date, par=factories.systeme(), **kw)


def test_bureau_au_plus_deux_cinquiemes_des_titulaires_six_sur_seize(conseil):
    # président, SG, trésorier already: 3 more fit (6 = floor(2/5 × 16)), the 7th is refused.
    assert selectors.plafond_bureau(date=DEBUT) == 6
    _attribuer(conseil.titulaires[3], "vice_president")
    _attribuer(conseil.titulaires[4], "vice_president")
    _attribuer(conseil.titulaires[5], "tresorier_adjoint")
    with pytest.raises(ValidationError) as err:
        _attribuer(conseil.titulaires[6], "secretaire_general_adjoint")
    message = err.value.message_dict["fonction"][0]
    assert "7 membres" in message and "16 membres titulaires" in message and "soit 6" in message
    assert not Fonction.objects.filter(membre=conseil.titulaires[6]).exists()


def test_plafond_du_bureau_suit_les_titulaires_en_fonction_a_la_date(conseil):
    # Mandates of 4 titulars end: 12 titulars on 2026-01-01 → at most 4 (4.8 rounded down).
    for m in conseil.titulaires[12:]:
        services.membre_terminer(membre=m, date_fin=datetime.date(2025, 12, 31), par=factories.systeme())
    jour = datetime.date(2026, 1, 1)
    assert selectors.plafond_bureau(date=jour) == 4
    _attribuer(conseil.titulaires[3], "vice_president", date=jour)
    with pytest.raises(ValidationError):
        _attribuer(conseil.titulaires[4], "vice_president", date=jour)


def test_liquidateur_et_suppleants_hors_bureau_ne_comptent_pas_dans_le_plafond(conseil):
    for i, f in ((3, "vice_president"), (4, "vice_president"), (5, "tresorier_adjoint")):
        _attribuer(conseil.titulaires[i], f)
    _attribuer(conseil.titulaires[6], "liquidateur")
    _attribuer(conseil.titulaires[7], "ordonnateur_suppleant")
    _attribuer(conseil.suppleants[0], "liquidateur_suppleant")
    assert len(selectors.bureau(date=DEBUT)) == 6


def test_incompatibilite_ordonnateur_liquidateur_tresorier(conseil):
    with pytest.raises(ValidationError) as err:
        _attribuer(conseil.sg, "liquidateur")
    assert "Incompatibilité" in err.value.message_dict["fonction"][0]
    with pytest.raises(ValidationError):
        _attribuer(conseil.tresorier, "liquidateur")
    with pytest.raises(ValidationError):
        _attribuer(conseil.tresorier, "ordonnateur_suppleant")
    liquidateur = _attribuer(conseil.titulaires[6], "liquidateur")
    assert liquidateur.pk


def test_un_membre_du_bureau_n_y_occupe_qu_un_poste(conseil):
    with pytest.raises(ValidationError):
        _attribuer(conseil.president, "vice_president")


def test_poste_unique_deja_occupe_refuse(conseil):
    with pytest.raises(ValidationError) as err:
        _attribuer(conseil.titulaires[5], "president")
    assert "clôturez" in err.value.message_dict["fonction"][0]


def test_poste_du_bureau_reserve_aux_titulaires(conseil):
    with pytest.raises(ValidationError) as err:
        _attribuer(conseil.suppleants[0], "vice_president")
    assert "titulaires" in err.value.message_dict["membre"][0]


def test_liquidateur_membre_titulaire(conseil):
    with pytest.raises(ValidationError):
        _attribuer(conseil.suppleants[0], "liquidateur")


def test_fonction_exige_un_mandat_en_cours(conseil):
    ancien = factories.MembreFactory(date_debut=datetime.date(2019, 6, 1), date_fin=datetime.date(2022, 5, 31))
    with pytest.raises(ValidationError) as err:
        _attribuer(ancien, "liquidateur", date=DEBUT)
    assert "membre" in err.value.message_dict


def test_la_fonction_finit_avec_le_mandat(conseil):
    membre = factories.MembreFactory(date_debut=DEBUT, date_fin=datetime.date(2028, 5, 31))
    fonction = _attribuer(membre, "liquidateur")
    assert fonction.date_fin == datetime.date(2028, 5, 31)


def test_vice_presidents_dans_leur_ordre_de_suppleance(conseil):
    _attribuer(conseil.titulaires[4], "vice_president", ordre=2)
    _attribuer(conseil.titulaires[3], "vice_president", ordre=1)
    assert selectors.membres_avec_fonction(fonction="vice_president", date=JOUR_SEANCE) == [
        conseil.titulaires[3],
        conseil.titulaires[4],
    ]
    assert selectors.fonction_titulaire(fonction="vice_president", date=JOUR_SEANCE) == conseil.titulaires[3]
    with pytest.raises(ValidationError):
        _attribuer(conseil.titulaires[5], "vice_president", ordre=1)


def test_qui_exerce_la_fonction_a_la_date(conseil):
    nouveau = conseil.titulaires[7]
    services.fonction_cloturer(
        fonction=conseil.fonctions["president"], date_fin=datetime.date(2026, 6, 30), par=factories.systeme()
    )
    _attribuer(nouveau, "president", date=datetime.date(2026, 7, 1))
    assert selectors.fonction_titulaire(fonction="president", date=datetime.date(2026, 6, 30)) == conseil.president
    assert selectors.fonction_titulaire(fonction="president", date=datetime.date(2026, 7, 1)) == nouveau
    assert selectors.fonction_titulaire(fonction="president", date=datetime.date(2025, 1, 1)) is None
    assert selectors.fonctions_de(medecin=conseil.sg.medecin, date=JOUR_SEANCE) == {"secretaire_general"}
    assert selectors.fonctions_de(user=conseil.sg.medecin.user, date=JOUR_SEANCE) == {"secretaire_general"}


def test_peut_agir_selon_la_fonction_detenue_a_la_date(conseil):
    user = conseil.sg.medecin.user
    assert perms.exerce(user, "secretaire_general", JOUR_SEANCE)
    assert not perms.exerce(user, "tresorier", JOUR_SEANCE)
    assert not perms.exerce(user, "secretaire_general", datetime.date(2025, 5, 31))  # before his function


def test_delegation_de_signature_permet_d_agir_pour_la_fonction(conseil):
    delegataire = conseil.titulaires[3]
    services.delegation_accorder(
        delegant=conseil.fonctions["secretaire_general"],
        delegataire=delegataire,
        type="signature",
        objet="Signature des bons d'engagement en cas d'absence de l'ordonnateur",
        date_debut=DEBUT,
        par=factories.systeme(),
    )
    user = delegataire.medecin.user
    assert not perms.exerce(user, "secretaire_general", JOUR_SEANCE)
    assert perms.exerce(user, "secretaire_general", JOUR_SEANCE, delegation=True)


def test_delegation_finit_avec_la_fonction_du_delegant(conseil):
    services.fonction_cloturer(
        fonction=conseil.fonctions["president"], date_fin=datetime.date(2026, 6, 30), par=factories.systeme()
    )
    delegation = services.delegation_accorder(
        delegant=conseil.fonctions["president"],
        delegataire=conseil.titulaires[3],
        type="attribution",
        objet="Secteur de la permanence des soins",
        date_debut=DEBUT,
        par=factories.systeme(),
    )
    assert delegation.date_fin == datetime.date(2026, 6, 30)


def test_interim_apres_trois_mois_d_indisponibilite(conseil):
    services.indisponibilite_enregistrer(
        membre=conseil.tresorier, date_debut=datetime.date(2026, 1, 5), par=factories.systeme()
    )
    interimaire = conseil.titulaires[9]
    with pytest.raises(ValidationError) as err:
        _attribuer(interimaire, "tresorier", date=datetime.date(2026, 4, 4), interim=True)
    assert "trois mois" in err.value.message_dict["interim"][0]
    _attribuer(interimaire, "tresorier", date=datetime.date(2026, 4, 5), interim=True)
    jour = datetime.date(2026, 5, 1)
    assert selectors.fonction_titulaire(fonction="tresorier", date=jour) == interimaire
    assert "tresorier" not in selectors.fonctions_de(medecin=conseil.tresorier.medecin, date=jour)
    assert selectors.fonctions_de(medecin=interimaire.medecin, date=jour) == {"tresorier"}
    assert selectors.indemnite_de_fonction_suspendue(membre=conseil.tresorier, date=jour)
    assert not selectors.indemnite_de_fonction_suspendue(membre=conseil.tresorier, date=datetime.date(2026, 3, 1))


def test_fin_d_indisponibilite_met_fin_a_l_interim(conseil):
    indispo = services.indisponibilite_enregistrer(
        membre=conseil.tresorier, date_debut=datetime.date(2026, 1, 5), par=factories.systeme()
    )
    interim = _attribuer(conseil.titulaires[9], "tresorier", date=datetime.date(2026, 4, 10), interim=True)
    services.indisponibilite_clore(indisponibilite=indispo, date_fin=datetime.date(2026, 6, 1), par=factories.systeme())
    interim.refresh_from_db()
    assert interim.date_fin == datetime.date(2026, 6, 1)
    assert selectors.fonction_titulaire(fonction="tresorier", date=datetime.date(2026, 6, 2)) == conseil.tresorier


def test_interim_ne_compte_pas_dans_le_plafond_du_bureau(conseil):
    for i, f in ((3, "vice_president"), (4, "vice_president"), (5, "tresorier_adjoint")):
        _attribuer(conseil.titulaires[i], f)
    services.indisponibilite_enregistrer(
        membre=conseil.sg, date_debut=datetime.date(2026, 1, 5), par=factories.systeme()
    )
    _attribuer(conseil.titulaires[10], "secretaire_general", date=datetime.date(2026, 4, 10), interim=True)


def test_remplacement_definitif_par_le_suppleant_du_meme_sexe_et_de_la_meme_moitie(conseil):
    partant = conseil.titulaires[5]  # a man of the first half
    date = datetime.date(2026, 2, 1)
    nouveau = services.membre_remplacer_definitivement(titulaire=partant, date=date, par=factories.systeme())
    # substitutes of the first half are 0-7; the men are the odd ones, rank 2 (index 1) comes first.
    assert nouveau.medecin == conseil.suppleants[1].medecin
    assert nouveau.qualite == "titulaire" and nouveau.moitie == 1 and nouveau.date_debut == date
    partant.refresh_from_db()
    assert partant.date_fin == date - datetime.timedelta(days=1)
    assert selectors.nombre_titulaires(date=date) == 16
    assert Membre.objects.get(pk=conseil.suppleants[1].pk).date_fin == date - datetime.timedelta(days=1)


def test_mandat_qui_chevauche_un_autre_refuse(conseil):
    with pytest.raises(ValidationError):
        services.membre_creer(
            medecin=conseil.president.medecin, qualite="titulaire", date_debut=JOUR_SEANCE, par=factories.systeme()
        )


def test_seul_un_medecin_inscrit_siege(db):
    radie = factories.MedecinFactory(statut="radie")
    with pytest.raises(ValidationError) as err:
        services.membre_creer(medecin=radie, qualite="titulaire", date_debut=DEBUT, par=factories.systeme())
    assert "medecin" in err.value.message_dict


def test_plafond_du_bureau_verifie_aussi_aux_jours_ou_d_autres_fonctions_commencent(conseil):
    # The bureau holds 3 posts (président, SG, trésorier); three vice-presidents are recorded from 1 April 2026.
    avril = datetime.date(2026, 4, 1)
    for i in (3, 4, 5):
        _attribuer(conseil.titulaires[i], "vice_president", date=avril)
    assert len(selectors.bureau(date=avril)) == 6
    # A trésorier adjoint recorded afterwards from 1 January: 4 posts in January, but 7 from April.
    with pytest.raises(ValidationError) as err:
        _attribuer(conseil.titulaires[6], "tresorier_adjoint", date=datetime.date(2026, 1, 1))
    assert "compterait 7 membres le 01/04/2026" in err.value.message_dict["fonction"][0]
    # Until the end of March, it fits.
    fin_mars = datetime.date(2026, 3, 31)
    ligne = services.fonction_attribuer(
        membre=conseil.titulaires[6],
        fonction="tresorier_adjoint",
        date_debut=datetime.date(2026, 1, 1),
        date_fin=fin_mars,
        par=factories.systeme(),
    )
    assert ligne.date_fin == fin_mars


def test_le_vice_president_supplee_le_president_empeche_dans_l_ordre_de_suppleance(conseil):
    vp1 = _attribuer(conseil.titulaires[3], "vice_president", ordre=1).membre
    vp2 = _attribuer(conseil.titulaires[4], "vice_president", ordre=2).membre
    avant, pendant = datetime.date(2026, 1, 31), datetime.date(2026, 2, 15)
    services.indisponibilite_enregistrer(
        membre=conseil.president,
        date_debut=datetime.date(2026, 2, 1),
        date_fin=datetime.date(2026, 2, 28),
        par=factories.systeme(),
    )
    assert "president" not in selectors.fonctions_de(medecin=vp1.medecin, date=avant)
    assert selectors.fonctions_de(medecin=vp1.medecin, date=pendant) == {"vice_president", "president"}
    assert "president" not in selectors.fonctions_de(medecin=vp2.medecin, date=pendant)
    assert perms.exerce(vp1.medecin.user, "president", pendant) and not perms.exerce(
        vp1.medecin.user, "president", avant
    )
    assert perms.peut(vp1.medecin.user, "gouvernance.seance_ajouter_point", date=pendant)
    # The holder does not change; who acts does.
    assert selectors.fonction_titulaire(fonction="president", date=pendant) == conseil.president
    assert selectors.fonction_exercee_par(fonction="president", date=pendant) == vp1
    assert selectors.fonction_exercee_par(fonction="president", date=avant) == conseil.president
    # The first vice-president prevented too: the second stands in.
    services.indisponibilite_enregistrer(membre=vp1, date_debut=datetime.date(2026, 2, 10), par=factories.systeme())
    assert selectors.fonction_exercee_par(fonction="president", date=pendant) == vp2
    assert "president" in selectors.fonctions_de(medecin=vp2.medecin, date=pendant)


def test_le_vice_president_designe_remplace_aussitot_un_president_dont_la_fonction_a_cesse(conseil):
    vp1 = _attribuer(conseil.titulaires[3], "vice_president", ordre=1).membre
    services.fonction_cloturer(
        fonction=conseil.fonctions["president"], date_fin=datetime.date(2026, 3, 1), par=factories.systeme()
    )
    apres = datetime.date(2026, 3, 2)
    assert selectors.fonction_titulaire(fonction="president", date=apres) is None
    assert selectors.fonction_exercee_par(fonction="president", date=apres) == vp1
    assert perms.exerce(vp1.medecin.user, "president", apres)


def test_le_tresorier_adjoint_remplace_le_tresorier_empeche(conseil):
    adjoint = _attribuer(conseil.titulaires[5], "tresorier_adjoint").membre
    services.indisponibilite_enregistrer(
        membre=conseil.tresorier, date_debut=datetime.date(2026, 2, 1), par=factories.systeme()
    )
    assert selectors.fonction_exercee_par(fonction="tresorier", date=datetime.date(2026, 1, 15)) == conseil.tresorier
    assert selectors.fonction_exercee_par(fonction="tresorier", date=datetime.date(2026, 2, 15)) == adjoint
    assert selectors.fonctions_de(medecin=adjoint.medecin, date=datetime.date(2026, 2, 15)) == {
        "tresorier_adjoint",
        "tresorier",
    }
    # Once an interim trésorier is elected after three months, the interim acts, not the adjoint.
    interim = _attribuer(conseil.titulaires[9], "tresorier", date=datetime.date(2026, 5, 2), interim=True).membre
    assert selectors.fonction_exercee_par(fonction="tresorier", date=datetime.date(2026, 5, 15)) == interim
    assert "tresorier" not in selectors.fonctions_de(medecin=adjoint.medecin, date=datetime.date(2026, 5, 15))


def test_la_liste_des_indisponibilites_dit_l_indemnite_suspendue_comme_le_selecteur(conseil):
    aujourd_hui = datetime.date(2026, 6, 1)
    longue = services.indisponibilite_enregistrer(
        membre=conseil.tresorier, date_debut=datetime.date(2026, 1, 15), par=factories.systeme()
    )
    courte = services.indisponibilite_enregistrer(
        membre=conseil.sg, date_debut=datetime.date(2026, 4, 1), par=factories.systeme()
    )
    lignes = {i.pk: i.indemnite_suspendue for i in selectors.indisponibilites_liste(date=aujourd_hui)}
    assert lignes == {longue.pk: True, courte.pk: False}
    for i in (longue, courte):
        assert lignes[i.pk] == selectors.indemnite_de_fonction_suspendue(membre=i.membre, date=aujourd_hui)
