"""The register's processing of the contracts (RGPD art. 30), read by rgpd.registre: plain data, no import."""

TRAITEMENTS = [
    {
        "nom": "Contrats communiqués au conseil",
        "finalite": "Recevoir les contrats professionnels et rendre l'avis motivé de la commission d'étude des "
        "contrats.",
        "base_legale": "Obligation légale (article L4113-9 du code de la santé publique).",
        "personnes": "Médecins et leurs cocontractants.",
        "donnees": "Contrat (document), type, dates, avis et sa motivation, liens déclarés par les membres.",
        "lecteurs": "Service juridique ; commission d'étude des contrats ; le médecin qui l'a communiqué.",
        "conservation": "Avec la fiche du médecin, tant que le contrat est en vigueur : pas de suppression "
        "automatique.",
    },
]
