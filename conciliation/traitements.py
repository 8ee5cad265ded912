"""The register's processing of the complaints (RGPD art. 30), read by rgpd.registre: plain data, no import."""

TRAITEMENTS = [
    {
        "nom": "Plaintes, doléances et conciliation",
        "finalite": "Enregistrer les plaintes, organiser la conciliation, transmettre à la chambre disciplinaire "
        "avec l'avis motivé du conseil.",
        "base_legale": "Obligation légale (article L4123-2 du code de la santé publique).",
        "personnes": "Plaignants, médecins mis en cause, conciliateurs.",
        "donnees": "Identité et coordonnées du plaignant (chiffrées), objet de la plainte, pièces, réunions, "
        "procès-verbaux, avis du conseil ; données de santé possibles dans les pièces.",
        "lecteurs": "Service juridique ; président et commission de conciliation à la date de la lecture (chaque "
        "lecture est journalisée).",
        "purge": "plainte_close",
    },
]
