"""The log of confidential reads: kept apart, append-only (model, queryset and, on PostgreSQL, a trigger), purged
past the retention the council sets (commun.Parametre, 6 to 12 months, CNIL délibération 2021-122, 12 by default)
by the nightly RGPD purge (rgpd/purges.py), announced a month ahead to the secrétaire général and counted."""

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
def test_la_purge_annonce_un_mois_avant_puis_retire_les_lignes_plus_vieilles_que_la_duree_et_elles_seules(
    demande, staff_entraide, systeme, django_capture_on_commit_callbacks
):
    """The log is a kind of the RGPD purge (rgpd/purges.py): its lines past the retention announced to the
    secrétaire général a month ahead, then deleted (the one deletion the log allows) and counted."""
    from rgpd import services as rgpd
    from rgpd.models import AnnoncePurge, Purge

    annonce_le, prevue_le = datetime.date(2026, 11, 1), datetime.date(2026, 12, 1)
    maintenant = timezone.make_aware(datetime.datetime(2026, 11, 1, 9, 0))
    vieille = _ligne(staff_entraide, demande, maintenant - datetime.timedelta(days=400))
    recente = _ligne(staff_entraide, demande, maintenant - datetime.timedelta(days=200))
    avant_l_annonce = JournalAcces.objects.count()
    with django_capture_on_commit_callbacks(execute=True):
        annonces = [a for a in rgpd.purge_annoncer(today=annonce_le, par=systeme) if a.nature == "journal_acces"]
    assert [(a.prevue_le, a.identifiants, a.conservation) for a in annonces] == [(prevue_le, [vieille.pk], "12 mois")]
    # Announced, not yet deleted: the day before the planned date, nothing goes.
    rgpd.purge_executer(today=prevue_le - datetime.timedelta(days=1), par=systeme)
    assert JournalAcces.objects.count() == avant_l_annonce
    (purge,) = [p for p in rgpd.purge_executer(today=prevue_le, par=systeme) if p.nature == "journal_acces"]
    assert (purge.dossiers, purge.lignes, purge.historique) == (1, 1, 0)
    assert (
        not JournalAcces.objects.filter(pk=vieille.pk).exists() and JournalAcces.objects.filter(pk=recente.pk).exists()
    )
    # The council shortens the retention to six months: the 200-day line is announced the next day, deleted a month
    # later; a re-run the same day deletes nothing more and writes no second count.
    Parametre.objects.filter(cle=CONSERVATION_JOURNAL).update(valeur=6)
    lendemain = prevue_le + datetime.timedelta(days=1)
    (annonce,) = [a for a in rgpd.purge_annoncer(today=lendemain, par=systeme) if a.nature == "journal_acces"]
    assert recente.pk in annonce.identifiants and annonce.conservation == "6 mois"
    (purge,) = [
        p for p in rgpd.purge_executer(today=datetime.date(2027, 1, 2), par=systeme) if p.nature == "journal_acces"
    ]
    assert purge.dossiers >= 1 and not JournalAcces.objects.filter(pk=recente.pk).exists()
    assert rgpd.purge_executer(today=datetime.date(2027, 1, 2), par=systeme) == []
    assert Purge.objects.filter(nature="journal_acces").count() == 2
    assert AnnoncePurge.objects.filter(nature="journal_acces", executee_par__isnull=True).count() == 0


@pytest.mark.django_db
def test_personne_d_autre_que_le_systeme_ne_purge(staff_entraide, ligne):
    from django.core.exceptions import PermissionDenied

    from rgpd import services as rgpd

    with pytest.raises(PermissionDenied):
        rgpd.purge_executer(today=datetime.date(2027, 12, 1), par=factories.StaffFactory(is_superuser=True))
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


def test_la_purge_passe_chaque_nuit_avec_celle_du_rgpd():
    from rgpd.purges import GENRES

    assert "commun-journal-acces-purger" not in app.conf.beat_schedule  # one purge, announced, for every kind
    assert app.conf.beat_schedule["rgpd-purge"]["task"] == "rgpd.purge_du_jour"
    assert GENRES["journal_acces"].parametre == CONSERVATION_JOURNAL
