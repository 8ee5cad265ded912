import datetime

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone

from gouvernance import selectors, services
from gouvernance.models import DemandeInscriptionPoint, Seance
from tests import factories
from tests.requetes import budget

from .conftest import JOUR_SEANCE, emarger


def convoquer(seance, jours_avant):
    return services.seance_convoquer(
        seance=seance, today=seance.date - datetime.timedelta(days=jours_avant), par=factories.systeme()
    )


def test_convocation_huit_jours_avant_une_pleniere(conseil, seance, django_capture_on_commit_callbacks):
    with pytest.raises(ValidationError) as err:
        convoquer(seance, 7)
    assert "8 jours" in err.value.message_dict["date"][0]
    seance.refresh_from_db()
    assert seance.statut == "prevue"
    with django_capture_on_commit_callbacks(execute=True):
        envoyes = convoquer(seance, 8)
    seance.refresh_from_db()
    # The date is the day the e-mails really left (set by the sending task), not the day the service was told.
    assert seance.statut == "convoquee" and seance.convocation_envoyee_le == timezone.localdate()
    # titulars and substitutes in office are all convened (seed 002 L.I T.II 1.3.2)
    assert envoyes == 32 and len(mail.outbox) == 32
    assert "Inscriptions au tableau" in mail.outbox[0].body


def test_convocation_trois_jours_en_urgence_pour_une_deliberation_a_distance(conseil):
    distance = factories.SeanceFactory(date=JOUR_SEANCE, mode="distance", urgence=True)
    convoquer(distance, 3)
    presentiel = factories.SeanceFactory(date=JOUR_SEANCE, mode="presentiel", urgence=True)
    with pytest.raises(ValidationError) as err:
        convoquer(presentiel, 3)
    assert "délibération à distance" in err.value.message_dict["date"][0]


def test_bureau_convoque_sans_delai_ses_seuls_membres(conseil, django_capture_on_commit_callbacks):
    bureau = factories.SeanceFactory(date=JOUR_SEANCE, type="bureau")
    with django_capture_on_commit_callbacks(execute=True):
        assert convoquer(bureau, 0) == 3
    assert len(mail.outbox) == 3


def test_convocation_d_un_ordre_du_jour_vide_refusee(conseil):
    vide = factories.SeanceFactory(date=JOUR_SEANCE, ordre_du_jour=[])
    with pytest.raises(ValidationError) as err:
        convoquer(vide, 10)
    assert "ordre_du_jour" in err.value.message_dict


def test_convocation_deux_fois_refusee(conseil, seance):
    convoquer(seance, 10)
    with pytest.raises(ValidationError):
        convoquer(seance, 9)


def test_seance_passee_enregistrable_sans_delai(conseil):
    passee = services.seance_creer(date=datetime.date(2025, 10, 9), ordre_du_jour=["Budget"], par=factories.systeme())
    assert passee.pk and passee.statut == "prevue"


def test_ajout_d_un_point_par_le_president_en_debut_de_seance(conseil, seance):
    convoquer(seance, 10)
    with pytest.raises(ValidationError) as err:
        services.seance_ajouter_point(seance=seance, libelle="Question diverse", par=factories.systeme())
    assert "début de séance" in err.value.message_dict["libelle"][0]
    emarger(seance, conseil.titulaires[:9])
    services.seance_ouvrir(seance=seance, par=factories.systeme())
    seance = services.seance_ajouter_point(seance=seance, libelle="Question diverse", par=factories.systeme())
    assert seance.ordre_du_jour[-1] == "Question diverse"


def test_pas_d_ajout_de_point_apres_la_premiere_deliberation(conseil, seance):
    emarger(seance, conseil.titulaires[:9])
    services.seance_ouvrir(seance=seance, par=factories.systeme())
    services.deliberation_enregistrer(
        seance=seance,
        objet="Budget",
        motivation="Vu le projet présenté par le trésorier et le secrétaire général, conforme au règlement de trésorerie.",
        pour=9,
        contre=0,
        par=factories.systeme(),
    )
    with pytest.raises(ValidationError):
        services.seance_ajouter_point(seance=seance, libelle="Question diverse", par=factories.systeme())


def _demande(seance, signataires, heures_avant):
    debut = timezone.make_aware(datetime.datetime.combine(seance.date, seance.heure or datetime.time(0, 0)))
    return services.demande_inscription_enregistrer(
        seance=seance,
        libelle="Organisation de la permanence des soins",
        signataires=signataires,
        recue_le=debut - datetime.timedelta(hours=heures_avant),
        par=factories.systeme(),
    )


def test_question_inscrite_de_droit_a_la_demande_des_deux_cinquiemes_48_heures_avant(conseil):
    seance = factories.SeanceFactory(date=JOUR_SEANCE, heure=datetime.time(20, 30))
    convoquer(seance, 10)
    # 2/5 of 16 titulars = 6.4 → 7 signatures at least
    demande = _demande(seance, conseil.titulaires[:7], 48)
    assert demande.inscrite_de_droit
    seance.refresh_from_db()
    assert seance.ordre_du_jour[-1] == "Organisation de la permanence des soins"


def test_question_pas_de_droit_avec_six_signataires(conseil, seance):
    demande = _demande(seance, conseil.titulaires[:6], 72)
    assert not demande.inscrite_de_droit and "7 requis" in demande.motif
    seance.refresh_from_db()
    assert "Organisation de la permanence des soins" not in seance.ordre_du_jour


def test_question_pas_de_droit_recue_moins_de_48_heures_avant(conseil, seance):
    demande = _demande(seance, conseil.titulaires[:8], 47)
    assert not demande.inscrite_de_droit and "48 heures" in demande.motif
    assert DemandeInscriptionPoint.objects.count() == 1


def test_seance_extraordinaire_sans_quorum_dans_les_quinze_jours(conseil, seance):
    emarger(seance, conseil.titulaires[:5])
    with pytest.raises(ValidationError) as err:
        services.seance_creer(
            date=JOUR_SEANCE + datetime.timedelta(days=16),
            type="extraordinaire",
            suite_a=seance,
            par=factories.systeme(),
        )
    assert "quinze jours" in err.value.message_dict["suite_a"][0]
    with pytest.raises(ValidationError):
        services.seance_creer(
            date=JOUR_SEANCE + datetime.timedelta(days=10), type="pleniere", suite_a=seance, par=factories.systeme()
        )
    assert Seance.objects.count() == 1


def test_pas_de_seance_sans_quorum_quand_le_quorum_etait_atteint(conseil, seance_avec_quorum):
    with pytest.raises(ValidationError) as err:
        services.seance_creer(
            date=JOUR_SEANCE + datetime.timedelta(days=10),
            type="extraordinaire",
            suite_a=seance_avec_quorum,
            par=factories.systeme(),
        )
    assert "était atteint" in err.value.message_dict["suite_a"][0]


def test_ouverture_constate_le_quorum_et_le_president_preside(conseil, seance):
    emarger(seance, conseil.titulaires[:9])
    seance = services.seance_ouvrir(seance=seance, par=factories.systeme())
    assert seance.quorum_ouverture is True and seance.president_seance == conseil.president


def test_vice_president_preside_en_l_absence_du_president(conseil, seance):
    services.fonction_attribuer(
        membre=conseil.titulaires[3],
        fonction="vice_president",
        ordre=1,
        date_debut=JOUR_SEANCE,
        par=factories.systeme(),
    )
    emarger(seance, conseil.titulaires[1:10])
    assert services.seance_ouvrir(seance=seance, par=factories.systeme()).president_seance == conseil.titulaires[3]


def test_seance_close_n_accepte_plus_d_emargement(conseil, seance):
    services.seance_ouvrir(seance=seance, par=factories.systeme())
    services.seance_clore(seance=seance, par=factories.systeme())
    with pytest.raises(ValidationError):
        emarger(seance, conseil.titulaires[:1])


def test_adoption_du_proces_verbal_a_la_seance_suivante(conseil, seance):
    suivante = factories.SeanceFactory(date=JOUR_SEANCE + datetime.timedelta(days=28))
    services.seance_adopter_proces_verbal(
        seance=seance, en_seance=suivante, observations="Coquille p. 2", par=factories.systeme()
    )
    seance.refresh_from_db()
    assert seance.pv_adopte_en == suivante
    with pytest.raises(ValidationError):
        services.seance_adopter_proces_verbal(seance=suivante, en_seance=seance, par=factories.systeme())


def test_membres_absents_trois_seances_consecutives_sans_motif_signales(conseil):
    seances = [factories.SeanceFactory(date=datetime.date(2026, m, 12)) for m in (1, 2, 3)]
    absent, excuse, remplace = conseil.titulaires[15], conseil.titulaires[14], conseil.titulaires[13]
    for i, s in enumerate(seances):
        emarger(s, conseil.titulaires[:13])
        services.absence_enregistrer(seance=s, membre=excuse, excusee=i != 1, motif="Garde", par=factories.systeme())
        services.emargement_enregistrer(
            seance=s, membre=conseil.suppleants[i], remplace=remplace, par=factories.systeme()
        )
    signales = selectors.membres_a_signaler(date=datetime.date(2026, 3, 31))
    # Absent without reason three times; the one excused once is not; being replaced is not sitting.
    assert absent in signales and remplace in signales and excuse not in signales
    assert conseil.titulaires[0] not in signales
    # Two sessions only before that date: nobody yet.
    assert selectors.membres_a_signaler(date=datetime.date(2026, 2, 28)) == []


def test_une_seance_prevue_mais_jamais_tenue_ne_compte_pas_comme_une_absence(conseil):
    tenues = [factories.SeanceFactory(date=datetime.date(2026, m, 12)) for m in (1, 2)]
    for s in tenues:
        emarger(s, conseil.titulaires[:13])
    # March: planned, postponed, never held (no register, never opened).
    factories.SeanceFactory(date=datetime.date(2026, 3, 12))
    assert selectors.membres_a_signaler(date=datetime.date(2026, 3, 31)) == []
    avril = factories.SeanceFactory(date=datetime.date(2026, 4, 9))
    emarger(avril, conseil.titulaires[:13])
    assert set(selectors.membres_a_signaler(date=datetime.date(2026, 4, 30))) == set(conseil.titulaires[13:])


def test_membres_a_signaler_nombre_de_requetes_borne(conseil, django_assert_max_num_queries):
    for m in (1, 2, 3, 4, 5, 6):
        emarger(factories.SeanceFactory(date=datetime.date(2026, m, 12)), conseil.titulaires[:9])
    with django_assert_max_num_queries(budget("selecteur:membres_a_signaler", app="gouvernance")):
        assert len(selectors.membres_a_signaler(date=datetime.date(2026, 7, 1))) == 7
