"""The register's processing of mutual aid (RGPD art. 30), read by rgpd.registre: plain data, no import."""

TRAITEMENTS = [
    {
        "nom": "Entraide confraternelle",
        "finalite": "Instruire les demandes d'aide des médecins en difficulté et de leurs ayants droit, décider les "
        "aides, transmettre à la commission nationale d'entraide.",
        "base_legale": "Mission d'intérêt public (article L4121-2 du code de la santé publique) ; données "
        "sensibles traitées avec le consentement du demandeur.",
        "personnes": "Médecins demandeurs et leurs ayants droit.",
        "donnees": "Situation exposée, questionnaire, natures de la difficulté, pièces financières, notes de la "
        "commission, aides (tout est chiffré).",
        "lecteurs": "Secrétariat de l'entraide ; membres délibérants de la commission d'entraide à la date de la "
        "lecture (chaque lecture est journalisée) ; le demandeur suit l'état et les dates.",
        "purge": "entraide_close",
    },
]
