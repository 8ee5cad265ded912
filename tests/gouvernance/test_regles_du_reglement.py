"""Rules of seed 002 (règlement intérieur, Livre I) beyond the plain vote: binômes of a woman and a man, the
extraordinary session at the request of one third of the titulars, the session electing the bureau (21 days,
titulars only, post by post in the order of T.II 2.2), withdrawals for a conflict of interest, honorary titles,
the quorum checked on request once members have left."""

import datetime

import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from gouvernance import selectors, services
from gouvernance.models import Deliberation, DemandeSeanceExtraordinaire, Election, Emargement, Membre, Seance
from tests import factories

from .conftest import DEBUT, JOUR_SEANCE, emarger

MOTIVATION = (
    "Vu le dossier transmis par le service du tableau le 2 mars 2026 et l'avis de la commission, le conseil "
    "constate que les conditions posées par le règlement intérieur sont remplies."
)


def deliberer(seance, **kw):
    donnees = {"objet": "Décision", "motivation": MOTIVATION, "pour": 9, "contre": 0, "par": factories.systeme()}
    donnees.update(kw)
    return services.deliberation_enregistrer(seance=seance, **donnees)


# --- binômes ------------------------------------------------------------------------------------------------------


def test_un_binome_reunit_une_femme_et_un_homme(db):
    femme = factories.MedecinFactory(sexe="F")
    autre_femme = factories.MedecinFactory(sexe="F")
    homme = factories.MedecinFactory(sexe="M")
    services.membre_creer(
        medecin=femme, qualite="titulaire", binome=3, moitie=1, date_debut=DEBUT, par=factories.systeme()
    )
    with pytest.raises(ValidationError) as err:
        services.membre_creer(
            medecin=autre_femme, qualite="titulaire", binome=3, moitie=1, date_debut=DEBUT, par=factories.systeme()
        )
    assert "une femme et un homme" in err.value.message_dict["binome"][0]
    assert Membre.objects.count() == 1
    services.membre_creer(
        medecin=homme, qualite="titulaire", binome=3, moitie=1, date_debut=DEBUT, par=factories.systeme()
    )
    troisieme = factories.MedecinFactory(sexe="M")
    with pytest.raises(ValidationError) as err:
        services.membre_creer(
            medecin=troisieme, qualite="titulaire", binome=3, moitie=1, date_debut=DEBUT, par=factories.systeme()
        )
    assert "déjà deux membres titulaires" in err.value.message_dict["binome"][0]
    # The substitutes' binôme 3 is another binôme.
    services.membre_creer(
        medecin=autre_femme, qualite="suppleant", binome=3, moitie=1, rang=5, date_debut=DEBUT, par=factories.systeme()
    )
    assert Membre.objects.count() == 3


# --- extraordinary session at the request of one third of the titulars (L.I T.II 4.1.2) ---------------------------


def _demande(conseil, n, recue_le=JOUR_SEANCE):
    return services.demande_seance_extraordinaire_enregistrer(
        objet="Budget rectificatif", recue_le=recue_le, signataires=conseil.titulaires[:n], par=factories.systeme()
    )


def test_demande_de_seance_extraordinaire_recevable_avec_le_tiers_des_titulaires(conseil):
    # 16 titulars: one third is 5.33, so 6 signatures at least.
    cinq = _demande(conseil, 5)
    assert not cinq.recevable and "6 requis" in cinq.motif
    six = _demande(conseil, 6)
    assert six.recevable and six.motif == ""
    # Substitutes' signatures do not count towards the third of the titulars.
    mixte = services.demande_seance_extraordinaire_enregistrer(
        objet="Budget",
        recue_le=JOUR_SEANCE,
        signataires=conseil.titulaires[:5] + conseil.suppleants[:3],
        par=factories.systeme(),
    )
    assert not mixte.recevable


def test_seance_extraordinaire_demandee_se_tient_dans_les_quinze_jours(conseil):
    demande = _demande(conseil, 6)
    with pytest.raises(ValidationError) as err:
        services.seance_creer(
            date=JOUR_SEANCE + datetime.timedelta(days=16),
            type="extraordinaire",
            demande_extraordinaire=demande,
            ordre_du_jour=["Budget rectificatif"],
            par=factories.systeme(),
        )
    assert "quinze jours" in err.value.message_dict["date"][0]
    assert not Seance.objects.exists()
    seance = services.seance_creer(
        date=JOUR_SEANCE + datetime.timedelta(days=15),
        type="extraordinaire",
        demande_extraordinaire=demande,
        ordre_du_jour=["Budget rectificatif"],
        par=factories.systeme(),
    )
    assert seance.demande_extraordinaire == demande
    # One session per request.
    with pytest.raises(ValidationError) as err:
        services.seance_creer(
            date=JOUR_SEANCE + datetime.timedelta(days=14),
            type="extraordinaire",
            demande_extraordinaire=demande,
            par=factories.systeme(),
        )
    assert "déjà réunie" in err.value.message_dict["demande_extraordinaire"][0]


def test_demande_irrecevable_ou_seance_non_extraordinaire_refusees(conseil):
    irrecevable = _demande(conseil, 4)
    with pytest.raises(ValidationError) as err:
        services.seance_creer(
            date=JOUR_SEANCE + datetime.timedelta(days=5),
            type="extraordinaire",
            demande_extraordinaire=irrecevable,
            par=factories.systeme(),
        )
    assert "n'est pas recevable" in err.value.message_dict["demande_extraordinaire"][0]
    with pytest.raises(ValidationError) as err:
        services.seance_creer(
            date=JOUR_SEANCE + datetime.timedelta(days=5),
            type="pleniere",
            demande_extraordinaire=_demande(conseil, 6),
            par=factories.systeme(),
        )
    assert "séance extraordinaire" in err.value.message_dict["demande_extraordinaire"][0]
    assert not Seance.objects.exists()


def test_demande_signee_par_un_non_membre_ou_sans_objet_refusee(conseil):
    ancien = factories.MembreFactory(
        medecin=factories.MedecinFactory(sexe="F"),
        qualite="titulaire",
        binome=None,
        date_debut=datetime.date(2019, 6, 1),
        date_fin=datetime.date(2022, 5, 31),
    )
    with pytest.raises(ValidationError) as err:
        services.demande_seance_extraordinaire_enregistrer(
            objet="Budget", recue_le=JOUR_SEANCE, signataires=[*conseil.titulaires[:6], ancien], par=factories.systeme()
        )
    assert "n'est pas membre du conseil" in err.value.message_dict["signataires"][0]
    with pytest.raises(ValidationError) as err:
        services.demande_seance_extraordinaire_enregistrer(
            objet="  ", recue_le=JOUR_SEANCE, signataires=conseil.titulaires[:6], par=factories.systeme()
        )
    assert "objet" in err.value.message_dict
    assert not DemandeSeanceExtraordinaire.objects.exists()


# --- the session electing the bureau (L.I 3.1, T.II 2.2 and 3.2) --------------------------------------------------

RESULTATS = datetime.date(2026, 6, 20)


def _seance_election(jours_apres=21, **kw):
    return services.seance_creer(
        date=RESULTATS + datetime.timedelta(days=jours_apres),
        ordre_du_jour=["Élection du président et du bureau"],
        election_bureau=True,
        resultats_proclames_le=RESULTATS,
        par=factories.systeme(),
        **kw,
    )


def test_election_du_bureau_au_plus_tard_vingt_et_un_jours_apres_les_resultats(conseil):
    with pytest.raises(ValidationError) as err:
        _seance_election(22)
    assert "vingt et un jours" in err.value.message_dict["date"][0]
    with pytest.raises(ValidationError) as err:
        _seance_election(10, type="bureau")
    assert "séance plénière" in err.value.message_dict["election_bureau"][0]
    assert not Seance.objects.exists()
    assert _seance_election(21).election_bureau


def test_seuls_les_titulaires_sont_convoques_a_l_election_du_bureau(conseil, django_capture_on_commit_callbacks):
    seance = _seance_election(21)
    with django_capture_on_commit_callbacks(execute=True):
        envoyes = services.seance_convoquer(
            seance=seance, today=seance.date - datetime.timedelta(days=8), par=factories.systeme()
        )
    assert envoyes == 16 and len(mail.outbox) == 16
    titulaires = {m.medecin.email for m in conseil.titulaires}
    assert {m.to[0] for m in mail.outbox} == titulaires


@pytest.fixture
def election_bureau(conseil):
    seance = _seance_election(21)
    emarger(seance, conseil.titulaires[:12])
    return seance


def _elire(seance, poste, candidat, **kw):
    e = services.election_creer(seance=seance, poste=poste, candidats=[candidat], par=factories.systeme(), **kw)
    services.tour_enregistrer(election=e, voix={str(candidat.pk): 12}, par=factories.systeme())
    return e


def test_le_president_est_elu_avant_les_autres_postes(conseil, election_bureau):
    with pytest.raises(ValidationError) as err:
        services.election_creer(
            seance=election_bureau, poste="tresorier", candidats=[conseil.titulaires[5]], par=factories.systeme()
        )
    assert "élisez le président" in err.value.message_dict["poste"][0]
    assert not Election.objects.exists()
    _elire(election_bureau, "president", conseil.titulaires[4])
    # Then the secrétaire général, before the trésorier (T.II 2.2).
    with pytest.raises(ValidationError) as err:
        services.election_creer(
            seance=election_bureau, poste="tresorier", candidats=[conseil.titulaires[5]], par=factories.systeme()
        )
    assert "secrétaire général" in err.value.message_dict["poste"][0]
    _elire(election_bureau, "secretaire_general", conseil.titulaires[6])
    _elire(election_bureau, "tresorier", conseil.titulaires[7])
    _elire(election_bureau, "vice_president", conseil.titulaires[8], ordre=1)
    assert Election.objects.filter(seance=election_bureau, elu__isnull=False).count() == 4


def test_les_postes_sont_elus_un_par_un(conseil, election_bureau):
    e = services.election_creer(
        seance=election_bureau, poste="president", candidats=conseil.titulaires[4:7], par=factories.systeme()
    )
    # Round 1 without an absolute majority: the election of the président is not over.
    services.tour_enregistrer(
        election=e,
        voix={str(conseil.titulaires[4].pk): 5, str(conseil.titulaires[5].pk): 4, str(conseil.titulaires[6].pk): 3},
        par=factories.systeme(),
    )
    with pytest.raises(ValidationError) as err:
        services.election_creer(
            seance=election_bureau,
            poste="secretaire_general",
            candidats=[conseil.titulaires[8]],
            par=factories.systeme(),
        )
    assert "n'est pas achevée" in err.value.message_dict["poste"][0]
    services.tour_enregistrer(
        election=e, voix={str(conseil.titulaires[4].pk): 7, str(conseil.titulaires[5].pk): 5}, par=factories.systeme()
    )
    assert services.election_creer(
        seance=election_bureau, poste="secretaire_general", candidats=[conseil.titulaires[8]], par=factories.systeme()
    ).pk


# --- conflicts of interest and individual decisions (L.I 1.1.1.2, 4.5) --------------------------------------------


def test_le_medecin_concerne_present_doit_sortir_de_la_salle(conseil, seance_avec_quorum):
    concerne = conseil.titulaires[3]
    with pytest.raises(ValidationError) as err:
        deliberer(seance_avec_quorum, pour=8, medecin_concerne=concerne.medecin)
    assert "doit sortir de la salle" in err.value.message_dict["medecin_concerne"][0]
    assert not Deliberation.objects.exists()
    d = deliberer(seance_avec_quorum, pour=8, medecin_concerne=concerne.medecin, sortis_conflit_interets=[concerne])
    # He is among the non-participants, the PV says he left for a conflict of interest, the decision is individual.
    assert list(d.sortis_conflit_interets.all()) == [concerne]
    assert concerne in d.non_participants.all() and d.individuelle


def test_un_membre_sorti_pour_conflit_d_interets_ne_vote_pas(conseil, seance_avec_quorum):
    sorti = conseil.titulaires[2]
    # 9 present, 1 out: 9 votes are more than the 8 who may still vote.
    with pytest.raises(ValidationError):
        deliberer(seance_avec_quorum, pour=9, sortis_conflit_interets=[sorti])
    with pytest.raises(ValidationError) as err:
        deliberer(seance_avec_quorum, pour=1, sortis_conflit_interets=[sorti], votants=[sorti])
    assert "votants" in err.value.message_dict
    assert not Deliberation.objects.exists()
    assert deliberer(seance_avec_quorum, pour=8, sortis_conflit_interets=[sorti]).adoptee


def test_seul_un_membre_present_peut_sortir_pour_conflit_d_interets(conseil, seance_avec_quorum):
    with pytest.raises(ValidationError) as err:
        deliberer(seance_avec_quorum, pour=8, sortis_conflit_interets=[conseil.titulaires[12]])
    assert "n'est pas présent" in err.value.message_dict["sortis_conflit_interets"][0]


# --- honorary titles (L.I 1.2) ------------------------------------------------------------------------------------


@pytest.fixture
def ancien_president(conseil):
    """A titular who was président during his previous mandate (2019-2025)."""
    ancien = conseil.titulaires[10]
    mandat_precedent = factories.MembreFactory(
        medecin=ancien.medecin, date_debut=datetime.date(2019, 6, 1), date_fin=datetime.date(2025, 5, 31)
    )
    factories.FonctionFactory(
        membre=mandat_precedent,
        fonction="president",
        date_debut=datetime.date(2022, 6, 1),
        date_fin=datetime.date(2025, 5, 31),
    )
    return ancien


def test_president_d_honneur_a_un_ancien_president_seulement(conseil, seance, ancien_president):
    emarger(seance, conseil.titulaires[:10])
    jamais = conseil.titulaires[5]
    with pytest.raises(ValidationError) as err:
        deliberer(
            seance,
            titre_honorifique="president_honneur",
            medecin_concerne=jamais.medecin,
            pour=9,
            sortis_conflit_interets=[jamais],
        )
    assert "ancien président" in err.value.message_dict["medecin_concerne"][0]
    d = deliberer(seance, titre_honorifique="president_honneur", medecin_concerne=ancien_president.medecin, pour=9)
    # At the absolute majority of the members (9 of 16), chosen by default for an honorary title.
    assert d.majorite == "membres" and d.adoptee


def test_titre_honorifique_en_l_absence_de_l_interesse(conseil, seance, ancien_president):
    emarger(seance, conseil.titulaires[:11])
    with pytest.raises(ValidationError) as err:
        deliberer(seance, titre_honorifique="president_honneur", medecin_concerne=ancien_president.medecin, pour=10)
    assert "en l'absence de l'intéressé" in err.value.message_dict["medecin_concerne"][0]
    d = deliberer(
        seance,
        titre_honorifique="president_honneur",
        medecin_concerne=ancien_president.medecin,
        sortis_conflit_interets=[ancien_president],
        pour=9,
        contre=1,
    )
    assert d.adoptee


def test_titre_honorifique_a_la_majorite_des_membres_pas_des_suffrages(conseil, seance, ancien_president):
    emarger(seance, conseil.titulaires[:10])
    with pytest.raises(ValidationError) as err:
        deliberer(
            seance,
            titre_honorifique="honorariat",
            medecin_concerne=ancien_president.medecin,
            majorite="suffrages_exprimes",
            pour=9,
        )
    assert "majorité absolue des membres" in err.value.message_dict["majorite"][0]
    # 8 for, 0 against: a majority of votes cast but not 9 of the 16 members.
    assert not deliberer(
        seance, titre_honorifique="honorariat", medecin_concerne=ancien_president.medecin, pour=8, abstention=2
    ).adoptee


# --- the quorum on request, after departures (L.I 4.2) ------------------------------------------------------------


def test_quorum_verifie_a_la_demande_apres_des_departs(conseil, seance):
    for m in conseil.titulaires[:10]:
        services.emargement_enregistrer(
            seance=seance, membre=m, heure_arrivee=datetime.time(20, 30), par=factories.systeme()
        )
    services.seance_ouvrir(seance=seance, par=factories.systeme())
    seance.refresh_from_db()
    assert (seance.presents_ouverture, seance.requis_ouverture, seance.quorum_ouverture) == (10, 9, True)
    depart = Emargement.objects.get(seance=seance, membre=conseil.titulaires[9])
    services.emargement_depart(emargement=depart, heure=datetime.time(22, 0), par=factories.systeme())
    assert selectors.seance_quorum(seance=seance) == {"atteint": True, "presents": 9, "requis": 9}
    services.emargement_depart(
        emargement=Emargement.objects.get(seance=seance, membre=conseil.titulaires[8]),
        heure=datetime.time(22, 15),
        par=factories.systeme(),
    )
    assert selectors.seance_quorum(seance=seance) == {"atteint": False, "presents": 8, "requis": 9}
    # A vote recorded afterwards at 21:45 counts those who were there at 21:45; one at 22:30 lacks the quorum.
    assert deliberer(seance, heure=datetime.time(21, 45), pour=10).adoptee
    with pytest.raises(ValidationError):
        deliberer(seance, heure=datetime.time(22, 30), pour=8)
    assert Deliberation.objects.count() == 1


def test_un_depart_ne_precede_pas_l_arrivee(conseil, seance):
    e = services.emargement_enregistrer(
        seance=seance, membre=conseil.titulaires[0], heure_arrivee=datetime.time(20, 30), par=factories.systeme()
    )
    with pytest.raises(ValidationError) as err:
        services.emargement_depart(emargement=e, heure=datetime.time(20, 0), par=factories.systeme())
    assert "précéder l'arrivée" in err.value.message_dict["heure_depart"][0]
    e.refresh_from_db()
    assert e.heure_depart is None


def test_le_quorum_s_apprecie_a_l_ouverture_les_retardataires_ne_le_retablissent_pas(conseil, seance):
    emarger(seance, conseil.titulaires[:8])
    services.seance_ouvrir(seance=seance, par=factories.systeme())
    seance.refresh_from_db()
    assert (seance.quorum_ouverture, seance.presents_ouverture, seance.requis_ouverture) == (False, 8, 9)
    # Two latecomers sign: 10 present now, but the quorum failed at the opening.
    emarger(seance, conseil.titulaires[8:10])
    assert selectors.seance_quorum(seance=seance)["atteint"]
    with pytest.raises(ValidationError) as err:
        deliberer(seance, pour=10)
    assert (
        "ouverte sans quorum (8 membres ayant voix délibérative présents, 9 requis)"
        in (err.value.message_dict["quorum"][0])
    )
    election = services.election_creer(
        seance=seance, poste="vice_president", candidats=[conseil.titulaires[5]], par=factories.systeme()
    )
    with pytest.raises(ValidationError) as err:
        services.tour_enregistrer(election=election, voix={str(conseil.titulaires[5].pk): 10}, par=factories.systeme())
    assert "ouverte sans quorum" in err.value.message_dict["quorum"][0]
    assert not Deliberation.objects.exists() and not election.tours.exists()
    # The extraordinary session within fifteen days deliberates without quorum.
    extraordinaire = services.seance_creer(
        date=JOUR_SEANCE + datetime.timedelta(days=14), type="extraordinaire", suite_a=seance, par=factories.systeme()
    )
    emarger(extraordinaire, conseil.titulaires[:4])
    assert deliberer(extraordinaire, pour=4).adoptee
