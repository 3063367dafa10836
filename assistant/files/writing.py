"""Writing the user's files: whole or not at all, inside the folder they chose, one clear line when the disk says no.

A `Folder` is a folder the user named (`--out`, the folder of `--output`), opened once. Every
file in it is written to a hidden temporary file beside the target, flushed to the disk
(fsync) and renamed into place, so a full disk, a killed process or a reader at the same
moment never sees half a file. Nothing below the chosen folder is followed when it is a
symbolic link, and names are single entries, so no write leaves the folder: a colleague's
link in a shared folder is refused, not written through. The folder itself may be a link:
the user named it.

Every problem the file system reports (a file where a folder is needed and the reverse,
permission denied, a read-only or full disk, a missing parent, a link) becomes one
`PathError` line naming the path, what is wrong and what to do.
"""

from __future__ import annotations

import errno
import os
import secrets
import stat
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import IO, Any

from ..errors import InputError

_NOFOLLOW = os.O_NOFOLLOW | os.O_CLOEXEC
_MODES = {  # open() modes a Folder hands out, as flags that never follow a link
    "w": os.O_WRONLY | os.O_CREAT | os.O_TRUNC,
    "a": os.O_WRONLY | os.O_CREAT | os.O_APPEND,
    "a+": os.O_RDWR | os.O_CREAT | os.O_APPEND,
}
_PROBLEMS = {  # errno: (what is wrong, what to do first)
    errno.ENOSPC: ("the disk is full", "free some space"),
    errno.EDQUOT: ("the disk quota is used up", "free some space"),
    errno.EACCES: ("permission denied", "ask for write access"),
    errno.EPERM: ("permission denied", "ask for write access"),
    errno.EROFS: ("the disk is read-only", "use a writable disk"),
    errno.EFBIG: ("the file is too large for this disk", "use another disk"),
}
_OF_THE_FOLDER = (errno.EACCES, errno.EPERM, errno.EROFS)  # about the folder when its entry is new
PART = ".part"  # the ending of a temporary file, while it is written


class PathError(InputError):
    """A file or folder cannot be written; `path` is the entry at fault."""

    def __init__(self, message: str, *, path: Path):
        self.path = path
        super().__init__(message, field="path")


def path_error(error: OSError, path: Path, hint: str) -> PathError:
    """The one-line error for `error` at `path`: the path, what is wrong there, what to do, or `hint`."""
    problem, advice = _PROBLEMS.get(error.errno or 0) or _describe(path, error)
    return PathError(f"{path}: {problem}; {advice}, or {hint}", path=path)


def _describe(path: Path, error: OSError) -> tuple[str, str]:
    """What is wrong with the entry `path` itself: its kind, a link, or it is missing."""
    try:
        mode: int | None = path.lstat().st_mode
    except OSError:
        mode = None
    if mode is not None and stat.S_ISLNK(mode):
        return "a symbolic link (omniteam writes nothing through a link)", "remove the link"
    if mode is not None and not stat.S_ISDIR(mode) and error.errno in (errno.ENOTDIR, errno.EEXIST):
        return "a file where a folder is needed", "move the file away"
    if mode is not None and stat.S_ISDIR(mode):
        return "a folder where a file is needed", "move the folder away"
    if error.errno == errno.ENOENT:
        return "no such folder", "create it"
    return error.strerror or type(error).__name__, "check the path"


def _entry(name: str) -> str:
    """`name` if it is one entry of a folder (no separator, not `.` or `..`), else a `ValueError`."""
    if not name or "/" in name or "\0" in name or name in (".", ".."):
        raise ValueError(f"not a single folder entry: {name!r}")
    return name


class Folder:
    """A folder to write files into, whole and without following links; a context manager.

    `hint` is what the user can do instead ("choose another --out folder"); it ends every
    error line. `create` makes the folder and its parents when missing.
    """

    def __init__(self, path: Path, *, hint: str, create: bool = True, _parent: Folder | None = None):
        self.path = Path(path)
        self.hint = hint
        self._children: list[Folder] = []
        try:
            if _parent is None:
                self._fd = self._open_chosen(create)
            else:
                self._fd = _parent._open_child(self.path.name)
        except OSError as error:
            raise path_error(error, self._at_fault(error), hint) from None

    def _open_chosen(self, create: bool) -> int:
        if create:
            self.path.mkdir(parents=True, exist_ok=True)
        return os.open(self.path, os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)

    def _open_child(self, name: str) -> int:
        with suppress(FileExistsError):
            os.mkdir(name, dir_fd=self._fd)
        return os.open(name, os.O_RDONLY | os.O_DIRECTORY | _NOFOLLOW, dir_fd=self._fd)

    def _at_fault(self, error: OSError) -> Path:
        """The entry an error is about: the first of this folder and its parents that is not a folder
        (or, below the chosen folder, a link), else the first that is missing, else this folder."""
        chain = [*reversed(self.path.parents), self.path]
        if error.errno in (errno.ENOTDIR, errno.EEXIST, errno.ELOOP):
            return next((entry for entry in chain if entry.exists() and not entry.is_dir()), self.path)
        if error.errno == errno.ENOENT:
            return next((entry for entry in chain if not entry.exists()), self.path)
        return self.path

    def error(self, error: OSError, name: str) -> PathError:
        """The one-line error for `error` while writing the entry `name` (a new entry that cannot
        be made is the folder's problem, and named so)."""
        entry = self.path / name
        if error.errno in _OF_THE_FOLDER and not os.path.lexists(entry):
            entry = self.path
        return path_error(error, entry, self.hint)

    def folder(self, name: str) -> Folder:
        """The subfolder `name`, created when missing; refused when it is a file or a link."""
        child = Folder(self.path / _entry(name), hint=self.hint, _parent=self)
        self._children.append(child)
        return child

    def check(self, name: str) -> None:
        """Refuse the file `name` when it is a link (nothing is written through one) or a folder."""
        try:
            mode = os.stat(_entry(name), dir_fd=self._fd, follow_symlinks=False).st_mode
        except FileNotFoundError:
            return
        if stat.S_ISLNK(mode) or stat.S_ISDIR(mode):
            raise self.error(OSError(errno.ELOOP if stat.S_ISLNK(mode) else errno.EISDIR, name), name)

    def write(self, name: str, content: bytes | str) -> Path:
        """Write `content` (text as UTF-8) to `name` whole: a temporary file, fsync, rename."""
        data = content.encode("utf-8") if isinstance(content, str) else content
        with self.replacing(name, binary=True) as handle:
            handle.write(data)
        return self.path / name

    @contextmanager
    def replacing(self, name: str, *, binary: bool = False, **text: Any) -> Iterator[IO[Any]]:
        """A file to write `name` through, piece by piece; it replaces `name` only when the block ends
        without an error (text mode takes `encoding` and `newline`; UTF-8 by default)."""
        self.check(name)
        temporary = f".{_entry(name)}.{secrets.token_hex(4)}{PART}"
        try:
            fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL | _NOFOLLOW, 0o666, dir_fd=self._fd)
        except OSError as error:
            raise self.error(error, name) from None
        try:
            with os.fdopen(fd, "wb" if binary else "w", **({} if binary else {"encoding": "utf-8", **text})) as handle:
                yield handle
                handle.flush()
                os.fsync(handle.fileno())
            self.check(name)
            os.replace(temporary, name, src_dir_fd=self._fd, dst_dir_fd=self._fd)
        except OSError as error:
            os.unlink(temporary, dir_fd=self._fd)
            raise self.error(error, name) from None
        except BaseException:
            os.unlink(temporary, dir_fd=self._fd)
            raise

    def remove(self, name: str) -> None:
        """Remove the file `name` (never what a link points to), if it is there."""
        with suppress(FileNotFoundError):
            os.unlink(_entry(name), dir_fd=self._fd)

    def open(self, name: str, mode: str = "a") -> IO[str]:
        """`name` opened as UTF-8 text in mode "w", "a" or "a+", refused when it is a link (for
        append-only logs and locks, which are never replaced whole)."""
        try:
            fd = os.open(_entry(name), _MODES[mode] | _NOFOLLOW, 0o666, dir_fd=self._fd)
        except OSError as error:
            raise self.error(error, name) from None
        return os.fdopen(fd, mode, encoding="utf-8")

    def sweep(self) -> None:
        """Remove the temporary files a killed process left behind."""
        for entry in os.scandir(self._fd):
            if entry.name.startswith(".") and entry.name.endswith(PART) and entry.is_file(follow_symlinks=False):
                with suppress(FileNotFoundError):
                    os.unlink(entry.name, dir_fd=self._fd)

    def sync(self) -> None:
        """Make the renames in this folder and its subfolders durable (fsync of the folders)."""
        for child in self._children:
            child.sync()
        os.fsync(self._fd)

    def close(self) -> None:
        for child in self._children:
            child.close()
        os.close(self._fd)

    def __enter__(self) -> Folder:
        return self

    def __exit__(self, *exc_info) -> None:
        self.close()


def write_file(path: Path, content: bytes | str, *, hint: str, parents: bool = False) -> Path:
    """Write one file whole (`omniteam plan --output`, an eval report); `parents` creates its folder."""
    path = Path(path)
    with Folder(path.parent, hint=hint, create=parents) as folder:
        folder.write(path.name, content)
        folder.sync()
    return path
