"""The register's processing of the council's governance (RGPD art. 30), read by rgpd.registre: plain data."""

TRAITEMENTS = [
    {
        "nom": "Fonctionnement du conseil",
        "finalite": "Suivre les mandats et les fonctions, convoquer et tenir les séances, établir les "
        "procès-verbaux, notifier les décisions individuelles, organiser les élections.",
        "base_legale": "Obligation légale (code de la santé publique, règlement intérieur de l'Ordre).",
        "personnes": "Élus du conseil ; médecins concernés par une décision.",
        "donnees": "Mandats, fonctions, présence, votes nominatifs hors scrutin secret, délibérations.",
        "lecteurs": "Secrétariat du conseil, comptabilité, service juridique ; les élus.",
        "conservation": "Archives du conseil (procès-verbaux et délibérations) : pas de suppression automatique.",
    },
    {
        "nom": "Déclarations d'intérêts des élus",
        "finalite": "Recueillir et publier les déclarations d'intérêts des élus.",
        "base_legale": "Obligation légale (article L4122-1 du code de la santé publique, règlement intérieur).",
        "personnes": "Élus du conseil.",
        "donnees": "Activités, mandats, fonctions, liens de parenté déclarés.",
        "lecteurs": "Le public (version en cours) ; secrétariat du conseil (toutes les versions).",
        "conservation": "Durée du mandat, puis cinq ans (règlement intérieur de l'Ordre).",
    },
]
