"""Key rotation covers every confidential app (README, « Chiffrement »): values encrypted under the old keys in
the conciliation, the entraide and the incidents (history tables included) and the documents stored by
`stockage_chiffre` still read once `python manage.py rechiffrer` has run and the old keys are dropped; the
documents get new names, the old files are gone from the media folder."""

import io
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.db import connection

from commun.chiffrement import lire_dechiffre, oublier_les_cles, rechiffrer, stockage_chiffre
from commun.fichiers import verifier_fichier
from conciliation.models import PiecePlainte, Plainte, ProcesVerbal
from entraide.models import Demande, PieceDemande
from incidents.models import Incident

ANCIENNE_CLE = "ancienne-cle-secrete-" + "x" * 40
ANCIEN_SEL = "ancien-sel-0123456789"
NOUVELLE_CLE = "nouvelle-cle-secrete-" + "y" * 40
NOUVEAU_SEL = "nouveau-sel-9876543210"

OBJET = "Refus de communiquer le dossier medical de Mme Kerbrat apres la consultation du 2 mars 2026"
DESACCORDS = "Le medecin conteste avoir refuse la communication du dossier"
SITUATION = "Surendettement apres le divorce, huissier mandate par la banque Tellier"
QUESTIONNAIRE = {"creanciers": "Societe Generale Quimperle 48 210", "patrimoine": "Maison de Plougastel"}
RECIT = "Un patient mecontent d'attendre m'a insulte dans la salle d'attente devant d'autres patients"
PDF_PLAINTE = b"%PDF-1.4\nCourrier de Mme Kerbrat du 2 mars 2026\n%%EOF"
PDF_DEMANDE = b"%PDF-1.4\nSolde debiteur Tellier moins 12 987\n%%EOF"


def _cles(settings, secret, fallbacks, sels):
    settings.SECRET_KEY = secret
    settings.SECRET_KEY_FALLBACKS = fallbacks
    settings.SALT_KEY = sels
    oublier_les_cles()  # as the restart of the processes would


def _ranger(dossier, contenu, nom):
    with stockage_chiffre(dossier) as ranger:
        return ranger(verifier_fichier(SimpleUploadedFile(nom, contenu)))


def _brut(table, colonne, pk):
    with connection.cursor() as c:
        c.execute(f"SELECT {colonne} FROM {table} WHERE id = %s", [pk])  # noqa: S608 (constants of the test)
        return c.fetchone()[0]


@pytest.fixture
def sous_les_anciennes_cles(settings, systeme):
    """A complaint with its document and its report, a request for aid with its document and an incident, all
    encrypted under the old keys."""
    from tests import factories

    _cles(settings, ANCIENNE_CLE, [], [ANCIEN_SEL])
    plainte = factories.PlainteFactory(objet=OBJET)
    piece_plainte = factories.PiecePlainteFactory(
        plainte=plainte, fichier=_ranger("conciliation/pieces", PDF_PLAINTE, "courrier.pdf")
    )
    pv = factories.ProcesVerbalFactory(desaccords=DESACCORDS)
    demande = factories.DemandeEntraideFactory(situation=SITUATION, questionnaire=QUESTIONNAIRE)
    piece_demande = factories.PieceDemandeEntraideFactory(
        demande=demande, fichier=_ranger("entraide/pieces", PDF_DEMANDE, "releve.pdf")
    )
    incident = factories.IncidentFactory(description=RECIT)
    yield {
        "plainte": plainte,
        "piece_plainte": piece_plainte,
        "pv": pv,
        "demande": demande,
        "piece_demande": piece_demande,
        "incident": incident,
    }
    _cles(settings, NOUVELLE_CLE, [], [NOUVEAU_SEL])  # the next tests derive their own keys again
    oublier_les_cles()


def _tout_se_lit(o):
    assert Plainte.objects.get(pk=o["plainte"].pk).objet == OBJET
    assert Plainte.history.filter(id=o["plainte"].pk).latest().objet == OBJET
    assert ProcesVerbal.objects.get(pk=o["pv"].pk).desaccords == DESACCORDS
    assert Demande.objects.get(pk=o["demande"].pk).situation == SITUATION
    assert Demande.objects.get(pk=o["demande"].pk).questionnaire == QUESTIONNAIRE
    assert Demande.history.filter(id=o["demande"].pk).latest().questionnaire == QUESTIONNAIRE
    assert Incident.objects.get(pk=o["incident"].pk).description == RECIT
    assert Incident.history.filter(id=o["incident"].pk).latest().description == RECIT
    piece_plainte = PiecePlainte.objects.get(pk=o["piece_plainte"].pk)
    piece_demande = PieceDemande.objects.get(pk=o["piece_demande"].pk)
    assert piece_plainte.nom_original == "courrier.pdf"
    assert lire_dechiffre(piece_plainte.fichier.name) == PDF_PLAINTE
    assert lire_dechiffre(piece_demande.fichier.name) == PDF_DEMANDE
    # The history rows name the new file too (an old version read from the history still finds its document).
    assert PiecePlainte.history.get(id=piece_plainte.pk).fichier == piece_plainte.fichier.name
    assert PieceDemande.history.get(id=piece_demande.pk).fichier == piece_demande.fichier.name
    return piece_plainte.fichier.name, piece_demande.fichier.name


@pytest.mark.django_db
def test_apres_rechiffrer_tout_se_lit_sans_les_anciennes_cles(
    settings, sous_les_anciennes_cles, django_capture_on_commit_callbacks
):
    o = sous_les_anciennes_cles
    anciens_noms = {o["piece_plainte"].fichier.name, o["piece_demande"].fichier.name}
    ancien_objet = _brut("conciliation_plainte", "objet", o["plainte"].pk)
    ancien_recit = _brut("incidents_incident", "description", o["incident"].pk)

    # Rotation: the new secret key and salt first, the old ones kept.
    _cles(settings, NOUVELLE_CLE, [ANCIENNE_CLE], [NOUVEAU_SEL, ANCIEN_SEL])
    _tout_se_lit(o)
    sortie = io.StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("rechiffrer", stdout=sortie)
    assert re.search(r"^conciliation\.Plainte : [1-9]\d* ligne\(s\)", sortie.getvalue(), re.MULTILINE)
    assert "incidents.HistoricalIncident : 1 ligne(s)" in sortie.getvalue()
    assert "conciliation.PiecePlainte : 1 ligne(s), 1 valeur(s), 1 document(s)" in sortie.getvalue()
    assert _brut("conciliation_plainte", "objet", o["plainte"].pk) != ancien_objet
    assert _brut("incidents_incident", "description", o["incident"].pk) != ancien_recit

    # The old keys dropped: everything still reads, the documents under new names, the old files gone.
    _cles(settings, NOUVELLE_CLE, [], [NOUVEAU_SEL])
    nouveaux_noms = set(_tout_se_lit(o))
    assert not nouveaux_noms & anciens_noms
    fichiers = {p.relative_to(settings.MEDIA_ROOT).as_posix() for p in settings.MEDIA_ROOT.rglob("*") if p.is_file()}
    assert fichiers == nouveaux_noms

    # Idempotent: a second run rewrites again (new names again) and loses nothing.
    with django_capture_on_commit_callbacks(execute=True):
        call_command("rechiffrer", stdout=io.StringIO())
    encore = set(_tout_se_lit(o))
    assert not encore & nouveaux_noms
    fichiers = {p.relative_to(settings.MEDIA_ROOT).as_posix() for p in settings.MEDIA_ROOT.rglob("*") if p.is_file()}
    assert fichiers == encore


@pytest.mark.django_db
def test_sans_rechiffrer_retirer_l_ancienne_cle_rend_les_donnees_illisibles(settings, sous_les_anciennes_cles):
    # What the command guards against: the old key dropped before the rewrite, nothing reads any more.
    o = sous_les_anciennes_cles
    _cles(settings, NOUVELLE_CLE, [], [NOUVEAU_SEL])
    assert Incident.objects.get(pk=o["incident"].pk).description != RECIT
    with pytest.raises(CommandError, match="aucune des clés en place"):
        call_command("rechiffrer", "--dry-run", stdout=io.StringIO())


@pytest.mark.django_db
def test_le_dry_run_compte_par_modele_et_n_ecrit_rien(settings, sous_les_anciennes_cles):
    o = sous_les_anciennes_cles
    anciens_noms = {o["piece_plainte"].fichier.name, o["piece_demande"].fichier.name}
    ancien_recit = _brut("incidents_incident", "description", o["incident"].pk)
    _cles(settings, NOUVELLE_CLE, [ANCIENNE_CLE], [NOUVEAU_SEL, ANCIEN_SEL])
    sortie = io.StringIO()
    call_command("rechiffrer", "--dry-run", stdout=sortie)
    texte = sortie.getvalue()
    assert "incidents.Incident : 1 ligne(s), 1 valeur(s), 0 document(s) à rechiffrer" in texte
    assert "entraide.PieceDemande : 1 ligne(s), 1 valeur(s), 1 document(s) à rechiffrer" in texte
    assert "simulation : rien n'a été écrit" in texte
    assert _brut("incidents_incident", "description", o["incident"].pk) == ancien_recit
    fichiers = {p.relative_to(settings.MEDIA_ROOT).as_posix() for p in settings.MEDIA_ROOT.rglob("*") if p.is_file()}
    assert fichiers == anciens_noms


@pytest.mark.django_db
def test_seul_le_systeme_rechiffre(sous_les_anciennes_cles):
    from django.core.exceptions import PermissionDenied

    from tests import factories

    with pytest.raises(PermissionDenied):
        rechiffrer(par=factories.UserFactory(is_staff=True, is_superuser=True))
