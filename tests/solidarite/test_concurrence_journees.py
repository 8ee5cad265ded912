"""The cap of 2 days a calendar month per doctor spans his rows: two requests released at the same instant must
not both take the second day (PostgreSQL; each takes the lock of the doctor's month,
`solidarite.journees.<medecin id>.<YYYY-MM>`, before it counts). The second test removes the lock and shows the
cap then breaks: the lock is what holds it. Overlapping days asked at once: the exclusion constraint refuses one."""

import datetime
import threading

import pytest
from django.core.exceptions import ValidationError

from solidarite import services
from solidarite.models import Journee
from tests import factories
from tests.concurrence import en_meme_temps

AUJOURDHUI = datetime.date(2026, 10, 1)
H = datetime.time
NEUF, DIX_SEPT = H(9), H(17)


def _monde():
    systeme = factories.systeme()
    lieu = factories.LieuSolidariteFactory()
    volontaire = factories.VolontaireFactory(lieux=[lieu], statut="validee")
    services.journee_planifier(
        volontaire=volontaire,
        lieu=lieu,
        date=datetime.date(2026, 10, 3),
        debut=H(9),
        fin=H(17),
        par=systeme,
        today=AUJOURDHUI,
    )
    return systeme, lieu, volontaire


def _demande(volontaire, lieu, systeme, date, debut=NEUF, fin=DIX_SEPT):
    return lambda: services.journee_planifier(
        volontaire=volontaire, lieu=lieu, date=date, debut=debut, fin=fin, par=systeme, today=AUJOURDHUI
    )


@pytest.mark.services
@pytest.mark.django_db(transaction=True)
def test_la_deuxieme_journee_du_mois_ne_va_qu_a_une_des_deux_demandes_simultanees():
    systeme, lieu, volontaire = _monde()
    resultats = en_meme_temps(
        _demande(volontaire, lieu, systeme, datetime.date(2026, 10, 10)),
        _demande(volontaire, lieu, systeme, datetime.date(2026, 10, 17)),
    )
    assert [r.ok for r in resultats].count(True) == 1, resultats
    assert all(isinstance(r.erreur, ValidationError) for r in resultats if not r.ok), resultats
    assert Journee.objects.filter(medecin=volontaire.medecin, date__month=10).count() == 2


@pytest.mark.services
@pytest.mark.django_db(transaction=True)
def test_sans_le_verrou_du_mois_le_plafond_ne_tiendrait_pas(monkeypatch):
    systeme, lieu, volontaire = _monde()
    # The lock replaced by a meeting point: neither counts before both have arrived, so both see one day and both
    # write (a pause instead depended on the threads starting within it).
    barriere = threading.Barrier(2)
    monkeypatch.setattr("solidarite.services.journees.verrouiller", lambda cle: barriere.wait(timeout=30))
    resultats = en_meme_temps(
        _demande(volontaire, lieu, systeme, datetime.date(2026, 10, 10)),
        _demande(volontaire, lieu, systeme, datetime.date(2026, 10, 17)),
    )
    assert all(r.ok for r in resultats), resultats
    assert Journee.objects.filter(medecin=volontaire.medecin, date__month=10).count() == 3


@pytest.mark.services
@pytest.mark.django_db(transaction=True)
def test_deux_journees_qui_se_chevauchent_demandees_ensemble_une_seule_passe(monkeypatch):
    systeme, lieu, volontaire = _monde()
    # Even without the lock (one request in another month's lock, say), the exclusion constraint holds. November: a month
    # with no day yet, so that a request reading after the other committed meets the overlap, not the monthly cap.
    barriere = threading.Barrier(2)
    monkeypatch.setattr("solidarite.services.journees.verrouiller", lambda cle: barriere.wait(timeout=30))
    resultats = en_meme_temps(
        _demande(volontaire, lieu, systeme, datetime.date(2026, 11, 14), H(8), H(12)),
        _demande(volontaire, lieu, systeme, datetime.date(2026, 11, 14), H(11), H(15)),
    )
    assert [r.ok for r in resultats].count(True) == 1, resultats
    erreur = next(r.erreur for r in resultats if not r.ok)
    assert isinstance(erreur, ValidationError) and "chevauche" in " ".join(erreur.messages)


@pytest.mark.services
@pytest.mark.django_db(transaction=True)
def test_deux_flux_lus_au_meme_instant_apres_un_changement_font_grandir_la_sequence_une_fois():
    """RDV Service Public and a doctor's calendar polling at once after the place was renamed: one new version."""
    from solidarite import selectors

    systeme, lieu, _ = _monde()
    services.journees_exporter(selectors.journees_du_lieu(lieu), par=systeme, today=AUJOURDHUI)
    services.lieu_enregistrer(lieu=lieu, donnees={"nom": "Maison de santé renommée"}, par=systeme, today=AUJOURDHUI)
    resultats = en_meme_temps(
        *(
            lambda: services.journees_exporter(selectors.journees_du_lieu(lieu), par=systeme, today=AUJOURDHUI)
            for _ in range(2)
        )
    )
    assert all(r.ok for r in resultats), resultats
    assert [[j.sequence for j in r.valeur[0]] for r in resultats] == [[1], [1]]
    assert list(Journee.objects.values_list("sequence", flat=True)) == [1]


@pytest.mark.services
@pytest.mark.django_db(transaction=True)
def test_deux_exports_au_meme_instant_gardent_une_seule_preuve_par_critere():
    """The checks re-run before each export keep their evidence once a day per volunteer and result, two feeds
    read at once included (each re-reads what is written under the lock before adding)."""
    from solidarite.models import Verification

    systeme, _lieu, volontaire = _monde()
    resultats = en_meme_temps(
        *(lambda: services.controles_export(volontaires=[volontaire], par=systeme, today=AUJOURDHUI) for _ in range(2))
    )
    assert all(r.ok and r.valeur == set() for r in resultats), resultats
    assert Verification.objects.filter(volontaire=volontaire, occasion="export").count() == 3
