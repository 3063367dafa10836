"""Where the page keeps the files it offers for download, so nothing is shared or left behind.

Each user of the machine gets a private folder (`<tmp>/omniteam-ui-<uid>`, mode 700), each
server process a folder in it (named by its pid) and each browser session a folder in that.
A session's folder is removed when its page is closed; a server's folder (with Gradio's copy
of the files, which `GRADIO_TEMP_DIR` points there) is removed by the next server that starts
and finds its process gone.
"""

from __future__ import annotations

import os
import re
import shutil
import tempfile
from pathlib import Path

from assistant.errors import ConfigError


def user_root() -> Path:
    """This user's private folder for the page's files (created with mode 700, checked to be ours)."""
    root = Path(tempfile.gettempdir()) / f"omniteam-ui-{os.getuid()}"
    root.mkdir(mode=0o700, exist_ok=True)
    if root.is_symlink() or root.stat().st_uid != os.getuid():
        raise ConfigError(f"{root} belongs to another user; set TMPDIR to a folder of yours", setting="TMPDIR")
    root.chmod(0o700)
    return root


def server_root() -> Path:
    """This server process's folder."""
    return user_root() / str(os.getpid())


def session_folder(session_hash: str | None) -> Path:
    """The folder of one browser session (Gradio's session hash; "local" when called directly)."""
    return server_root() / (re.sub(r"[^A-Za-z0-9_-]", "", session_hash or "") or "local")


def forget_session(session_hash: str | None) -> None:
    """Remove a session's files (its page was closed)."""
    shutil.rmtree(session_folder(session_hash), ignore_errors=True)


def prepare() -> Path:
    """On start: remove the folders of servers that are gone, and point Gradio's file cache
    into this server's folder. Returns that folder."""
    for folder in user_root().iterdir():
        if folder.name.isdigit() and not _alive(int(folder.name)):
            shutil.rmtree(folder, ignore_errors=True)
    cache = server_root() / "gradio"
    cache.mkdir(parents=True, exist_ok=True)
    os.environ["GRADIO_TEMP_DIR"] = str(cache)
    return server_root()


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
