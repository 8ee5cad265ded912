import datetime

import pytest
from django.core.exceptions import ValidationError

from gouvernance import selectors, services
from gouvernance.models import Fonction, TourElection
from tests import factories

from .conftest import JOUR_SEANCE, emarger


@pytest.fixture
def presents(conseil, seance):
    emarger(seance, conseil.titulaires[:12])
    return seance


def election(seance, candidats, poste="president", **kw):
    return services.election_creer(seance=seance, poste=poste, candidats=candidats, par=factories.systeme(), **kw)


def tour(e, voix, blancs_nuls=0):
    return services.tour_enregistrer(
        election=e, voix={str(m.pk): n for m, n in voix.items()}, blancs_nuls=blancs_nuls, par=factories.systeme()
    )


def test_premier_tour_majorite_absolue_des_suffrages_exprimes_blancs_exclus(conseil, presents):
    a, b = conseil.titulaires[5], conseil.titulaires[6]
    e = election(presents, [a, b])
    # 6 votes out of 11 cast: elected, although 6 is not a majority of the 12 ballots (1 blank).
    t = tour(e, {a: 6, b: 5}, blancs_nuls=1)
    assert t.elu == a and t.numero == 1


def test_premier_tour_sans_majorite_absolue_second_tour_requis(conseil, presents):
    a, b, c = conseil.titulaires[5:8]
    e = election(presents, [a, b, c])
    t = tour(e, {a: 5, b: 4, c: 3})
    assert t.elu is None
    e.refresh_from_db()
    assert e.elu is None


def test_second_tour_majorite_relative(conseil, presents):
    a, b, c = conseil.titulaires[5:8]
    e = election(presents, [a, b, c])
    tour(e, {a: 5, b: 4, c: 3})
    t = tour(e, {a: 4, b: 5, c: 3})
    assert t.elu == b


def test_egalite_au_second_tour_le_plus_age_est_elu(conseil, presents):
    plus_jeune, plus_age = conseil.titulaires[7], conseil.titulaires[6]
    assert plus_age.medecin.date_naissance < plus_jeune.medecin.date_naissance
    e = election(presents, [plus_jeune, plus_age])
    tour(e, {plus_jeune: 6, plus_age: 6})
    assert tour(e, {plus_jeune: 6, plus_age: 6}).elu == plus_age


def test_pas_de_troisieme_tour(conseil, presents):
    a, b, c = conseil.titulaires[5:8]
    e = election(presents, [a, b, c])
    tour(e, {a: 5, b: 4, c: 3})
    tour(e, {a: 4, b: 5, c: 3})
    with pytest.raises(ValidationError) as err:
        tour(e, {a: 4, b: 5, c: 3})
    assert "troisième tour" in err.value.message_dict["tour"][0]
    assert TourElection.objects.filter(election=e).count() == 2


def test_plus_de_bulletins_que_de_votants_presents_refuse(conseil, presents):
    a, b = conseil.titulaires[5:7]
    e = election(presents, [a, b])
    with pytest.raises(ValidationError) as err:
        tour(e, {a: 7, b: 5}, blancs_nuls=1)
    assert "13 bulletins" in err.value.message_dict["voix"][0]
    assert not TourElection.objects.exists()


def test_voix_pour_un_non_candidat_refusees(conseil, presents):
    e = election(presents, conseil.titulaires[5:7])
    with pytest.raises(ValidationError):
        tour(e, {conseil.titulaires[8]: 3})


def test_election_sans_quorum_refusee(conseil, seance):
    emarger(seance, conseil.titulaires[:8])
    e = election(seance, conseil.titulaires[5:7])
    with pytest.raises(ValidationError) as err:
        tour(e, {conseil.titulaires[5]: 8})
    assert "quorum" in err.value.message_dict


def test_l_elu_recoit_la_fonction_et_le_predecesseur_la_quitte(conseil, presents):
    nouveau = conseil.titulaires[8]
    e = election(presents, [nouveau])
    tour(e, {nouveau: 10}, blancs_nuls=2)
    assert selectors.fonction_titulaire(fonction="president", date=JOUR_SEANCE) == nouveau
    ancien = Fonction.objects.get(pk=conseil.fonctions["president"].pk)
    assert ancien.date_fin == JOUR_SEANCE - datetime.timedelta(days=1)
    assert Fonction.objects.get(membre=nouveau, fonction="president").election == e


def test_l_elu_quitte_son_autre_poste_du_bureau(conseil, presents):
    # The secrétaire général is elected président: he leaves the SG post, to be filled by the next election.
    e = election(presents, [conseil.sg])
    tour(e, {conseil.sg: 12})
    assert selectors.fonctions_de(medecin=conseil.sg.medecin, date=JOUR_SEANCE) == {"president"}
    assert selectors.fonction_titulaire(fonction="secretaire_general", date=JOUR_SEANCE) is None


def test_election_respecte_le_plafond_du_bureau_et_rien_n_est_ecrit(conseil, presents):
    for i, f in ((3, "vice_president"), (4, "vice_president"), (5, "tresorier_adjoint")):
        services.fonction_attribuer(
            membre=conseil.titulaires[i],
            fonction=f,
            date_debut=conseil.fonctions["president"].date_debut,
            par=factories.systeme(),
        )
    e = election(presents, [conseil.titulaires[9]], poste="secretaire_general_adjoint")
    with pytest.raises(ValidationError) as err:
        tour(e, {conseil.titulaires[9]: 12})
    assert "soit 6" in err.value.message_dict["fonction"][0]
    assert not TourElection.objects.exists()
    e.refresh_from_db()
    assert e.elu is None


def test_election_d_un_vice_president_a_son_rang(conseil, presents):
    e = election(presents, [conseil.titulaires[4]], poste="vice_president", ordre=1)
    tour(e, {conseil.titulaires[4]: 12})
    assert Fonction.objects.get(membre=conseil.titulaires[4]).ordre == 1


def test_president_de_seance_doyen_d_age_sauf_s_il_est_candidat(conseil, presents):
    doyen = conseil.titulaires[0]
    assert election(presents, conseil.titulaires[5:7]).president_de_seance == doyen
    assert election(presents, [doyen, conseil.titulaires[5]]).president_de_seance == conseil.titulaires[1]


def test_candidat_suppleant_refuse_pour_le_bureau(conseil, presents):
    with pytest.raises(ValidationError):
        election(presents, [conseil.suppleants[0]])


def test_election_acquise_plus_de_tour(conseil, presents):
    e = election(presents, conseil.titulaires[5:7])
    tour(e, {conseil.titulaires[5]: 8, conseil.titulaires[6]: 4})
    with pytest.raises(ValidationError):
        tour(e, {conseil.titulaires[5]: 8})


def test_tour_de_scrutin_sans_historique_ni_nom_des_votants():
    # Secret ballot: counts only, and no history table that would keep more (ARCHITECTURE.md).
    assert not hasattr(TourElection, "history")
    noms = {f.name for f in TourElection._meta.get_fields()}
    assert noms == {"id", "election", "numero", "voix", "blancs_nuls", "elu", "saisi_le"}
