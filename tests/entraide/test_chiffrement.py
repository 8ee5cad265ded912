"""Done when (issue 12): reading the database raw (every entraide table and its history table) and the media folder
raw (every stored file of a request), no clear text of what was submitted is found; and a value encrypted under the
old keys still reads after a rotation that keeps them as fallbacks (README, « Chiffrement »)."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import connection

from commun.chiffrement import lire_dechiffre
from entraide.models import Demande, PieceDemande

URL = "/api/entraide/demandes/"
# What the applicant and the commission wrote: none of it may be found in clear at rest.
SECRETS = {
    "situation": "Surendettement apres le divorce, huissier mandate par la banque Tellier",
    "beneficiaire_nom": "Apolline Vasseur-Kerbrat",
    "creanciers": "Creancier Societe Generale Quimperle 48 210",
    "patrimoine": "Maison de Plougastel-Daoulas en indivision",
    "notes": "Entretien au domicile : detresse psychologique manifeste",
    "nom_document": "releve-compte-Tellier-mars.pdf",
    "document": "Solde debiteur Tellier moins 12 987",
}
NATURE = "psychologique"


def _tables_entraide():
    # Every table of the entraide but the helplines' (public data, seed 003).
    return [
        t for t in connection.introspection.table_names() if t.startswith("entraide_") and not t.endswith("contact")
    ]


def _tout_le_texte_de(tables) -> str:
    morceaux = []
    with connection.cursor() as c:
        for table in tables:
            c.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")  # noqa: S608 (names from introspection)
            for ligne in c.fetchall():
                morceaux.extend(str(v) for v in ligne if v is not None)
    return "\n".join(morceaux)


@pytest.mark.django_db
def test_ni_la_base_ni_le_dossier_des_documents_ne_contiennent_de_texte_en_clair(api_client, staff_entraide, settings):
    from tests import factories

    medecin = factories.MedecinFactory()
    api_client.force_authenticate(staff_entraide)
    reponse = api_client.post(
        URL,
        {
            "medecin": medecin.pk,
            "beneficiaire": "ayant_droit",
            "beneficiaire_nom": SECRETS["beneficiaire_nom"],
            "natures": [NATURE],
            "situation": SECRETS["situation"],
            "questionnaire": {"creanciers": SECRETS["creanciers"], "patrimoine": SECRETS["patrimoine"]},
        },
        format="json",
    )
    assert reponse.status_code == 201, reponse.content
    pk = reponse.json()["id"]
    contenu = b"%PDF-1.4\n" + SECRETS["document"].encode() + b"\n%%EOF"
    envoi = api_client.post(
        f"{URL}{pk}/pieces/",
        {"fichier": SimpleUploadedFile(SECRETS["nom_document"], contenu)},
        format="multipart",
    )
    assert envoi.status_code == 201, envoi.content
    assert api_client.post(f"{URL}{pk}/instruire/", {"notes_commission": SECRETS["notes"]}).status_code == 200

    tables = _tables_entraide()
    assert {"entraide_demande", "entraide_historicaldemande", "entraide_piecedemande"} <= set(tables)
    assert "entraide_historicalpiecedemande" in tables
    brut = _tout_le_texte_de(tables)
    for quoi, secret in SECRETS.items():
        assert secret not in brut, f"{quoi} en clair dans la base"
    for mot in ("Tellier", "Vasseur", "Quimperle", "Plougastel", "detresse", "Surendettement", NATURE):
        assert mot not in brut, f"« {mot} » en clair dans la base"

    fichiers = [p for p in settings.MEDIA_ROOT.rglob("*") if p.is_file()]
    assert len(fichiers) == 1
    for fichier in fichiers:
        octets = fichier.read_bytes()
        assert b"Tellier" not in octets and b"%PDF" not in octets
        assert "Tellier" not in fichier.name

    # What is stored reads back whole for its readers.
    demande = Demande.objects.get(pk=pk)
    assert demande.situation == SECRETS["situation"] and demande.notes_commission == SECRETS["notes"]
    assert demande.questionnaire["patrimoine"] == SECRETS["patrimoine"]
    piece = PieceDemande.objects.get()
    assert piece.nom_original == SECRETS["nom_document"] and lire_dechiffre(piece.fichier.name) == contenu


def _oublier_les_cles():
    """The fields derive their keys once per process (a rotation restarts it): forget them, as a restart would (every
    model's: a value written by another app's field under keys cached by an earlier test would decrypt with none)."""
    from commun.chiffrement import oublier_les_cles

    oublier_les_cles()


@pytest.mark.django_db
def test_une_valeur_chiffree_sous_les_anciennes_cles_se_lit_apres_la_rotation(
    settings, systeme, tmp_path, django_capture_on_commit_callbacks
):
    from commun.chiffrement import stockage_chiffre
    from commun.fichiers import verifier_fichier
    from tests import factories

    settings.SECRET_KEY = "ancienne-cle-secrete-" + "x" * 40
    settings.SECRET_KEY_FALLBACKS = []
    settings.SALT_KEY = ["ancien-sel-0123456789"]
    _oublier_les_cles()
    try:
        demande = factories.DemandeEntraideFactory(situation=SECRETS["situation"])
        contenu = b"%PDF-1.4\n" + SECRETS["document"].encode()
        with stockage_chiffre("entraide/pieces") as ranger:
            nom = ranger(verifier_fichier(SimpleUploadedFile("a.pdf", contenu)))
        factories.PieceDemandeEntraideFactory(demande=demande, fichier=nom)
        with connection.cursor() as c:
            c.execute("SELECT situation FROM entraide_demande WHERE id = %s", [demande.pk])
            ancien_jeton = c.fetchone()[0]

        # Rotation: a new secret key and a new salt first, the old ones kept as fallbacks.
        settings.SECRET_KEY = "nouvelle-cle-secrete-" + "y" * 40
        settings.SECRET_KEY_FALLBACKS = ["ancienne-cle-secrete-" + "x" * 40]
        settings.SALT_KEY = ["nouveau-sel-9876543210", "ancien-sel-0123456789"]
        _oublier_les_cles()
        relue = Demande.objects.get(pk=demande.pk)
        assert relue.situation == SECRETS["situation"]
        assert lire_dechiffre(nom) == contenu

        # The re-encryption command (its former name, an alias of `rechiffrer`) rewrites values (history included)
        # and documents, under a new name, under the new key: they still read once the old keys are dropped.
        with django_capture_on_commit_callbacks(execute=True):
            call_command("entraide_rechiffrer", stdout=io.StringIO())
        with connection.cursor() as c:
            c.execute("SELECT situation FROM entraide_demande WHERE id = %s", [demande.pk])
            assert c.fetchone()[0] != ancien_jeton
        settings.SECRET_KEY_FALLBACKS = []
        settings.SALT_KEY = ["nouveau-sel-9876543210"]
        _oublier_les_cles()
        assert Demande.objects.get(pk=demande.pk).situation == SECRETS["situation"]
        assert Demande.history.get(id=demande.pk).situation == SECRETS["situation"]
        nouveau = PieceDemande.objects.get().fichier.name
        assert nouveau != nom and lire_dechiffre(nouveau) == contenu
    finally:
        _oublier_les_cles()


@pytest.mark.django_db
def test_les_aides_et_les_transmissions_ne_sont_pas_en_clair_non_plus():
    """The commission's motivation of an aid, its payment plan, the council's opinion, the aid proposed and the
    commission nationale's decision: encrypted in their tables and in their history tables."""
    from tests import factories

    secrets = {
        "motivation": "Secours motive par la saisie Tellier du cabinet",
        "avis": "Avis favorable vu la detresse Kerbrat constatee",
        "aide_proposee": "Pret sans interet Plougastel de 5 000",
        "decision": "Decision nationale Quimperle accordee",
    }
    aide = factories.AideEntraideFactory(motivation=secrets["motivation"])
    transmission = factories.TransmissionCnomFactory(
        demande=aide.demande, avis=secrets["avis"], aide_proposee=secrets["aide_proposee"]
    )
    transmission.decision = secrets["decision"]
    transmission.save()

    tables = _tables_entraide()
    assert {"entraide_aide", "entraide_historicalaide", "entraide_transmissioncnom"} <= set(tables)
    assert "entraide_historicaltransmissioncnom" in tables
    brut = _tout_le_texte_de(tables)
    for quoi, secret in secrets.items():
        assert secret not in brut, f"{quoi} en clair dans la base"
    for mot in ("Tellier", "Kerbrat", "Plougastel", "Quimperle"):
        assert mot not in brut, f"« {mot} » en clair dans la base"
    relue = type(transmission).objects.get(pk=transmission.pk)
    assert (relue.avis, relue.decision) == (secrets["avis"], secrets["decision"])
    assert type(aide).objects.get(pk=aide.pk).motivation == secrets["motivation"]
