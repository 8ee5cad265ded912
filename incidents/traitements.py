"""The register's processing of the safety observatory (RGPD art. 30), read by rgpd.registre: plain data."""

TRAITEMENTS = [
    {
        "nom": "Observatoire de la sécurité des médecins",
        "finalite": "Recueillir les déclarations d'incidents de violence, accompagner le médecin, transmettre des "
        "chiffres anonymes à l'observatoire du conseil national.",
        "base_legale": "Mission d'intérêt public de l'Ordre (sécurité des médecins).",
        "personnes": "Médecins déclarants ; auteurs des faits (décrits, non nommés).",
        "donnees": "Date, commune et lieu des faits, types de violence, plainte ou main courante, récit (chiffré).",
        "lecteurs": "Service juridique ; commission vigilance-violences-sécurité et référent sécurité (chaque "
        "lecture est journalisée) ; le médecin déclarant.",
        "purge": "incident",
    },
]
