"""The register's processing of the trésorerie (RGPD art. 30), read by rgpd.registre: plain data, no import."""

TRAITEMENTS = [
    {
        "nom": "Comptabilité, dépenses, indemnités et notes de frais",
        "finalite": "Tenir le budget et la chaîne de la dépense, verser les indemnités et rembourser les frais des "
        "élus, tenir la caisse et les immobilisations.",
        "base_legale": "Obligation légale (règlement de trésorerie de l'Ordre, tenue des comptes).",
        "personnes": "Élus du conseil, fournisseurs, bénéficiaires des dépenses.",
        "donnees": "Identité, fonctions, montants, justificatifs, coordonnées bancaires des bénéficiaires.",
        "lecteurs": "Comptabilité ; président, secrétaire général (ordonnateur), trésorier, liquidateur.",
        "conservation": "Dix ans après la clôture de l'exercice (article L123-22 du code de commerce).",
    },
]
