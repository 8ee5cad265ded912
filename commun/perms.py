"""The acts of the shared kit and who may perform them (read by config.perms)."""

from config.perms import Regle

ACTIONS: dict[str, Regle] = {
    # The admin's "Renvoyer": staff of the services that send (config/roles.py); tasks act as the system user.
    "envoi_renvoyer": Regle("renvoyer un courriel en échec", "commun.renvoyer_envoi"),
}
