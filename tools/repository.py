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
    """``[project.urls] Repository`` of ``root/pyproject.toml``, e.g.
    ``https://github.com/bpcourse/bpcourse``."""
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


def binder_url(notebook="00_welcome.ipynb", url=None, branch=BRANCH):
    """The Binder launch address that opens ``notebooks/<notebook>`` in JupyterLab."""
    return (f"https://mybinder.org/v2/gh/{github_slug(url)}/{branch}"
            f"?urlpath={quote(f'lab/tree/notebooks/{notebook}', safe='')}")


def colab_url(notebook, url=None, branch=BRANCH):
    """The "Open in Colab" address of ``notebooks/<notebook>``."""
    return f"https://colab.research.google.com/github/{github_slug(url)}/blob/{branch}/notebooks/{notebook}"


def pip_spec(url=None, branch=BRANCH):
    """What ``pip install`` takes to install bpcourse straight from the repository."""
    return f"git+{url or repository_url()}@{branch}"
