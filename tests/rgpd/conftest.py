import datetime

import pytest
from django.utils import timezone

from tests import factories

# The day the doors see (timezone.localdate): 20 March 2026.
JOUR = datetime.date(2026, 3, 20)


@pytest.fixture
def jour(monkeypatch):
    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: JOUR)
    return JOUR


def donnees_dans_chaque_app(medecin, marque: str, *, autre_annonce=None) -> dict:
    """A doctor with rows in every app, each text carrying `marque`. Returns the texts the export must show
    (`siennes`) and those it must never show, though about him (`internes`: the commissions' work)."""
    from tableau.services import medecin_coordonnees_modifier

    medecin_coordonnees_modifier(medecin=medecin, par=medecin.user, ville_correspondance=f"Ville {marque}")
    factories.ChangementStatutFactory(medecin=medecin, motif=f"Décision {marque}")
    factories.QualificationFactory(medecin=medecin, intitule=f"Cardiologie {marque}")
    factories.LieuExerciceFactory(medecin=medecin, adresse=f"1 rue {marque}")
    factories.RestrictionExerciceFactory(medecin=medecin, decision=f"Suspension prononcée {marque}")
    factories.DeclarationPerteOrdonnancesFactory(medecin=medecin, lieu=f"Cabinet {marque}")
    factories.SocieteFactory(gerant=medecin, associes=[medecin], raison_sociale=f"SEL {marque}")
    cotisation = factories.CotisationFactory(medecin=medecin)
    paiement = factories.PaiementFactory(cotisation=cotisation)
    factories.DemandeExonerationFactory(cotisation=cotisation, expose=f"Exposé {marque}")
    demande = factories.DemandeEntraideFactory(
        medecin=medecin,
        numero=f"EN-{marque}",
        situation=f"Situation secrète {marque}",
        notes_commission=f"Notes de la commission {marque}",
        questionnaire={"revenus": f"Revenus {marque}"},
    )
    factories.AideEntraideFactory(demande=demande, motivation=f"Motivation de l'aide {marque}")
    factories.TransmissionCnomFactory(demande=demande, avis=f"Avis au CNOM {marque}")
    annonce = factories.AnnonceFactory(auteur=medecin, titre=f"Annonce {marque}", texte=f"Texte {marque}")
    factories.RevisionAnnonceFactory(annonce=annonce, titre=f"Révision {marque}")
    if autre_annonce is not None:
        factories.MessageAnnonceFactory(annonce=autre_annonce, expediteur=medecin, texte=f"Message {marque}")
    factories.IncidentFactory(declarant=medecin, commune=f"Commune {marque}", description=f"Récit {marque}")
    contrat = factories.ContratFactory(medecin=medecin, nom_original=f"contrat-{marque}.pdf")
    factories.LienContratFactory(contrat=contrat, motif=f"Lien déclaré {marque}")
    lieu = factories.LieuSolidariteFactory(nom=f"Lieu {marque}")
    volontaire = factories.VolontaireFactory(medecin=medecin, creneaux_souhaites=f"Samedis {marque}", lieux=[lieu])
    factories.VerificationFactory(volontaire=volontaire, constat=f"Constat {marque}")
    factories.JourneeFactory(volontaire=volontaire, motif_annulation=f"Annulation {marque}")
    factories.PaiementIndemniteFactory(medecin=medecin)
    membre = factories.MembreFactory(medecin=medecin)
    factories.DeclarationInteretsFactory(membre=membre, autres_fonctions_electives=f"Maire {marque}")
    factories.PlainteFactory(medecin=medecin, objet=f"Objet de la plainte {marque}")
    return {
        "annonce": annonce,
        "siennes": [
            f"Ville {marque}",
            f"Décision {marque}",
            f"Cardiologie {marque}",
            f"1 rue {marque}",
            f"Suspension prononcée {marque}",
            f"Cabinet {marque}",
            f"SEL {marque}",
            cotisation.reference,
            paiement.numero_recu,
            f"Exposé {marque}",
            f"EN-{marque}",
            f"Annonce {marque}",
            f"Texte {marque}",
            f"Révision {marque}",
            f"Commune {marque}",
            f"Récit {marque}",
            f"contrat-{marque}.pdf",
            f"Lieu {marque}",
            f"Samedis {marque}",
            f"Constat {marque}",
            f"Annulation {marque}",
            f"Maire {marque}",
            medecin.rpps,
            medecin.email,
        ],
        "internes": [
            f"Situation secrète {marque}",
            f"Notes de la commission {marque}",
            f"Revenus {marque}",
            f"Motivation de l'aide {marque}",
            f"Avis au CNOM {marque}",
            f"Lien déclaré {marque}",
            f"Objet de la plainte {marque}",
        ],
    }


@pytest.fixture
def deux_medecins(db):
    """Two doctors with data in every app; each answered the other's ad."""
    a = factories.MedecinFactory(avec_compte=True, nom="Fargeot", prenom="Aline")
    b = factories.MedecinFactory(avec_compte=True, nom="Bouyssou", prenom="Bertrand")
    donnees_b = donnees_dans_chaque_app(b, "BRAVO")
    donnees_a = donnees_dans_chaque_app(a, "ALPHA", autre_annonce=donnees_b["annonce"])
    factories.MessageAnnonceFactory(annonce=donnees_a["annonce"], expediteur=b, texte="Message BRAVO")
    donnees_b["siennes"].append("Message BRAVO")
    donnees_a["siennes"].append("Message ALPHA")
    return a, b, donnees_a, donnees_b
