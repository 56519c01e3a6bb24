"""The Parquet lake: a local folder or any pyarrow filesystem URI (s3://…, gs://…, file://…).

On one machine the lake is a folder beside the warehouse; on a cluster it is object storage
that every worker can write and the loading process can read. All lake I/O goes through a
`Lake`, which holds only its URI (so it pickles cheaply to worker processes and Dask workers)
and opens the filesystem on first use.

A reader never sees half a file: on a local disk a file is written under a temporary name in
its final folder and renamed into place (a crash leaves at worst a `.tmp` file that no reader
globs); on object storage an object appears whole when its upload completes.
"""

from __future__ import annotations

import os
import uuid
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cached_property
from itertools import groupby
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.dataset as ds
import pyarrow.fs as pafs
import pyarrow.parquet as pq

TEMPORARY_SUFFIX = ".tmp"
# Without a lake URI, the lake is this folder inside the warehouse folder.
FOLDER = "lake"
# Commands take the lake's URI from --lake, else from this variable.
ENVIRONMENT = "AKHBAR_LAKE"


@dataclass(frozen=True)
class Lake:
    uri: str

    @classmethod
    def at(cls, location: str | Path) -> Lake:
        """A lake from a folder path or a filesystem URI."""
        location = str(location)
        return cls(location if "://" in location else Path(location).resolve().as_posix())

    @classmethod
    def of(cls, warehouse: str | Path, location: str | Path | None = None) -> Lake:
        """The lake at `location`, else at $AKHBAR_LAKE, else in the warehouse folder."""
        return cls.at(location or os.environ.get(ENVIRONMENT) or Path(warehouse) / FOLDER)

    @cached_property
    def _opened(self) -> tuple[pafs.FileSystem, str]:
        if "://" not in self.uri:
            return pafs.LocalFileSystem(), self.uri
        filesystem, root = pafs.FileSystem.from_uri(self.uri)
        return filesystem, root.rstrip("/")

    @property
    def filesystem(self) -> pafs.FileSystem:
        return self._opened[0]

    @property
    def is_local(self) -> bool:
        return isinstance(self.filesystem, pafs.LocalFileSystem)

    def __str__(self) -> str:
        """The URI without credentials, for logs and summaries."""
        parts = urlsplit(self.uri)
        if "@" not in parts.netloc:
            return urlunsplit(parts._replace(query=""))
        return urlunsplit(parts._replace(netloc=parts.netloc.rsplit("@", 1)[1], query=""))

    def path(self, *parts: str) -> str:
        """A path inside the lake, as the filesystem names it."""
        return "/".join((self._opened[1], *parts))

    # --- writing ---------------------------------------------------------------------------

    def write_parquet(self, table: pa.Table, path: str) -> str:
        with self._writing(path) as temporary:
            pq.write_table(table, temporary, compression="zstd", filesystem=self.filesystem)
        return path

    def write_text(self, text: str, path: str) -> str:
        with self._writing(path) as temporary, self.filesystem.open_output_stream(temporary) as out:
            out.write(text.encode("utf-8"))
        return path

    def write_partitioned(self, table: pa.Table, folder: str, column: str, basename: str) -> list[str]:
        """Hive-partition `table` by `column` (`folder/column=value/basename.parquet`), one file a value."""
        if table.num_rows == 0:
            return []
        # One stable sort, then a zero-copy slice a value: filtering the table once a value would
        # copy every row's text once per date, and a backfill's batch spans hundreds of dates.
        ordered = table.take(pc.sort_indices(table, sort_keys=[(column, "ascending", "at_end")]))
        values = ordered.column(column).to_pylist()
        rest = ordered.drop_columns([column])
        written, start = [], 0
        for value, run in groupby(values):
            length = sum(1 for _ in run)
            name = "__HIVE_DEFAULT_PARTITION__" if value is None else value
            written.append(self.write_parquet(rest.slice(start, length), f"{folder}/{column}={name}/{basename}.parquet"))
            start += length
        return written

    @contextmanager
    def _writing(self, path: str):
        """Yield the name to write `path` under: a temporary one on a local disk, renamed on success."""
        self.filesystem.create_dir(path.rsplit("/", 1)[0], recursive=True)
        if not self.is_local:
            yield path
            return
        folder, name = path.rsplit("/", 1)
        temporary = f"{folder}/.{name}.{uuid.uuid4().hex}{TEMPORARY_SUFFIX}"
        try:
            yield temporary
            self.filesystem.move(temporary, path)
        finally:
            Path(temporary).unlink(missing_ok=True)

    # --- reading and moving ----------------------------------------------------------------

    def read_text(self, path: str) -> str:
        with self.filesystem.open_input_stream(path) as stream:
            return stream.read().decode("utf-8")

    def files(self, folder: str, suffix: str = "") -> list[str]:
        """Every file below `folder` (sorted; none if it does not exist), temporary files left out."""
        return sorted(self.modified(folder, suffix))

    def modified(self, folder: str, suffix: str = "") -> dict[str, float]:
        """Every file below `folder`, with the time it was last written (POSIX seconds)."""
        infos = self.filesystem.get_file_info(pafs.FileSelector(folder, recursive=True, allow_not_found=True))
        return {
            info.path: info.mtime.timestamp() if info.mtime else 0.0
            for info in infos
            if info.type == pafs.FileType.File and info.path.endswith(suffix) and not info.base_name.endswith(TEMPORARY_SUFFIX)
        }

    def folders(self, folder: str) -> list[str]:
        """The names of the folders directly below `folder`."""
        infos = self.filesystem.get_file_info(pafs.FileSelector(folder, allow_not_found=True))
        return sorted(info.base_name for info in infos if info.type == pafs.FileType.Directory)

    def dataset(self, folder: str, hive: pa.Schema | None = None) -> ds.Dataset | None:
        """The Parquet files below `folder` as one dataset (None when there are none)."""
        paths = self.files(folder, ".parquet")
        if not paths:
            return None
        partitioning = ds.partitioning(hive, flavor="hive") if hive is not None else None
        return ds.dataset(paths, filesystem=self.filesystem, format="parquet", partitioning=partitioning,
                          partition_base_dir=folder)

    def move(self, source: str, target: str) -> None:
        """Move one file (a rename on a local disk, so atomic there; copy and delete on object storage)."""
        self.filesystem.create_dir(target.rsplit("/", 1)[0], recursive=True)
        self.filesystem.move(source, target)

    def delete_folder(self, folder: str) -> None:
        try:
            self.filesystem.delete_dir(folder)
        except FileNotFoundError:
            pass
