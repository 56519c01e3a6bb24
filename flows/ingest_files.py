"""Find article files under the given sources and read the ones the manifest has not seen."""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import pyarrow as pa

from flows.schemas import RAW
from transforms.decode import DecodeFailure, decode_bytes
from transforms.stage import Reject, article_id_for

# A news article is a few kilobytes; a file this large is a dump or a mistake, not an article.
MAX_FILE_BYTES = 5 * 1024 * 1024


class SourceNotFound(FileNotFoundError):
    pass


@dataclass(frozen=True)
class SourceFile:
    uri: str
    path: Path
    source_name: str
    size: int


@dataclass
class Ingested:
    raw: pa.Table
    rejects: list[Reject]
    skipped: int


# What `akhbar run` reads when given no source: the sample articles shipped with the project.
DEFAULT_SOURCES = [Path(__file__).resolve().parent.parent / "seeds" / "articles"]


def discover(sources: list[str | Path]) -> list[SourceFile]:
    """Every `*.txt` under each source folder (recursively), or the source file itself.

    The source's own name (the folder's, or a single file's parent folder's) becomes
    `source_name`. A file reached through two sources is listed once.
    """
    found: dict[str, SourceFile] = {}
    for source in sources:
        root = Path(source).expanduser()
        if root.is_dir():
            name = root.resolve().name
            files = [(real, size) for _, real, size in sorted(_text_files(str(root.resolve())))]
        elif root.is_file():
            resolved = root.resolve()
            files, name = [(str(resolved), resolved.stat().st_size)], resolved.parent.name
        else:
            raise SourceNotFound(f"source {source} is neither a folder nor a file")
        for path, size in files:
            resolved = Path(path)
            uri = resolved.as_uri()
            found.setdefault(uri, SourceFile(uri, resolved, name, size))
    return list(found.values())


def _text_files(folder: str) -> Iterator[tuple[str, str, int]]:
    """(path, real path, size) of every `*.txt` file below a resolved folder (links to folders not followed).

    One directory scan each, no per-file path resolution: only a link needs resolving (a
    nightly run lists every file of the archive, a hundred thousand and more).
    """
    with os.scandir(folder) as entries:
        for entry in entries:
            if entry.is_dir(follow_symlinks=False):
                yield from _text_files(entry.path)
            elif entry.name.endswith(".txt") and entry.is_file():
                path = os.path.realpath(entry.path) if entry.is_symlink() else entry.path
                yield entry.path, path, entry.stat().st_size


def _sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def unseen(files: list[SourceFile], seen: Mapping[str, set[str]]) -> tuple[list[SourceFile], int]:
    """The files whose content the manifest lacks, and the number it already has.

    Hashes only files whose URI the manifest knows, so that the batches (and their workers)
    get exactly the new work; a file that cannot be read is passed on for `read_new` to reject.
    """
    todo, skipped = [], 0
    for file in files:
        known = seen.get(file.uri)
        if known:
            try:
                if _sha256_file(file.path) in known:
                    skipped += 1
                    continue
            except OSError:
                pass
        todo.append(file)
    return todo, skipped


def read_new(
    files: list[SourceFile],
    seen: set[tuple[str, str]],
    run_id: str,
    ingested_at: datetime,
    max_bytes: int = MAX_FILE_BYTES,
) -> Ingested:
    """Read and decode the files whose (uri, sha256) the manifest lacks.

    Files too large, empty, binary or undecodable become rejects with a reason; so does a
    file that vanished or cannot be read between discovery and reading.
    """
    rows: list[dict] = []  # the RAW columns a file has; the feed-only hints stay null
    rejects: list[Reject] = []
    skipped = 0
    for file in files:
        article_id = article_id_for(file.uri)
        try:
            if file.size > max_bytes:
                sha = _sha256_file(file.path)
                if (file.uri, sha) in seen:
                    skipped += 1
                else:
                    rejects.append(Reject(file.uri, "too_large", f"{file.size:,} bytes; the limit is {max_bytes:,}", sha, article_id))
                continue
            data = file.path.read_bytes()
        except OSError as exc:
            rejects.append(Reject(file.uri, "unreadable", f"{type(exc).__name__}: {exc.strerror or exc}", None, article_id))
            continue
        sha = hashlib.sha256(data).hexdigest()
        if (file.uri, sha) in seen:
            skipped += 1
            continue
        try:
            decoded = decode_bytes(data)
        except DecodeFailure as failure:
            rejects.append(Reject(file.uri, failure.reason, failure.detail, sha, article_id))
            continue
        rows.append(
            {
                "article_id": article_id,
                "source_uri": file.uri,
                "source_name": file.source_name,
                "raw_sha256": sha,
                "encoding": decoded.encoding,
                "raw_text": decoded.text,
                "run_id": run_id,
                "ingested_at": ingested_at,
            }
        )
    return Ingested(pa.Table.from_pylist(rows, schema=RAW), rejects, skipped)
