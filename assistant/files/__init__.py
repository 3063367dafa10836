"""The user's files, trusted both ways: every output written whole inside the folder they chose
(`writing`), every input read in its own encoding, bounded and strict (`encoding`, `reading`)."""

from .encoding import detect_encoding
from .reading import bounded_lines, load_data, read_text
from .writing import Folder, PathError, path_error, write_file

__all__ = [
    "Folder",
    "PathError",
    "bounded_lines",
    "detect_encoding",
    "load_data",
    "path_error",
    "read_text",
    "write_file",
]
