"""A throw-away PostgreSQL server for the register tests: a real server, never a mock.

``start_server()`` makes a cluster in a temporary folder with the distribution's
``initdb``/``pg_ctl`` (``/usr/lib/postgresql/*/bin``), listening on 127.0.0.1 only, on a free
port, trust authentication for loopback. PostgreSQL refuses to run as root: as root the
cluster belongs to the ``postgres`` system user (``runuser -u postgres``). A server that
cannot start raises :class:`PostgresUnavailable`, which the fixture turns into a FAILURE:
skipping is not passing (tasks.py installs the ``postgresql`` package).
"""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import tempfile
import time
import uuid
from dataclasses import dataclass
from pathlib import Path

SUPERUSER = "vanban"


class PostgresUnavailable(RuntimeError):
    """The throw-away server could not start: the tests that need it fail, never skip."""


def pg_bin_dir() -> Path:
    """$VANBAN_PG_BIN, else the newest /usr/lib/postgresql/<version>/bin holding initdb and pg_ctl."""
    if os.environ.get("VANBAN_PG_BIN"):
        chosen = Path(os.environ["VANBAN_PG_BIN"])
        if not (chosen / "initdb").is_file():
            raise PostgresUnavailable(f"VANBAN_PG_BIN={chosen} holds no initdb")
        return chosen
    candidates = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"),
                        key=lambda p: int(Path(p).parent.parent.name) if Path(p).parent.parent.name.isdigit() else 0)
    if candidates:
        return Path(candidates[-1]).parent
    found = shutil.which("initdb")
    if found:
        return Path(found).resolve().parent
    raise PostgresUnavailable("PostgreSQL is not installed (no initdb): `python3 tasks.py test` installs the "
                              "Debian package postgresql")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class PgServer:
    root: Path
    port: int
    bin_dir: Path
    as_user: str | None

    @property
    def admin_url(self) -> str:
        return f"postgresql://{SUPERUSER}@127.0.0.1:{self.port}/postgres"

    def url(self, dbname: str) -> str:
        return f"postgresql://{SUPERUSER}@127.0.0.1:{self.port}/{dbname}"

    def new_database(self) -> str:
        """A fresh empty database; its connection string."""
        import psycopg

        name = f"t_{uuid.uuid4().hex[:12]}"
        with psycopg.connect(self.admin_url, autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        return self.url(name)

    def stop(self) -> None:
        _run(self, [str(self.bin_dir / "pg_ctl"), "-D", str(self.root / "data"), "-m", "immediate", "stop"],
             check=False)
        shutil.rmtree(self.root, ignore_errors=True)


def _run(server_or_user: PgServer | str | None, cmd: list[str], *, check: bool = True) -> subprocess.CompletedProcess:
    user = server_or_user.as_user if isinstance(server_or_user, PgServer) else server_or_user
    if user:
        cmd = ["runuser", "-u", user, "--", *cmd]
    result = subprocess.run(cmd, capture_output=True, text=True, timeout=120)
    if check and result.returncode != 0:
        raise PostgresUnavailable(f"{' '.join(cmd)} failed ({result.returncode}): {result.stderr.strip()[-800:]}")
    return result


def start_server() -> PgServer:
    """Start a throw-away cluster; raises PostgresUnavailable with the reason when it cannot."""
    bin_dir = pg_bin_dir()
    as_user = None
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        import pwd

        try:
            pwd.getpwnam("postgres")
        except KeyError as exc:
            raise PostgresUnavailable("running as root and there is no 'postgres' user to run the server") from exc
        as_user = "postgres"
    root = Path(tempfile.mkdtemp(prefix="vanban-pg-"))
    if as_user:
        shutil.chown(root, user=as_user)
    server = PgServer(root=root, port=_free_port(), bin_dir=bin_dir, as_user=as_user)
    data = root / "data"
    _run(server, [str(bin_dir / "initdb"), "-D", str(data), "-U", SUPERUSER, "--auth=trust", "-E", "UTF8",
                  "--locale=C", "--no-sync"])
    options = (f"-c listen_addresses=127.0.0.1 -c port={server.port} -c unix_socket_directories={root} "
               "-c fsync=off -c max_connections=60 -c shared_buffers=32MB")
    result = _run(server, [str(bin_dir / "pg_ctl"), "-D", str(data), "-o", options, "-l", str(root / "log"),
                           "-w", "-t", "60", "start"], check=False)
    if result.returncode != 0:
        log = (root / "log").read_text(errors="replace")[-800:] if (root / "log").exists() else ""
        shutil.rmtree(root, ignore_errors=True)
        raise PostgresUnavailable(f"pg_ctl start failed: {result.stderr.strip()} {log}")
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        with socket.socket() as sock:
            if sock.connect_ex(("127.0.0.1", server.port)) == 0:
                return server
        time.sleep(0.1)
    server.stop()
    raise PostgresUnavailable("the PostgreSQL server did not accept connections within 30 s")
