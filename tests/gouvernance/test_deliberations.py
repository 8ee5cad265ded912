import datetime

import pytest
from django.core.exceptions import ValidationError

from gouvernance import services
from gouvernance.models import Deliberation
from tests import factories
from tests.requetes import budget

from .conftest import JOUR_SEANCE, emarger

MOTIVATION = (
    "Vu l'article L4123-1 du code de la santé publique et le dossier complet déposé le 2 mars 2026, "
    "le demandeur remplit les conditions de diplôme, de langue et de moralité."
)


def deliberer(seance, **kw):
    donnees = {
        "objet": "Inscription au tableau du Dr Martin",
        "motivation": MOTIVATION,
        "pour": 9,
        "contre": 0,
        "abstention": 0,
        "par": factories.systeme(),
    }
    donnees.update(kw)
    return services.deliberation_enregistrer(seance=seance, **donnees)


def test_deliberation_numerotee_dans_l_annee(seance_avec_quorum):
    d1 = deliberer(seance_avec_quorum)
    d2 = deliberer(seance_avec_quorum)
    assert (d1.numero, d2.numero) == ("2026-001", "2026-002")
    assert Deliberation.objects.count() == 2


def test_numerotation_repart_a_un_chaque_annee(conseil):
    s26 = factories.SeanceFactory(date=datetime.date(2026, 12, 10))
    s27 = factories.SeanceFactory(date=datetime.date(2027, 1, 14))
    emarger(s26, conseil.titulaires[:9])
    emarger(s27, conseil.titulaires[:9])
    deliberer(s26)
    assert deliberer(s27).numero == "2027-001"


def test_deliberation_sans_quorum_refusee_et_rien_n_est_ecrit(conseil, seance):
    emarger(seance, conseil.titulaires[:8])
    with pytest.raises(ValidationError) as err:
        deliberer(seance, pour=8)
    assert "8 membres" in err.value.message_dict["quorum"][0] and "9 requis" in err.value.message_dict["quorum"][0]
    assert not Deliberation.objects.exists()


def test_seance_extraordinaire_suite_a_defaut_de_quorum_delibere_sans_quorum(conseil, seance):
    emarger(seance, conseil.titulaires[:5])
    extra = services.seance_creer(
        date=JOUR_SEANCE + datetime.timedelta(days=15), type="extraordinaire", suite_a=seance, par=factories.systeme()
    )
    emarger(extra, conseil.titulaires[:4])
    d = deliberer(extra, pour=3, contre=1)
    assert d.adoptee


def test_motivation_obligatoire(seance_avec_quorum):
    with pytest.raises(ValidationError) as err:
        deliberer(seance_avec_quorum, motivation="")
    assert "motivation" in err.value.message_dict


@pytest.mark.parametrize(
    "formule",
    [
        "Le conseil, après en avoir délibéré, décide.",
        "Après en avoir délibéré, le conseil décide : avis favorable à l'unanimité.",
        "Vu le dossier. Après délibération. Pour les motifs exposés en séance.",
    ],
)
def test_une_formule_standard_ne_motive_pas(seance_avec_quorum, formule):
    with pytest.raises(ValidationError) as err:
        deliberer(seance_avec_quorum, motivation=formule)
    assert (
        "formule standard" in err.value.message_dict["motivation"][0]
        or "caractères" in err.value.message_dict["motivation"][0]
    )
    assert not Deliberation.objects.exists()


def test_voix_superieures_aux_presents_refusees(seance_avec_quorum):
    with pytest.raises(ValidationError) as err:
        deliberer(seance_avec_quorum, pour=8, contre=2)
    assert "10 voix" in err.value.message_dict["pour"][0] and "9 membres" in err.value.message_dict["pour"][0]
    assert not Deliberation.objects.exists()


def test_les_membres_sortis_pour_conflit_d_interets_ne_comptent_pas(conseil, seance_avec_quorum):
    sortis = conseil.titulaires[:2]
    with pytest.raises(ValidationError):
        deliberer(seance_avec_quorum, pour=8, non_participants=sortis)
    d = deliberer(seance_avec_quorum, pour=7, non_participants=sortis)
    assert set(d.non_participants.all()) == set(sortis)


def test_un_membre_retire_ne_vote_pas(conseil, seance_avec_quorum):
    sorti = conseil.titulaires[0]
    with pytest.raises(ValidationError) as err:
        deliberer(seance_avec_quorum, pour=1, non_participants=[sorti], votants=[sorti])
    assert "retiré" in err.value.message_dict["votants"][0]
    assert not Deliberation.objects.exists()


def test_un_suppleant_qui_ne_remplace_personne_ne_vote_pas(conseil, seance_avec_quorum):
    suppleant = conseil.suppleants[0]
    services.emargement_enregistrer(seance=seance_avec_quorum, membre=suppleant, par=factories.systeme())
    with pytest.raises(ValidationError) as err:
        deliberer(seance_avec_quorum, pour=1, votants=[suppleant])
    assert "sans voix délibérative" in err.value.message_dict["votants"][0]
    # …and he does not add to the members who may vote.
    with pytest.raises(ValidationError):
        deliberer(seance_avec_quorum, pour=10)
    assert not Deliberation.objects.exists()


def test_un_suppleant_qui_remplace_un_titulaire_vote(conseil, seance_avec_quorum):
    suppleant = conseil.suppleants[0]
    services.emargement_enregistrer(
        seance=seance_avec_quorum, membre=suppleant, remplace=conseil.titulaires[15], par=factories.systeme()
    )
    d = deliberer(seance_avec_quorum, pour=10, votants=[*conseil.titulaires[:9], suppleant])
    assert d.adoptee


def test_non_participant_doit_etre_present(conseil, seance_avec_quorum):
    with pytest.raises(ValidationError) as err:
        deliberer(seance_avec_quorum, pour=5, non_participants=[conseil.titulaires[15]])
    assert "non_participants" in err.value.message_dict


def test_adoptee_a_la_majorite_des_suffrages_exprimes_les_abstentions_ne_comptent_pas(seance_avec_quorum):
    assert deliberer(seance_avec_quorum, pour=2, contre=1, abstention=6).adoptee
    assert not deliberer(seance_avec_quorum, pour=1, contre=2, abstention=6).adoptee


def test_partage_egal_voix_preponderante_du_president_obligatoire(seance_avec_quorum):
    with pytest.raises(ValidationError) as err:
        deliberer(seance_avec_quorum, pour=4, contre=4, abstention=1)
    assert "voix_preponderante" in err.value.message_dict
    assert deliberer(seance_avec_quorum, pour=4, contre=4, voix_preponderante="pour").adoptee
    assert not deliberer(seance_avec_quorum, pour=4, contre=4, voix_preponderante="contre").adoptee


def test_majorite_absolue_des_membres_pour_l_honorariat(conseil, seance):
    emarger(seance, conseil.titulaires[:12])
    # 8 pour, 0 contre: majority of votes cast, but not 9 of the 16 titular members.
    d = deliberer(seance, objet="Titre de président d'honneur", pour=8, contre=0, abstention=4, majorite="membres")
    assert not d.adoptee
    assert deliberer(seance, pour=9, contre=3, majorite="membres").adoptee


def test_vote_secret_de_droit_a_la_demande_d_un_membre(conseil, seance_avec_quorum):
    with pytest.raises(ValidationError) as err:
        deliberer(seance_avec_quorum, vote="main_levee", secret_demande_par=conseil.titulaires[4])
    assert "bulletin secret" in err.value.message_dict["vote"][0]
    assert deliberer(seance_avec_quorum, vote="secret", secret_demande_par=conseil.titulaires[4]).vote == "secret"


def test_le_bureau_ne_prend_pas_de_deliberation(conseil):
    bureau = factories.SeanceFactory(date=JOUR_SEANCE, type="bureau")
    emarger(bureau, conseil.titulaires[:3])
    with pytest.raises(ValidationError) as err:
        deliberer(bureau, pour=3)
    assert "seance" in err.value.message_dict


def test_deliberation_sur_une_seance_passee_enregistree_apres_coup(conseil):
    passee = services.seance_creer(date=datetime.date(2025, 9, 11), ordre_du_jour=["Budget"], par=factories.systeme())
    emarger(passee, conseil.titulaires[:10])
    assert deliberer(passee, pour=10).numero == "2025-001"


def test_deliberation_a_distance_exige_la_moitie_des_membres_meme_sans_quorum(conseil, seance):
    emarger(seance, conseil.titulaires[:5])
    extra = services.seance_creer(
        date=JOUR_SEANCE + datetime.timedelta(days=10),
        type="extraordinaire",
        suite_a=seance,
        mode="distance",
        par=factories.systeme(),
    )
    emarger(extra, conseil.titulaires[:7])
    with pytest.raises(ValidationError) as err:
        deliberer(extra, pour=7)
    assert "la moitié" in err.value.message_dict["quorum"][0]
    emarger(extra, conseil.titulaires[7:8])
    assert deliberer(extra, pour=8).adoptee


def test_seance_detail_en_un_nombre_fixe_de_requetes(conseil, seance_avec_quorum, django_assert_max_num_queries):
    from gouvernance import selectors

    for _ in range(3):
        deliberer(seance_avec_quorum, pour=7, non_participants=conseil.titulaires[:2])
    services.election_creer(
        seance=seance_avec_quorum, poste="liquidateur", candidats=conseil.titulaires[6:8], par=factories.systeme()
    )
    with django_assert_max_num_queries(budget("selecteur:seance_detail", app="gouvernance")):
        s = selectors.seance_detail(seance_id=seance_avec_quorum.pk)
        assert len(s.emargements.all()) == 9
        assert all(len(d.non_participants.all()) == 2 for d in s.deliberations.all())
        assert [m.medecin.nom for e in s.elections.all() for m in e.candidats.all()]
