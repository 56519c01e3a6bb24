"""Find article files under the given sources and read the ones the manifest has not seen."""

from __future__ import annotations

import hashlib
import os
import time
from collections.abc import Iterator, Mapping, Set
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import NamedTuple
from urllib.parse import quote_from_bytes

import pyarrow as pa

from flows.schemas import RAW
from transforms.decode import DecodeFailure, decode_bytes
from transforms.stage import Reject, article_id_for

# A news article is a few kilobytes; a file this large is a dump or a mistake, not an article.
MAX_FILE_BYTES = 5 * 1024 * 1024


class SourceNotFound(FileNotFoundError):
    pass


class SourceFile(NamedTuple):
    """A file found under a source (a tuple: a nightly scan makes one per file of the archive)."""

    uri: str
    path: str  # kept a string: a Path and its URI per file cost a nightly scan of 100,000 files 3 s
    source_name: str
    size: int
    mtime_ns: int | None = None  # with the size, tells an unchanged file without reading it


@dataclass
class Ingested:
    raw: pa.Table
    rejects: list[Reject]
    skipped: int
    stats: dict[str, tuple[int, int | None]] = field(default_factory=dict)  # uri: (size, mtime_ns) of files read


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
            files = [(real, size, mtime) for _, real, size, mtime in sorted(_text_files(str(root.resolve())))]
        elif root.is_file():
            resolved = root.resolve()
            stat = resolved.stat()
            files, name = [(str(resolved), stat.st_size, stat.st_mtime_ns)], resolved.parent.name
        else:
            raise SourceNotFound(f"source {source} is neither a folder nor a file")
        for path, size, mtime in files:
            uri = "file://" + quote_from_bytes(os.fsencode(path))  # Path.as_uri() of an absolute path
            found.setdefault(uri, SourceFile(uri, path, name, size, mtime))
    return list(found.values())


# A listing just taken, kept for the flow that follows in the same process: `akhbar run` lists
# the sources to see whether anything is new before Prefect starts, and the flow would list
# them again (1.4 s for 200,000 files). Taken once, and only while this fresh: a file that
# arrives meanwhile waits for the next run, as one arriving during a run does.
LISTING_KEPT_SECONDS = 60.0
_kept: tuple[tuple[str, ...], float, list[SourceFile]] | None = None


def keep_listing(sources: list[str | Path], files: list[SourceFile]) -> None:
    """Keep `discover(sources)`'s result for the next `discover_once` of the same sources."""
    global _kept
    _kept = (tuple(map(str, sources)), time.monotonic(), files)


def discover_once(sources: list[str | Path]) -> list[SourceFile]:
    """The listing kept of these sources in the last LISTING_KEPT_SECONDS (then let go), or `discover(sources)`."""
    global _kept
    kept, _kept = _kept, None
    if kept is not None and kept[0] == tuple(map(str, sources)) and time.monotonic() - kept[1] <= LISTING_KEPT_SECONDS:
        return kept[2]
    return discover(sources)


def _text_files(folder: str) -> Iterator[tuple[str, str, int, int]]:
    """(path, real path, size, mtime in ns) of every `*.txt` file below a resolved folder (links to folders not followed).

    One directory scan each, no per-file path resolution: only a link needs resolving (a
    nightly run lists every file of the archive, a hundred thousand and more). Two numbers, not
    the stat result: 100,000 of those held at once left the flow's process 60 MB larger.
    """
    with os.scandir(folder) as entries:
        for entry in entries:
            if entry.is_dir(follow_symlinks=False):
                yield from _text_files(entry.path)
            elif entry.name.endswith(".txt") and entry.is_file():
                path = os.path.realpath(entry.path) if entry.is_symlink() else entry.path
                stat = entry.stat()
                yield entry.path, path, stat.st_size, stat.st_mtime_ns


def _sha256_file(path: str) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


@dataclass
class Selection:
    """The files a run must read, how many it need not, and the manifest stamps to refresh."""

    todo: list[SourceFile]
    skipped: int
    restamp: list[tuple[str, str, int, int | None]]  # (uri, sha256, size, mtime_ns): same content, new stat


def unseen(files: list[SourceFile], seen: Mapping[str, set[str]], unchanged: Set[str] = frozenset()) -> Selection:
    """The files whose content the manifest lacks, and the number it already has.

    A file in `unchanged` (the manifest recorded it with the same size and modification time)
    is not read at all, as rsync's quick check: a night's run then costs a directory scan, not
    a read of the archive. The others are hashed only when the manifest knows their URI, so that
    the batches (and their workers) get exactly the new work; a known file found unchanged by
    its hash is restamped, so it is not hashed again. A file that cannot be read is passed on
    for `read_new` to reject.
    """
    todo, skipped, restamp = [], 0, []
    for file in files:
        if file.uri in unchanged:
            skipped += 1
            continue
        known = seen.get(file.uri)
        if known:
            try:
                sha = _sha256_file(file.path)
            except OSError:
                sha = None
            if sha in known:
                skipped += 1
                restamp.append((file.uri, sha, file.size, file.mtime_ns))
                continue
        todo.append(file)
    return Selection(todo, skipped, restamp)


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
    stats = {file.uri: (file.size, file.mtime_ns) for file in files}
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
            with open(file.path, "rb") as handle:
                data = handle.read()
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
    return Ingested(pa.Table.from_pylist(rows, schema=RAW), rejects, skipped, stats)
