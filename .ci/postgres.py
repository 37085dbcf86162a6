"""A throw-away PostgreSQL cluster for the end-to-end checks: initdb in a temporary folder
(as the postgres user when run as root, since initdb refuses root), started on a free loopback
port with a password, stopped and removed on exit.

    with cluster(work) as server:
        url = server.database("copy")      # postgres://alumni@127.0.0.1:PORT/copy
        env = server.environment           # ALUMNI_DB_PASSWORD for alumni
"""
import contextlib
import glob
import os
import pwd
import secrets
import shutil
import socket
import subprocess


def _binaries():
    for folder in sorted(glob.glob("/usr/lib/postgresql/*/bin"), reverse=True):
        if os.access(os.path.join(folder, "initdb"), os.X_OK):
            return folder
    raise SystemExit("PostgreSQL is not installed: apt-get install postgresql")


class Server:
    def __init__(self, folder, port, password, run):
        self.folder, self.port, self.password, self._run = folder, port, password, run
        self.environment = dict(os.environ, ALUMNI_DB_PASSWORD=password)

    def sql(self, name, statement):
        """Runs STATEMENT in database NAME with psql; returns its rows, unaligned, '|' between columns."""
        return self._run("psql", "-h", "127.0.0.1", "-p", str(self.port), "-U", "alumni", "-d", name, "-At",
                         "-v", "ON_ERROR_STOP=1", "-c", statement).strip()

    def database(self, name):
        """Creates database NAME and returns its URL, without the password."""
        self._run("createdb", "-h", "127.0.0.1", "-p", str(self.port), "-U", "alumni", name)
        return f"postgres://alumni@127.0.0.1:{self.port}/{name}"


@contextlib.contextmanager
def cluster(work):
    binaries = _binaries()
    folder = os.path.join(work, "postgres")
    os.makedirs(folder)
    prefix = []
    if os.geteuid() == 0:
        user = pwd.getpwnam("postgres")
        os.chown(folder, user.pw_uid, user.pw_gid)
        os.chmod(work, 0o755)
        prefix = ["runuser", "-u", "postgres", "--"]
    password = secrets.token_hex(16)

    def run(program, *arguments):
        return subprocess.run(prefix + [os.path.join(binaries, program), *arguments], check=True,
                              env=dict(os.environ, PGPASSWORD=password), stdout=subprocess.PIPE, text=True).stdout

    password_file = os.path.join(folder, "password")
    with open(password_file, "w") as f:
        f.write(password)
    os.chmod(password_file, 0o644)
    data = os.path.join(folder, "data")
    run("initdb", "-D", data, "-U", "alumni", "-E", "UTF8", "--auth-local=trust", "--auth-host=scram-sha-256",
        f"--pwfile={password_file}")
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    run("pg_ctl", "-D", data, "-l", os.path.join(folder, "log"), "-w", "start", "-o",
        f"-p {port} -c listen_addresses=127.0.0.1 -c unix_socket_directories={folder}")
    try:
        yield Server(folder, port, password, run)
    finally:
        run("pg_ctl", "-D", data, "-m", "fast", "stop")
        shutil.rmtree(folder, ignore_errors=True)
