"""A spawner for a class on one machine: every student's server and kernels run on the hub's host.

Two races appear when many students start at once on one host (seen with 80 simultaneous
students; docs/teaching-a-class.md):

1. **Two servers on one port.** ``LocalProcessSpawner.start`` (and ``SystemdSpawner.start``)
   asks the kernel for a free port (bind to port 0, read it, close the socket) and passes it to
   the new server, which binds it a second or more later. In between, another start (or a
   kernel) may be handed the same free port; one of the two servers then fails with "address
   already in use". :class:`PortLedger` remembers every port handed out until that server
   stops, and never lets a second server have one.
2. **Two kernels on one port.** jupyter_client picks a kernel's five TCP ports the same way, in
   the server process, and the kernel binds them later: two servers starting kernels at the same
   moment can pick the same port, and a kernel dies or hangs. :class:`IPCKernels` makes every
   kernel talk to its server over Unix sockets (``--KernelManager.transport=ipc``) in a short
   runtime folder of its own per student, so kernels use no TCP ports at all. (A Unix socket's
   path may be at most 107 bytes, hence a short folder rather than one deep in the home.)

:class:`ClassSpawner` puts both on JupyterHub's ``SimpleLocalProcessSpawner`` (every student a
folder under one Unix user: a trusted class on one machine, and the tests). For one Unix user per
student, put the two mix-ins in front of ``LocalProcessSpawner`` or ``SystemdSpawner`` (The
Littlest JupyterHub's) the same way. The server itself creates its runtime folder, as the
student, with mode 700.
"""

import socket

from jupyterhub.spawner import SimpleLocalProcessSpawner
from traitlets import HasTraits, Unicode, validate

MAX_RUNTIME_DIR = 107 - len("/kernel-00000000-0000-0000-0000-000000000000-ipc-00000")
"""A Unix socket's path has at most 107 bytes; a kernel's is its runtime folder + this tail."""


def free_port(host="127.0.0.1"):
    """A TCP port nothing listens on at this moment (it may be taken a moment later)."""
    with socket.socket() as sock:
        sock.bind((host, 0))
        return sock.getsockname()[1]


class PortLedger(HasTraits):  # HasTraits: so that the validator below applies to ``port``
    """Never give a server a port another server of this hub holds or is about to bind.

    Whatever port the spawner picks (``LocalProcessSpawner`` and ``SystemdSpawner`` both ask
    the kernel for a free one when they start), it is checked against the ledger: the ports
    handed out by this hub process and not yet released, and those of servers already running
    when the hub (re)started. A port in the ledger is replaced by a free one that is not."""

    given = set()
    """Ports held by this hub's servers (running or starting), shared by all its spawners."""

    _held = 0

    @validate("port")
    def _a_port_no_other_server_holds(self, proposal):
        port = proposal.value
        if port and port != self._held:
            for _ in range(100):
                if port not in PortLedger.given:
                    break
                port = free_port(self.ip or "127.0.0.1")
            else:
                raise RuntimeError("found no free port that no other server holds in 100 tries")
            self.release_port()
            PortLedger.given.add(port)
            self._held = port
        return port

    def release_port(self):
        PortLedger.given.discard(self._held)
        self._held = 0

    def load_state(self, state):
        super().load_state(state)
        server = getattr(self, "server", None)  # a server still running from before a restart
        if server is not None and server.port:
            PortLedger.given.add(server.port)

    async def start(self):
        self.release_port()
        self.port = 0  # a new port for each start, picked by the spawner, checked by the ledger
        try:
            return await super().start()
        except BaseException:
            self.release_port()
            raise

    async def stop(self, now=False):
        try:
            return await super().stop(now=now)
        finally:
            self.release_port()


class IPCKernels(HasTraits):  # HasTraits: so that the trait below is configurable
    """Kernels talk to their server over Unix sockets in a short folder of their own."""

    runtime_dir_template = Unicode(
        "/tmp/jupyter-runtime-{username}",
        config=True,
        help="""Each student's Jupyter runtime folder (connection files and the kernels' Unix
        sockets). Keep it short: a socket's path is this folder plus about 55 characters, and
        may be at most 107.""",
    )

    def runtime_dir(self):
        return self.runtime_dir_template.format(username=self.user.name)

    def get_args(self):
        return [*super().get_args(), "--KernelManager.transport=ipc"]

    def get_env(self):
        env = super().get_env()
        runtime = self.runtime_dir()
        if len(runtime) > MAX_RUNTIME_DIR:
            raise ValueError(f"runtime_dir_template should give a folder of at most "
                             f"{MAX_RUNTIME_DIR} characters (Unix socket paths), got {runtime!r}")
        env["JUPYTER_RUNTIME_DIR"] = runtime
        return env


class ClassSpawner(PortLedger, IPCKernels, SimpleLocalProcessSpawner):
    """``SimpleLocalProcessSpawner`` with the two same-host races closed (see the module)."""
