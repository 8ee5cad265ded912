"""The register's processing of the doctors' ads (RGPD art. 30), read by rgpd.registre: plain data, no import."""

TRAITEMENTS = [
    {
        "nom": "Annonces de remplacement, collaboration et succession",
        "finalite": "Publier, après modération, les annonces des médecins et leur relayer les réponses sans "
        "révéler leur adresse.",
        "base_legale": "Consentement de l'auteur de l'annonce.",
        "personnes": "Médecins auteurs d'annonces et médecins qui y répondent.",
        "donnees": "Texte, commune et dates de l'annonce, motifs de modération, messages en réponse.",
        "lecteurs": "Accueil (modération) ; le public pour les annonces publiées ; l'auteur.",
        "purge": "annonce_refusee",
    },
]
