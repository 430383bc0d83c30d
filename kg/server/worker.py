"""The process that owns the store. The web server never opens the store itself: it sends each
query or update here, where a pool of threads runs them (pyoxigraph releases the GIL while it
evaluates). A query past its time limit cannot be interrupted inside pyoxigraph, so the server
answers with an error at the limit, kills this process and starts a fresh one."""
from __future__ import annotations

import asyncio
import contextlib
import itertools
import multiprocessing
import threading
from collections import deque
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from ..errors import KgError, QueryError, StoreError

READ_ONLY = {"query", "get_graph"}  # jobs that may be sent again after a restart


@dataclass
class Outcome:
    status: int  # HTTP status
    body: bytes
    message: str | None = None  # for errors
    retry: bool = False  # stopped by no fault of its own: sending it again may succeed
    ran: float = 0.0  # seconds it ran


def _serve(path: str, conn, threads: int) -> None:  # runs in the worker process
    from ..reason import stamp_new, write_article
    from ..store import Store
    from ..store.results import ResultTooLarge, execute, update
    from ..vocab import ARTICLES

    try:
        store = Store(path)
        stamp_new(store)  # a new store: what comes by the Graph Store Protocol is this geokg's
    except KgError as e:
        conn.send(("startup", 500, str(e).encode()))
        return
    conn.send(("startup", 200, b"ready"))
    lock = threading.Lock()
    writing = threading.Lock()

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
                with writing:  # one graph write at a time: each reads what the one before left (stale rows)
                    created = not store.has_graph(args["graph"])
                    if args["graph"].startswith(ARTICLES):  # with what it lets one conclude
                        write_article(store, args["graph"], args["data"], args["media_type"], replace=op == "put_graph")
                        store.compact_tallies()  # its counts into the totals the queries read
                    else:
                        store.replace_graph_with(args["graph"], args["data"], args["media_type"],
                                                 replace=op == "put_graph")
                reply(job_id, 201 if created else 204, b"")
            elif op == "get_graph":
                data = store.graph_as(args["graph"], args["media_type"])
                reply(job_id, 200 if data is not None else 404, data or b"no such graph")
            elif op == "drop_graph":
                with writing:
                    found = store.has_graph(args["graph"])
                    store.remove_graph(args["graph"], prune=True)  # and what only it named
                    store.compact_tallies()
                reply(job_id, 204 if found else 404, b"" if found else b"no such graph")
        except ResultTooLarge as e:
            reply(job_id, 422, str(e).encode())
        except QueryError as e:
            reply(job_id, 400, str(e).encode())
        except StoreError as e:  # a document sent to be stored that does not parse, or the disk
            reply(job_id, 400 if op in ("put_graph", "post_graph") else 500, str(e).encode())
        except ValueError as e:  # a term the store refuses (an IRI finer rules reject)
            reply(job_id, 400, f"invalid value: {e}".encode())
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
    """Sends jobs to the store's process and hands back their outcomes to asyncio.

    At most `threads` jobs run at a time; the others wait their turn here (at most `wait` seconds,
    then 503), so a job's time limit counts only its running time. A job past its limit is answered
    503 at once; the process is then killed and started again on a thread of its own, so the event
    loop never waits for it. Read-only jobs that were running in the killed process are sent once
    more to the fresh one, with the running time they have left; the others (writes, which may or
    may not have happened) are answered 503. A process that dies on its own is started again the
    same way."""

    def __init__(self, path: str | Path, threads: int = 4, wait: float = 30.0):
        self.path, self.threads, self.wait = str(path), threads, wait  # wait: most seconds before a job starts
        self._ctx = multiprocessing.get_context("spawn")
        self._ids = itertools.count()
        self._lock = threading.Lock()  # guards everything below
        self._pending: dict[int, tuple[asyncio.AbstractEventLoop, asyncio.Future]] = {}  # jobs running
        self._waiting: deque[object] = deque()  # requests waiting for a free thread, first come first served
        self._wakers: dict[object, tuple[asyncio.AbstractEventLoop, asyncio.Future]] = {}  # how to wake them
        self._generation = 0  # how many times the process was started again
        self._up = threading.Event()  # set while a process is ready for jobs
        self._closed = False
        self._failure: str | None = None  # why the process could not be started again
        self._publish(*self._spawn())

    @property
    def pid(self) -> int:
        """The store process's id (it changes when the process is started again)."""
        return self._proc.pid

    def _spawn(self):
        """Start a process, wait until it has opened the store; (process, connection)."""
        parent, child = self._ctx.Pipe()
        proc = self._ctx.Process(target=_serve, args=(self.path, child, self.threads), daemon=True)
        proc.start()
        child.close()
        _, status, body = parent.recv()
        if status != 200:
            proc.join(5)
            parent.close()
            raise StoreError(body.decode())
        return proc, parent

    def _publish(self, proc, conn) -> None:
        with self._lock:
            if self._closed:
                proc.kill()
                conn.close()
                return
            self._proc, self._conn = proc, conn
            generation = self._generation
            self._up.set()
            self._wake_next()
        threading.Thread(target=self._read, args=(conn, generation), daemon=True).start()

    def _read(self, conn, generation: int) -> None:
        """Hand back the outcomes one process sends, until it ends. Only this thread closes the
        connection, after its last read: closed by another thread while this one is about to read,
        its descriptor could already belong to the next process's pipe (and a message meant for
        that pipe be read here)."""
        while True:
            try:
                job_id, status, body = conn.recv()
            except (EOFError, OSError):
                with self._lock:  # not while a job is being sent on it
                    conn.close()
                self._restart(generation, "stopped: the store's process ended")  # a no-op if on purpose
                return
            with self._lock:
                waiter = self._pending.pop(job_id, None)
                self._wake_next()
            if waiter is not None:
                _settle_from_thread(*waiter, Outcome(status, body))

    async def run(self, op: str, args: dict, timeout: float) -> Outcome:
        """Run a job that may run `timeout` seconds; a read-only job stopped by another's restart is
        sent once more, with the running time it has left."""
        outcome = await self._attempt(op, args, timeout, timeout)
        if outcome.retry and op in READ_ONLY and outcome.ran < timeout:
            outcome = await self._attempt(op, args, timeout - outcome.ran, timeout)
        return outcome

    async def _attempt(self, op: str, args: dict, timeout: float, limit: float) -> Outcome:
        loop = asyncio.get_running_loop()
        fut = loop.create_future()
        sent = await self._send(loop, fut, op, args)
        if isinstance(sent, Outcome):
            return sent
        started = loop.time()
        try:
            outcome = await asyncio.wait_for(asyncio.shield(fut), timeout)
            outcome.ran = loop.time() - started
            return outcome
        except asyncio.TimeoutError:
            self._restart_soon(sent, "stopped: another query passed the time limit")
            return Outcome(503, b"", f"the query passed the time limit of {limit:g} s and was stopped")
        except asyncio.CancelledError:  # the request went away; its job must still stop at its limit
            loop.call_later(timeout, self._expire, fut, sent)
            raise

    def _expire(self, fut: asyncio.Future, generation: int) -> None:
        if not fut.done():
            self._restart_soon(generation, "stopped: another query passed the time limit")

    async def _send(self, loop, fut, op: str, args: dict) -> int | Outcome:
        """Send the job when a process is up and one of its threads is free (requests wait their
        turn here, in order, so a job sent starts at once and its time limit is its running time);
        the generation it went to, or an Outcome if it could not be sent in time."""
        deadline, ticket = loop.time() + self.wait, object()
        with self._lock:
            self._waiting.append(ticket)
        try:
            while not (self._failure or self._closed):
                wake = loop.create_future()
                sent = self._try_send(loop, fut, op, args, ticket, wake)
                if sent is not None:
                    return sent
                if loop.time() >= deadline:
                    return Outcome(503, b"", f"the server is busy (no answer could start within {self.wait:g} s); "
                                             "try again")
                with contextlib.suppress(asyncio.TimeoutError):  # woken when its turn may have come
                    await asyncio.wait_for(wake, min(deadline - loop.time(), 0.25))
            return Outcome(503, b"", self._failure or "the server is shutting down")
        finally:
            with self._lock:
                if ticket in self._waiting:
                    self._waiting.remove(ticket)
                self._wakers.pop(ticket, None)
                self._wake_next()

    def _try_send(self, loop, fut, op: str, args: dict, ticket: object, wake: asyncio.Future) -> int | None:
        with self._lock:
            if not self._up.is_set() or self._waiting[0] is not ticket or len(self._pending) >= self.threads:
                self._wakers[ticket] = (loop, wake)
                return None
            job_id, generation = next(self._ids), self._generation
            self._pending[job_id] = (loop, fut)
            try:
                self._conn.send((job_id, op, args))
                self._waiting.popleft()
                return generation
            except OSError:  # the process is gone and its reader has not noticed yet
                self._pending.pop(job_id, None)
        self._restart_soon(generation, "stopped: the store's process ended")
        return None

    def _wake_next(self) -> None:
        """Wake the request first in line (with the lock held): a thread or the process is free."""
        if self._waiting and self._up.is_set():
            waker = self._wakers.pop(self._waiting[0], None)
            if waker is not None:
                _settle_from_thread(*waker, None)

    def restart(self, reason: str) -> None:
        """Kill the process (and every job in it) and start a fresh one, now."""
        self._restart(self._generation, reason)

    def _restart_soon(self, generation: int, reason: str) -> None:
        threading.Thread(target=self._restart, args=(generation, reason), daemon=True).start()

    def _restart(self, generation: int, reason: str) -> None:
        with self._lock:
            if generation != self._generation or self._closed:
                return  # another restart came first, or the server is closing
            self._generation += 1
            self._up.clear()
            waiters, self._pending = self._pending, {}
            proc = self._proc
        proc.kill()
        proc.join(10)  # its end of the pipe closes with it: the reader sees the end and closes ours
        for loop, fut in waiters.values():
            _settle_from_thread(loop, fut, Outcome(503, b"", f"the query was {reason}; try again", retry=True))
        try:
            self._publish(*self._spawn())
        except (StoreError, OSError, EOFError) as e:
            self._failure = f"the store could not be opened again: {e}"

    def close(self) -> None:
        with self._lock:
            self._closed = True
            self._up.clear()
            proc = self._proc
            try:  # with the lock held: the reader may be closing the connection
                self._conn.send((None, "stop", None))
            except OSError:
                pass
        proc.join(10)
        if proc.is_alive():
            proc.kill()


def _settle_from_thread(loop: asyncio.AbstractEventLoop, fut: asyncio.Future, outcome: Outcome | None) -> None:
    try:
        loop.call_soon_threadsafe(_settle, fut, outcome)
    except RuntimeError:  # the loop that waited has closed
        pass


def _settle(fut: asyncio.Future, outcome: Outcome | None) -> None:
    if not fut.done():
        fut.set_result(outcome)
