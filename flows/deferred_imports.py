"""Modules that load only when first used, not when imported.

Great Expectations imports every expectation it ships when it is imported, and one of them
(the KL divergence) imports altair and scipy.stats for its charts and statistics. akhbar's
suites use neither, yet every process that validates paid for them: 77 MB of resident memory
and some 2 s of its start, in the flow's process and in each worker alike. Imported through
`importlib.util.LazyLoader`, such a module is an empty shell until code reads one of its
attributes, when it loads in full, so an expectation that does use them still works.
"""

from __future__ import annotations

import importlib.abc
import importlib.util
import sys

UNUSED_BY_THE_SUITES = ("altair", "scipy.stats")


class _Deferred(importlib.abc.MetaPathFinder):
    def __init__(self, names: tuple[str, ...]) -> None:
        self.names = frozenset(names)

    def find_spec(self, name, path=None, target=None):
        if name not in self.names:
            return None
        for finder in sys.meta_path:
            if finder is self or not hasattr(finder, "find_spec"):
                continue
            spec = finder.find_spec(name, path, target)
            if spec is not None:
                break
        else:
            return None
        if spec.loader is not None and hasattr(spec.loader, "exec_module"):
            spec.loader = importlib.util.LazyLoader(spec.loader)
        return spec


def defer(names: tuple[str, ...] = UNUSED_BY_THE_SUITES) -> None:
    """Load `names` on first use from now on; a module already imported stays as it is."""
    if not any(isinstance(finder, _Deferred) for finder in sys.meta_path):
        sys.meta_path.insert(0, _Deferred(names))
