import pytest
from django.core.exceptions import ValidationError

from gouvernance import selectors, services
from gouvernance.models import Emargement
from tests import factories

from .conftest import JOUR_SEANCE, emarger


def test_quorum_dordogne_neuf_titulaires_sur_seize(conseil, seance):
    emarger(seance, conseil.titulaires[:8])
    assert selectors.seance_quorum(seance=seance) == {"atteint": False, "presents": 8, "requis": 9}
    emarger(seance, conseil.titulaires[8:9])
    assert selectors.seance_quorum(seance=seance) == {"atteint": True, "presents": 9, "requis": 9}


def test_quorum_compte_les_titulaires_dont_le_mandat_couvre_la_date(conseil, seance):
    # Two titulars whose mandate ended before the session: 14 titulars → 8 required.
    for m in conseil.titulaires[14:]:
        services.membre_terminer(membre=m, date_fin=JOUR_SEANCE.replace(day=1), par=factories.systeme())
    assert selectors.seance_quorum(seance=seance)["requis"] == 8


def test_suppleant_remplacant_un_titulaire_empeche_compte_dans_le_quorum(conseil, seance):
    emarger(seance, conseil.titulaires[:8])
    services.emargement_enregistrer(
        seance=seance, membre=conseil.suppleants[0], remplace=conseil.titulaires[15], par=factories.systeme()
    )
    assert selectors.seance_quorum(seance=seance)["atteint"] is True


def test_suppleant_qui_ne_remplace_personne_assiste_sans_voix_ni_quorum(conseil, seance):
    emarger(seance, conseil.titulaires[:8])
    services.emargement_enregistrer(seance=seance, membre=conseil.suppleants[0], par=factories.systeme())
    assert Emargement.objects.filter(seance=seance).count() == 9
    assert selectors.seance_quorum(seance=seance) == {"atteint": False, "presents": 8, "requis": 9}


def test_un_suppleant_ne_remplace_pas_un_titulaire_present(conseil, seance):
    emarger(seance, conseil.titulaires[:1])
    with pytest.raises(ValidationError) as err:
        services.emargement_enregistrer(
            seance=seance, membre=conseil.suppleants[0], remplace=conseil.titulaires[0], par=factories.systeme()
        )
    assert "remplace" in err.value.message_dict
    assert not Emargement.objects.filter(membre=conseil.suppleants[0]).exists()


def test_un_titulaire_n_est_remplace_qu_une_fois(conseil, seance):
    services.emargement_enregistrer(
        seance=seance, membre=conseil.suppleants[0], remplace=conseil.titulaires[5], par=factories.systeme()
    )
    with pytest.raises(ValidationError) as err:
        services.emargement_enregistrer(
            seance=seance, membre=conseil.suppleants[1], remplace=conseil.titulaires[5], par=factories.systeme()
        )
    assert "déjà remplacé" in err.value.message_dict["remplace"][0]


def test_un_titulaire_remplace_ne_peut_plus_emarger(conseil, seance):
    services.emargement_enregistrer(
        seance=seance, membre=conseil.suppleants[0], remplace=conseil.titulaires[5], par=factories.systeme()
    )
    with pytest.raises(ValidationError):
        services.emargement_enregistrer(seance=seance, membre=conseil.titulaires[5], par=factories.systeme())


def test_un_titulaire_ne_remplace_personne(conseil, seance):
    with pytest.raises(ValidationError) as err:
        services.emargement_enregistrer(
            seance=seance, membre=conseil.titulaires[0], remplace=conseil.titulaires[1], par=factories.systeme()
        )
    assert "remplace" in err.value.message_dict


def test_un_suppleant_ne_remplace_qu_un_titulaire(conseil, seance):
    with pytest.raises(ValidationError):
        services.emargement_enregistrer(
            seance=seance, membre=conseil.suppleants[0], remplace=conseil.suppleants[1], par=factories.systeme()
        )


def test_emargement_double_refuse(conseil, seance):
    emarger(seance, conseil.titulaires[:1])
    with pytest.raises(ValidationError):
        emarger(seance, conseil.titulaires[:1])


def test_emargement_refuse_hors_mandat(conseil, seance):
    ancien = factories.MembreFactory(date_debut=JOUR_SEANCE.replace(year=2019), date_fin=JOUR_SEANCE.replace(year=2022))
    with pytest.raises(ValidationError) as err:
        services.emargement_enregistrer(seance=seance, membre=ancien, par=factories.systeme())
    assert "membre" in err.value.message_dict


def test_suppleants_designes_a_tour_de_role(conseil, seance):
    # With no past replacement, the first in electoral rank is proposed.
    premier = selectors.suppleant_suivant(seance=seance)
    assert premier == conseil.suppleants[0]
    # He replaced someone at an earlier session: the next one is proposed now.
    avant = factories.SeanceFactory(date=JOUR_SEANCE.replace(month=2))
    services.emargement_enregistrer(
        seance=avant, membre=premier, remplace=conseil.titulaires[3], par=factories.systeme()
    )
    assert selectors.suppleant_suivant(seance=seance) != premier
    # Once everyone has had a turn, the one who replaced longest ago comes back first.
    suivant = selectors.suppleant_suivant(seance=seance)
    services.emargement_enregistrer(
        seance=seance, membre=suivant, remplace=conseil.titulaires[3], par=factories.systeme()
    )
    assert selectors.suppleant_suivant(seance=seance) not in (premier, suivant)


def test_suppleant_suivant_ignore_ceux_deja_presents(conseil, seance):
    services.emargement_enregistrer(seance=seance, membre=conseil.suppleants[0], par=factories.systeme())
    assert selectors.suppleant_suivant(seance=seance) == conseil.suppleants[8]  # rank 1 of the other half


def test_doyen_d_age_preside_l_election_et_s_efface_s_il_est_candidat(conseil, seance):
    emarger(seance, conseil.titulaires[:9])
    assert selectors.doyen_d_age(seance=seance) == conseil.titulaires[0]
    assert selectors.doyen_d_age(seance=seance, exclure=[conseil.titulaires[0]]) == conseil.titulaires[1]


def test_doyen_d_age_parmi_les_presents(conseil, seance):
    emarger(seance, conseil.titulaires[3:12])
    assert selectors.doyen_d_age(seance=seance) == conseil.titulaires[3]
