"""A small SMTP server for the tests of the real worker: a worker is another process, so Django's locmem outbox
cannot be read; the worker sends through real SMTP (EMAIL_URL=smtp://127.0.0.1:<port>) and the test reads what
this server received. `refuser` connections are turned away first (421, as a server under maintenance does),
to prove the retry path."""

import email
import email.policy
import socketserver
import threading


class _Session(socketserver.StreamRequestHandler):
    def _repondre(self, ligne: str) -> None:
        self.wfile.write(f"{ligne}\r\n".encode())

    def handle(self):
        serveur: ServeurSMTP = self.server.smtp
        with serveur.verrou:
            refuse = serveur.refuser > 0
            if refuse:
                serveur.refuser -= 1
                serveur.refusees += 1
        if refuse:
            self._repondre("421 Service indisponible (essai), réessayez plus tard")
            return
        self._repondre("220 essai ESMTP")
        destinataires: list[str] = []
        while True:
            ligne = self.rfile.readline()
            if not ligne:
                return
            commande = ligne.decode("utf-8", "replace").strip()
            verbe = commande.split(" ", 1)[0].upper()
            if verbe in ("EHLO", "HELO"):
                self._repondre("250 essai")
            elif verbe == "MAIL":
                destinataires = []
                self._repondre("250 OK")
            elif verbe == "RCPT":
                destinataires.append(commande.split(":", 1)[1].strip().strip("<>"))
                self._repondre("250 OK")
            elif verbe == "DATA":
                self._repondre("354 Fin par <CRLF>.<CRLF>")
                lignes = []
                while True:
                    donnee = self.rfile.readline()
                    if donnee in (b".\r\n", b".\n", b""):
                        break
                    lignes.append(donnee[1:] if donnee.startswith(b"..") else donnee)
                message = email.message_from_bytes(b"".join(lignes), policy=email.policy.default)
                with serveur.verrou:
                    serveur.recus.append((destinataires, message))
                self._repondre("250 OK")
            elif verbe == "RSET":
                destinataires = []
                self._repondre("250 OK")
            elif verbe == "QUIT":
                self._repondre("221 Au revoir")
                return
            else:
                self._repondre("250 OK")


class _Serveur(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True


class ServeurSMTP:
    """`with ServeurSMTP() as smtp:` serves on 127.0.0.1:smtp.port; `smtp.recus` holds (recipients, message)."""

    def __init__(self, *, refuser: int = 0):
        self.refuser = refuser
        self.refusees = 0
        self.recus: list[tuple[list[str], email.message.EmailMessage]] = []
        self.verrou = threading.Lock()
        self._serveur = _Serveur(("127.0.0.1", 0), _Session)
        self._serveur.smtp = self
        self.port = self._serveur.server_address[1]

    @property
    def url(self) -> str:
        return f"smtp://127.0.0.1:{self.port}"

    def adresses(self) -> set[str]:
        with self.verrou:
            return {a for destinataires, _ in self.recus for a in destinataires}

    def __enter__(self):
        threading.Thread(target=self._serveur.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *exc):
        self._serveur.shutdown()
        self._serveur.server_close()
