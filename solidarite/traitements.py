"""The register's processing of territorial solidarity (RGPD art. 30), read by rgpd.registre: plain data."""

TRAITEMENTS = [
    {
        "nom": "Solidarité territoriale",
        "finalite": "Recevoir et vérifier les candidatures des médecins volontaires, planifier leurs journées dans "
        "les lieux prioritaires, verser l'indemnité journalière.",
        "base_legale": "Mission d'intérêt public (dispositif de solidarité territoriale, loi du 27 décembre 2023).",
        "personnes": "Médecins volontaires.",
        "donnees": "Candidature, lieux et créneaux souhaités, vérifications datées, journées, paiements.",
        "lecteurs": "Service du tableau, comptabilité ; le médecin volontaire ; le public pour les lieux.",
        "conservation": "Dix ans après le paiement des indemnités (pièces comptables) ; la candidature avec la fiche "
        "du médecin.",
    },
]
