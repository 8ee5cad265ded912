"""The register's processing of the tableau (RGPD art. 30), read by rgpd.registre: plain data, no import."""

TRAITEMENTS = [
    {
        "nom": "Tenue du tableau de l'Ordre",
        "finalite": "Inscrire les médecins et les sociétés d'exercice, suivre leur statut, leurs qualifications et "
        "leurs lieux d'exercice, délivrer les documents professionnels, publier l'annuaire.",
        "base_legale": "Obligation légale (articles L4112-1 et suivants du code de la santé publique).",
        "personnes": "Médecins inscrits ou demandant leur inscription ; gérants et associés des sociétés.",
        "donnees": "Identité, date et lieu de naissance, nationalité, RPPS, coordonnées, statut et ses changements, "
        "mode d'exercice, qualifications, lieux d'exercice, restrictions du droit d'exercer (interdiction, "
        "suspension : nature, décision, période), documents délivrés, opposition à l'annuaire.",
        "lecteurs": "Service du tableau, accueil, comptabilité, service juridique, secrétariat ; le médecin pour sa "
        "fiche (espace) ; le public pour l'annuaire (sans coordonnées en cas d'opposition).",
        "conservation": "Tant que le médecin relève du conseil, puis archivage (registre public de l'Ordre) : pas de "
        "suppression automatique.",
    },
    {
        "nom": "Déclarations de perte ou de vol d'ordonnances",
        "finalite": "Enregistrer la déclaration, avertir le service du tableau et en accuser réception.",
        "base_legale": "Mission d'intérêt public de l'Ordre (sécurité des prescriptions).",
        "personnes": "Médecins déclarants.",
        "donnees": "Nature, date et lieu des faits, numéros des ordonnances, dépôt de plainte, circonstances.",
        "lecteurs": "Service du tableau, accueil, service juridique ; le médecin déclarant.",
        "conservation": "Avec la fiche du médecin.",
    },
]
