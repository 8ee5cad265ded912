"""The register's processing of data protection itself (RGPD art. 30), read by rgpd.registre: plain data."""

TRAITEMENTS = [
    {
        "nom": "Droit d'accès et purges",
        "finalite": "Remettre à chaque médecin les données que le conseil détient sur lui ; annoncer et effectuer "
        "la suppression des dossiers arrivés au terme de leur conservation.",
        "base_legale": "Obligation légale (articles 5, 15 et 30 du RGPD).",
        "personnes": "Médecins ; secrétaire général (destinataire des annonces).",
        "donnees": "Annonces et comptes rendus de purge (nombres de dossiers, aucun contenu) ; demandes d'accès reçues "
        "hors de l'espace (médecin, date, canal, réponse) ; chaque téléchargement de ses données, par le médecin ou "
        "par le secrétariat qui lui répond, est inscrit au journal des consultations.",
        "lecteurs": "Secrétariat du conseil ; secrétaire général.",
        "conservation": "Les comptes rendus de purge et les demandes d'accès sont gardés pour le rapport annuel : "
        "pas de suppression automatique (les comptes rendus ne contiennent aucune donnée personnelle).",
    },
]
