"""The process that owns the store. The web server never opens the store itself: it sends each
query or update here, where a pool of threads runs them (pyoxigraph releases the GIL while it
evaluates). A query past its time limit cannot be interrupted inside pyoxigraph, so the server
kills this process, answers with an error at the limit, and starts a fresh one."""
from __future__ import annotations

import asyncio
import itertools
import multiprocessing
import threading
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from ..errors import KgError, QueryError, StoreError


@dataclass
class Outcome:
    status: int  # HTTP status
    body: bytes
    message: str | None = None  # for errors


def _serve(path: str, conn, threads: int) -> None:  # runs in the worker process
    from ..store import Store
    from ..store.results import ResultTooLarge, execute, update

    try:
        store = Store(path)
    except KgError as e:
        conn.send(("startup", 500, str(e).encode()))
        return
    conn.send(("startup", 200, b"ready"))
    lock = threading.Lock()

    def reply(job_id, status, body):
        with lock:
            conn.send((job_id, status, body))

    def work(job_id, op, args):
        try:
            if op == "query":
                reply(job_id, 200, execute(store, **args))
            elif op == "update":
                update(store, args["sparql"])
                reply(job_id, 204, b"")
            elif op in ("put_graph", "post_graph"):
                created = not store.has_graph(args["graph"])
                store.replace_graph_with(args["graph"], args["data"], args["media_type"], replace=op == "put_graph")
                reply(job_id, 201 if created else 204, b"")
            elif op == "get_graph":
                data = store.graph_as(args["graph"], args["media_type"])
                reply(job_id, 200 if data is not None else 404, data or b"no such graph")
            elif op == "drop_graph":
                found = store.has_graph(args["graph"])
                store.remove_graph(args["graph"])
                reply(job_id, 204 if found else 404, b"" if found else b"no such graph")
        except ResultTooLarge as e:
            reply(job_id, 422, str(e).encode())
        except QueryError as e:
            reply(job_id, 400, str(e).encode())
        except StoreError as e:
            reply(job_id, 500, str(e).encode())
        except Exception as e:  # noqa: BLE001 - the worker must answer whatever happens
            reply(job_id, 500, f"internal error: {type(e).__name__}".encode())

    with ThreadPoolExecutor(max_workers=threads) as pool:
        while True:
            try:
                job_id, op, args = conn.recv()
            except (EOFError, OSError):
                break
            if op == "stop":
                break
            pool.submit(work, job_id, op, args)
    store.close()


class StoreWorker:
    """Sends jobs to the store's process and hands back their outcomes to asyncio."""

    def __init__(self, path: str | Path, threads: int = 4):
        self.path, self.threads = str(path), threads
        self._ctx = multiprocessing.get_context("spawn")
        self._ids = itertools.count()
        self._lock = threading.Lock()
        self._pending: dict[int, tuple[asyncio.AbstractEventLoop, asyncio.Future]] = {}
        self._start()

    def _start(self) -> None:
        parent, child = self._ctx.Pipe()
        self._proc = self._ctx.Process(target=_serve, args=(self.path, child, self.threads), daemon=True)
        self._proc.start()
        child.close()
        self._conn = parent
        _, status, body = self._conn.recv()
        if status != 200:
            self._proc.join(5)
            raise StoreError(body.decode())
        self._reader = threading.Thread(target=self._read, args=(self._conn,), daemon=True)
        self._reader.start()

    def _read(self, conn) -> None:
        while True:
            try:
                job_id, status, body = conn.recv()
            except (EOFError, OSError):
                return
            with self._lock:
                waiter = self._pending.pop(job_id, None)
            if waiter is not None:
                loop, fut = waiter
                loop.call_soon_threadsafe(_settle, fut, Outcome(status, body))

    async def run(self, op: str, args: dict, timeout: float) -> Outcome:
        loop = asyncio.get_running_loop()
        fut = loop.create_future()
        job_id = next(self._ids)
        with self._lock:
            self._pending[job_id] = (loop, fut)
            self._conn.send((job_id, op, args))
        try:
            return await asyncio.wait_for(fut, timeout)
        except asyncio.TimeoutError:
            self.restart("stopped: another query passed the time limit")
            return Outcome(503, b"", f"the query passed the time limit of {timeout:g} s and was stopped")

    def restart(self, reason: str) -> None:
        """Kill the process (and every job in it), fail their waiters, start a fresh one."""
        with self._lock:
            waiters, self._pending = self._pending, {}
            self._proc.kill()
            self._proc.join(10)
            self._conn.close()
            self._start()
        for loop, fut in waiters.values():
            loop.call_soon_threadsafe(_settle, fut, Outcome(503, b"", f"the query was {reason}; try again"))

    def close(self) -> None:
        try:
            self._conn.send((None, "stop", None))
        except OSError:
            pass
        self._proc.join(10)
        if self._proc.is_alive():
            self._proc.kill()


def _settle(fut: asyncio.Future, outcome: Outcome) -> None:
    if not fut.done():
        fut.set_result(outcome)
