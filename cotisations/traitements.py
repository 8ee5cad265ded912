"""The register's processing of the dues (RGPD art. 30), read by rgpd.registre: plain data, no import."""

TRAITEMENTS = [
    {
        "nom": "Appel et recouvrement des cotisations",
        "finalite": "Calculer, appeler et encaisser la cotisation ordinale, relancer les impayés, délivrer les reçus, "
        "reverser au conseil national sa part.",
        "base_legale": "Obligation légale (article L4122-2 du code de la santé publique).",
        "personnes": "Médecins et sociétés inscrits.",
        "donnees": "Montants dus et payés, exonérations, paiements (mode, date, reçu), relances, relevés bancaires.",
        "lecteurs": "Comptabilité ; le médecin pour les siennes (espace).",
        "conservation": "Dix ans après la clôture de l'exercice (pièces comptables, article L123-22 du code de "
        "commerce).",
    },
    {
        "nom": "Demandes d'exonération pour insuffisance de ressources",
        "finalite": "Instruire la demande et la soumettre à la séance plénière, sous un numéro de dossier anonyme.",
        "base_legale": "Mission d'intérêt public (règlement de trésorerie de l'Ordre).",
        "personnes": "Médecins demandeurs.",
        "donnees": "Exposé de la situation professionnelle, pièces justificatives, décision et son motif.",
        "lecteurs": "Comptabilité ; la séance plénière (dossier anonyme) ; le médecin demandeur.",
        "conservation": "Avec la cotisation concernée (dix ans après la clôture de l'exercice).",
    },
]
