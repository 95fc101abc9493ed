# The JupyterHub configuration the course recommends for a class whose servers all run on the
# hub's own machine (docs/teaching-a-class.md explains each choice). The hub test and
# `make class-bench` start exactly this file. From the repository root:
#
#     BPCOURSE_HUB_PASSWORD='a class password' .venv/bin/jupyterhub -f hub/jupyterhub_config.py
#
# then give the students the nbgitpuller link of `make student-repo`. Settings from the
# environment (defaults in brackets):
#   BPCOURSE_HUB_PASSWORD  the class's shared password, at least 8 characters (required)
#   BPCOURSE_HUB_IP        address the hub listens on [127.0.0.1]; a public one only behind HTTPS
#   BPCOURSE_HUB_PORT      its port [8000]
#   BPCOURSE_HUB_STATE     folder of the hub's database and cookie secret [build/hub-state]
#   BPCOURSE_HUB_HOMES     each student's home, {username} filled in [/srv/bpcourse/{username}]
#   BPCOURSE_HUB_RUNTIME   each student's Jupyter runtime folder, at most 53 characters
#                          [/tmp/jupyter-runtime-{username}]
#   BPCOURSE_HUB_SPAWNER   "plain" for JupyterHub's own SimpleLocalProcessSpawner, without the
#                          two fixes (only to measure what they fix: class_bench.py --plain)
#   BPCOURSE_HUB_PROXY     the configurable-http-proxy to run [the one pinned in
#                          hub/package-lock.json, which `npm ci` installs into build/hub-npm/
#                          when the lock has changed (hub/local_hub.py install_proxy)]
#   BPCOURSE_HUB_INSTRUCTORS  user names (comma-separated) put in the group `instructors`: they
#                          log in with the class's password and see the progress service's page,
#                          /services/progress/ (hub/progress_service.py) [none]
#   BPCOURSE_HUB_ADMINS    user names (comma-separated) of the hub's admins, who also see that
#                          page [none]; they log in with BPCOURSE_HUB_ADMIN_PASSWORD
#   BPCOURSE_HUB_ADMIN_PASSWORD  the admins' password, at least 32 characters, not the class's
import os
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))
from class_spawner import ClassSpawner, free_port  # noqa: E402

c = get_config()  # noqa: F821 (given by JupyterHub when it reads this file)
state = Path(os.environ.get("BPCOURSE_HUB_STATE", ROOT / "build" / "hub-state"))
state.mkdir(parents=True, exist_ok=True)

# --- the hub and its proxy ---------------------------------------------------------------------
c.JupyterHub.ip = os.environ.get("BPCOURSE_HUB_IP", "127.0.0.1")
c.JupyterHub.port = int(os.environ.get("BPCOURSE_HUB_PORT", "8000"))
c.JupyterHub.hub_ip = "127.0.0.1"
# the hub's API and the proxy's API on free ports, so two hubs on one machine do not collide
c.JupyterHub.hub_port = free_port()
c.ConfigurableHTTPProxy.api_url = f"http://127.0.0.1:{free_port()}"
if "BPCOURSE_HUB_PROXY" in os.environ:
    c.ConfigurableHTTPProxy.command = [os.environ["BPCOURSE_HUB_PROXY"]]
else:  # the pinned one, installed by npm ci into build/hub-npm/ when the lock has changed
    from local_hub import install_proxy
    c.ConfigurableHTTPProxy.command = [str(install_proxy())]
c.JupyterHub.db_url = f"sqlite:///{state / 'jupyterhub.sqlite'}"
c.JupyterHub.cookie_secret_file = str(state / "jupyterhub_cookie_secret")
c.JupyterHub.cleanup_servers = True  # stopping the hub stops every student's server

# --- who may log in: everyone who knows the class's password -----------------------------------
c.JupyterHub.authenticator_class = "shared-password"
c.SharedPasswordAuthenticator.user_password = os.environ.get("BPCOURSE_HUB_PASSWORD", "")
c.Authenticator.allow_all = True
admins = [name.strip() for name in os.environ.get("BPCOURSE_HUB_ADMINS", "").split(",")
          if name.strip()]
if admins:  # the shared-password authenticator lets admins in with a password of their own only
    c.Authenticator.admin_users = set(admins)
    c.SharedPasswordAuthenticator.admin_password = os.environ.get("BPCOURSE_HUB_ADMIN_PASSWORD")

# --- each student's server: same machine, ports remembered, kernels over Unix sockets ----------
c.JupyterHub.spawner_class = ClassSpawner
c.SimpleLocalProcessSpawner.home_dir_template = os.environ.get("BPCOURSE_HUB_HOMES",
                                                               "/srv/bpcourse/{username}")
c.ClassSpawner.runtime_dir_template = os.environ.get("BPCOURSE_HUB_RUNTIME",
                                                     "/tmp/jupyter-runtime-{username}")
# the single-user server of the hub's own environment (the course's pins, nbgitpuller)
c.Spawner.cmd = [str(Path(sys.executable).parent / "jupyterhub-singleuser")]
c.Spawner.default_url = "/lab"
if os.geteuid() == 0:
    c.Spawner.args = ["--allow-root"]  # containers and CI run as root
# a whole class starting at once on a few cores takes minutes, not seconds
c.Spawner.start_timeout = 600
c.Spawner.http_timeout = 600
c.JupyterHub.concurrent_spawn_limit = 200

# --- the progress service: every check's verdict, a live page for instructors ------------------
# hub/progress_service.py, started and restarted by the hub, keeps the records in
# progress.sqlite in the state folder; docs/teaching-a-class.md, section 7
progress_url = f"http://127.0.0.1:{free_port()}"
c.JupyterHub.services = [{
    "name": "progress",
    "url": progress_url,
    "command": [sys.executable, str(HERE / "progress_service.py")],
    "environment": {"BPCOURSE_HUB_STATE": str(state)},
    "oauth_no_confirm": True,  # instructors go straight to the page, no "authorize" question
    "display": False,  # not in the students' Services menu: instructors open the page's URL
}]
c.JupyterHub.load_roles = [
    # every user may reach the service: a student's kernel to report, an instructor to read
    # (the service itself lets only admins and the group `instructors` see the page)
    {"name": "user", "scopes": ["self", "access:services!service=progress"]},
    # the service lists the hub's users, so that students with no record show as not started
    {"name": "progress-service", "services": ["progress"],
     "scopes": ["list:users", "read:users:name", "read:users:groups"]},
]
c.JupyterHub.load_groups = {
    "instructors": {"users": [name.strip() for name in
                              os.environ.get("BPCOURSE_HUB_INSTRUCTORS", "").split(",")
                              if name.strip()]}}
# each server's token ($JUPYTERHUB_API_TOKEN, which its kernels inherit) may reach the service:
# the server role's two scopes and access to the progress service
c.Spawner.server_token_scopes = ["users:activity!user", "access:servers!server",
                                 "access:services!service=progress"]
# where a student's kernel sends its records (bpcourse/classroom/progress.py): to the service
# directly, on this machine, under the prefix the hub gives it
c.Spawner.environment = {"BPCOURSE_PROGRESS_URL": f"{progress_url}/services/progress"}

if os.environ.get("BPCOURSE_HUB_SPAWNER") == "plain":
    # for comparison only (benchmarks/class_bench.py --plain): JupyterHub's own spawner, with its
    # random ports and TCP kernels, i.e. with both races open
    c.JupyterHub.spawner_class = "simple"
