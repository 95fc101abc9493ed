"""The course's addresses, every one built from a single place: ``Repository`` under
``[project.urls]`` in ``pyproject.toml``.

The Binder badge, the "Open in Colab" links, the website's links, the notebooks' Colab install
cell and the nbgitpuller link all come from here; ``tests`` check that nothing else spells the
address out. To run the course from a fork, change ``Repository`` and run ``make links``.
"""

import re
import tomllib
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parent.parent
BRANCH = "main"
"""The branch Binder, Colab and the hub read."""

_GITHUB = re.compile(r"^https://github\.com/(?P<owner>[\w.-]+)/(?P<name>[\w.-]+?)(?:\.git)?/?$")


def repository_url(root=ROOT):
    """``[project.urls] Repository`` of ``root/pyproject.toml``: ``https://github.com/OWNER/NAME``."""
    with open(Path(root) / "pyproject.toml", "rb") as f:
        url = tomllib.load(f)["project"]["urls"]["Repository"]
    if not _GITHUB.match(url):
        raise ValueError(f"Repository in pyproject.toml should be https://github.com/OWNER/NAME, "
                         f"got {url!r}")
    return url.rstrip("/").removesuffix(".git")


def github_slug(url=None):
    """``"owner/name"`` of a GitHub address (the course's own by default)."""
    match = _GITHUB.match(url or repository_url())
    if not match:
        raise ValueError(f"expected https://github.com/OWNER/NAME, got {url!r}")
    return f"{match['owner']}/{match['name']}"


def binder_url(notebook="00_welcome.ipynb", url=None, branch=BRANCH, folder="notebooks"):
    """The Binder launch address that opens ``<folder>/<notebook>`` in JupyterLab: the course's
    ``notebooks/``, or a translation's, e.g. ``folder="translations/fa"`` (JupyterLab tells the
    kernel the notebook's path, so its checks answer in the notebook's language)."""
    return (f"https://mybinder.org/v2/gh/{github_slug(url)}/{branch}"
            f"?urlpath={quote(f'lab/tree/{folder}/{notebook}', safe='/')}")


def colab_url(notebook, url=None, branch=BRANCH, folder="notebooks"):
    """The "Open in Colab" address of ``<folder>/<notebook>`` (``notebooks/`` or a translation's
    folder, e.g. ``translations/fa``)."""
    return (f"https://colab.research.google.com/github/{github_slug(url)}/blob/{branch}/"
            f"{folder}/{notebook}")


def pip_spec(url=None, branch=BRANCH):
    """What ``pip install`` takes to install bpcourse straight from the repository."""
    return f"git+{url or repository_url()}@{branch}"


STUDENT_BRANCH = "student"
"""The branch the student edition is published on (``make student-repo``)."""


def student_branch(language=None):
    """The branch the student edition in ``language`` is published on: ``student`` in English
    (``None`` or ``"en"``), ``student-<language>`` for a translation (``student-fa``), so that one
    repository can hold every edition."""
    return STUDENT_BRANCH if language in (None, "en") else f"{STUDENT_BRANCH}-{language}"


STUDENT_FOLDER = "bpcourse"
"""The folder nbgitpuller puts the student edition in, in each student's home."""

HUB_URL = "http://127.0.0.1:8000"
"""The hub of ``hub/jupyterhub_config.py`` run on this machine with its defaults."""


def nbgitpuller_url(hub=HUB_URL, notebook="00_welcome.ipynb", url=None, branch=STUDENT_BRANCH,
                    folder=STUDENT_FOLDER):
    """The link that pulls the student edition (``branch`` of ``url``, the course's repository
    by default) into ``~/<folder>`` of whoever opens it on the JupyterHub at ``hub`` (starting
    their server if needed) and opens ``notebook`` in JupyterLab. Opening it again merges the
    instructor's new commits into the student's copy, keeping the student's edits."""
    query = "&".join(f"{key}={quote(value, safe='')}" for key, value in (
        ("repo", url or repository_url()), ("branch", branch), ("targetpath", folder),
        ("urlpath", f"lab/tree/{folder}/{notebook}")))
    return f"{hub.rstrip('/')}/hub/user-redirect/git-pull?{query}"
