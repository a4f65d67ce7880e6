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

import multiprocessing
import os
import queue as queue_module
import threading
from collections.abc import Callable, Iterator
from contextlib import suppress
from typing import BinaryIO

from literature.importers.collection import import_collection
from literature.importers.detect import open_stream
from literature.importers.records import FileFormatError

CHUNK = 250  # records per message
IN_FLIGHT = 16  # messages queued at most
# The parser runs ahead of the writer (up to IN_FLIGHT messages), so it is never what the import
# waits for until the queue runs dry; the writer and its database server are. On two cores the
# three compete, and a parser that yields to them keeps the database busier: 1-4% more records/s
# (wall time / server CPU time, interleaved 30,000-record imports).
PARSER_NICENESS = 10


def available() -> bool:
    return "fork" in multiprocessing.get_all_start_methods()


def _child(parse: Callable, file: BinaryIO, queue) -> None:
    with suppress(OSError):
        os.nice(PARSER_NICENESS)
    try:
        # Everything inherited from the parent (Django, the app) is set aside from the garbage
        # collector (see ``collection``): its full collections would otherwise walk that heap again
        # and again while the records are built and pickled (and touch every page of it, copying
        # what fork shared).
        with import_collection():
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


def _receive(queue, received: queue_module.Queue, stop: threading.Event, child) -> None:
    """Take the child's messages off the pipe and unpickle them, until the last one or ``stop``."""
    while not stop.is_set():
        try:
            message = queue.get(timeout=0.2)
        except queue_module.Empty:
            if child.is_alive():
                continue
            # Gone without its last word (killed): what it sent was read, nothing more will come.
            message = ("error", f"it ended unexpectedly, exit code {child.exitcode}")
        except BaseException as exc:  # noqa: BLE001 - handed to the importer
            message = ("error", f"{exc.__class__.__name__}: {exc}")
        while not stop.is_set():
            try:
                received.put(message, timeout=0.2)
                break
            except queue_module.Full:
                continue
        if message[0] != "items":
            return


def parsed_in_background(parse: Callable, file: BinaryIO) -> Iterator:
    """The items ``parse(open_stream(file))`` yields, produced by a forked child process."""
    ctx = multiprocessing.get_context("fork")
    queue = ctx.Queue(maxsize=IN_FLIGHT)
    file.seek(0)
    child = ctx.Process(target=_child, args=(parse, file, queue), daemon=True)
    child.start()
    # Unpickling the records costs about a tenth of writing them: a thread of this process does it
    # while the importer waits for the database, which leaves Python's interpreter free.
    received: queue_module.Queue = queue_module.Queue(maxsize=2)
    stop = threading.Event()
    receiver = threading.Thread(
        target=_receive, args=(queue, received, stop, child), name="import-receive", daemon=True
    )
    receiver.start()
    try:
        while True:
            kind, payload = received.get()
            if kind == "items":
                yield from payload
            elif kind == "done":
                return
            elif kind == "format-error":
                raise FileFormatError(payload)
            else:
                raise RuntimeError(f"the parser process failed ({payload})")
    finally:
        stop.set()
        receiver.join()
        if child.is_alive():
            child.terminate()
        child.join()
        queue.close()
