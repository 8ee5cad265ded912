"""The acts of the shared kit and who may perform them (read by config.perms)."""

from config.perms import Regle

ACTIONS: dict[str, Regle] = {
    # The admin's "Renvoyer": staff of the services that send (config/roles.py); tasks act as the system user.
    "envoi_renvoyer": Regle("renvoyer un courriel en échec", "commun.renvoyer_envoi"),
}
ACTIONS["parametre_modifier"] = Regle("modifier un paramètre du conseil", "commun.change_parametre")
# fix-rechiffrer: after a key rotation, every encrypted value and document rewritten under the newest key (the
# `rechiffrer` command, as the system user; nobody else).
ACTIONS["rechiffrer"] = Regle("rechiffrer les données confidentielles sous la clé la plus récente", None)
