"""Parse a file in a child process while this one writes: the command's way to use a second core.

Reading PubMed XML costs about as much CPU as writing it to the database. For a large
file, ``parsed_in_background`` forks a child that runs the same parser on the same open
file and sends the records back in batches through a bounded queue (a few thousand
records in flight at most), so parsing and writing overlap. Records arrive in file
order; a file the parser refuses fails exactly as it would in-process.

Only the management command uses it (``fork`` is safe in a single-threaded command; a
threaded web server is another matter). The child never touches the database: it exits
with ``os._exit`` so it cannot close connections it inherited.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
from collections.abc import Callable, Iterator
from typing import BinaryIO

from literature.importers.detect import open_stream
from literature.importers.records import FileFormatError

CHUNK = 250  # records per message
IN_FLIGHT = 16  # messages queued at most


def available() -> bool:
    return "fork" in multiprocessing.get_all_start_methods()


def _child(parse: Callable, file: BinaryIO, queue) -> None:
    # Everything inherited from the parent (Django, the app) is set aside from the garbage
    # collector: its full collections would otherwise walk that heap again and again while the
    # records are built and pickled (and touch every page of it, copying what fork shared).
    gc.freeze()
    try:
        chunk = []
        for item in parse(open_stream(file)):
            chunk.append(item)
            if len(chunk) >= CHUNK:
                queue.put(("items", chunk))
                chunk = []
        queue.put(("items", chunk))
        queue.put(("done", None))
    except FileFormatError as exc:
        queue.put(("format-error", str(exc)))
    except BaseException as exc:  # noqa: BLE001 - reported to the parent, which decides
        queue.put(("error", f"{exc.__class__.__name__}: {exc}"))
    finally:
        queue.close()
        queue.join_thread()
        os._exit(0)


def parsed_in_background(parse: Callable, file: BinaryIO) -> Iterator:
    """The items ``parse(open_stream(file))`` yields, produced by a forked child process."""
    ctx = multiprocessing.get_context("fork")
    queue = ctx.Queue(maxsize=IN_FLIGHT)
    file.seek(0)
    child = ctx.Process(target=_child, args=(parse, file, queue), daemon=True)
    child.start()
    try:
        while True:
            kind, payload = queue.get()
            if kind == "items":
                yield from payload
            elif kind == "done":
                return
            elif kind == "format-error":
                raise FileFormatError(payload)
            else:
                raise RuntimeError(f"the parser process failed ({payload})")
    finally:
        if child.is_alive():
            child.terminate()
        child.join()
        queue.close()
