"""The log of confidential reads: kept apart, append-only (model, queryset and, on PostgreSQL, a trigger), purged
past the retention the council sets (commun.Parametre, 6 to 12 months, CNIL délibération 2021-122, 12 by default)
by a daily beat task through a service."""

import datetime
from unittest import mock

import pytest
from django.core.exceptions import ValidationError
from django.db import DatabaseError, connection, transaction
from django.utils import timezone

from commun import services
from commun.models import CONSERVATION_JOURNAL, JournalAcces, JournalInalterable, Parametre
from config.celery import app
from tests import factories


def _ligne(user, demande, le: datetime.datetime):
    """A row written long ago (the clock of the test: auto_now_add reads django.utils.timezone.now)."""
    with mock.patch("django.utils.timezone.now", return_value=le):
        return JournalAcces.consigner(utilisateur=user, action="entraide.demande_lire", objet=demande)


@pytest.fixture
def ligne(db, demande, staff_entraide):
    return JournalAcces.consigner(utilisateur=staff_entraide, action="entraide.demande_lire", objet=demande)


@pytest.mark.django_db
def test_une_ligne_du_journal_ne_se_modifie_ni_ne_se_supprime(ligne):
    ligne.action = "autre"
    with pytest.raises(JournalInalterable):
        ligne.save()
    with pytest.raises(JournalInalterable):
        ligne.delete()
    with pytest.raises(JournalInalterable):
        JournalAcces.objects.filter(pk=ligne.pk).update(action="autre")
    with pytest.raises(JournalInalterable):
        JournalAcces.objects.all().delete()
    assert JournalAcces.objects.get().action == "entraide.demande_lire"


@pytest.mark.django_db
def test_sur_postgresql_un_declencheur_refuse_aussi_le_sql_direct(ligne):
    if connection.vendor != "postgresql":
        pytest.skip("le déclencheur est propre à PostgreSQL")
    for sql in ("UPDATE commun_journalacces SET action = 'x'", "DELETE FROM commun_journalacces"):
        with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as c:
            c.execute(sql)
    assert JournalAcces.objects.get().action == "entraide.demande_lire"


@pytest.mark.django_db
def test_la_purge_retire_les_lignes_plus_vieilles_que_la_duree_fixee_et_elles_seules(demande, staff_entraide, systeme):
    maintenant = timezone.make_aware(datetime.datetime(2026, 12, 1, 9, 0))
    vieille = _ligne(staff_entraide, demande, maintenant - datetime.timedelta(days=400))
    recente = _ligne(staff_entraide, demande, maintenant - datetime.timedelta(days=200))
    assert services.journal_acces_purger(today=datetime.date(2026, 12, 1), par=systeme) == 1
    assert list(JournalAcces.objects.values_list("pk", flat=True)) == [recente.pk]
    assert vieille.pk not in JournalAcces.objects.values_list("pk", flat=True)
    # The council shortens the retention to six months: the 200-day row goes too; a re-run removes nothing more.
    Parametre.objects.filter(cle=CONSERVATION_JOURNAL).update(valeur=6)
    assert services.journal_acces_purger(today=datetime.date(2026, 12, 1), par=systeme) == 1
    assert services.journal_acces_purger(today=datetime.date(2026, 12, 1), par=systeme) == 0


@pytest.mark.django_db
def test_personne_d_autre_que_le_systeme_ne_purge(staff_entraide, ligne):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        services.journal_acces_purger(today=datetime.date(2027, 12, 1), par=factories.StaffFactory(is_superuser=True))
    assert JournalAcces.objects.count() == 1


@pytest.mark.django_db
def test_la_duree_de_conservation_va_de_6_a_12_mois_12_par_defaut(systeme):
    parametre = Parametre.objects.get(cle=CONSERVATION_JOURNAL)
    assert (parametre.valeur, parametre.minimum, parametre.maximum) == (12, 6, 12)
    for valeur in (5, 13):
        with pytest.raises(ValidationError) as erreur:
            services.parametre_modifier(
                parametre=parametre, valeur=valeur, par=systeme, today=datetime.date(2026, 3, 2)
            )
        assert "entre 6 et 12 mois" in erreur.value.message_dict["valeur"][0]
    parametre.refresh_from_db()
    assert parametre.valeur == 12
    services.parametre_modifier(parametre=parametre, valeur=6, par=systeme, today=datetime.date(2026, 3, 2))
    assert Parametre.objects.get(cle=CONSERVATION_JOURNAL).valeur == 6


def test_la_purge_passe_chaque_nuit():
    entree = app.conf.beat_schedule["commun-journal-acces-purger"]
    assert entree["task"] == "commun.journal_acces_purger"
    assert "commun.journal_acces_purger" in app.tasks
