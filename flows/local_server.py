"""A real HTTP server on the loopback, for exercising the feed poller against real sockets.

The tests and the feed benchmark use it: routes map a path to a canned `Reply` (or to a
function of the request, for replies that change from one hit to the next), and the server
counts hits per path and the connections open at once, which is how the benchmark measures
the poller's peak number of connections.
"""

from __future__ import annotations

import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from email.message import Message
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Callable, Iterable, Union


@dataclass
class Reply:
    status: int = 200
    # bytes, or a function giving chunks: streamed without Content-Length until the connection closes
    body: Union[bytes, Callable[[], Iterable[bytes]]] = b""
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0  # seconds to wait before answering


@dataclass(frozen=True)
class Request:
    path: str
    headers: Message
    hit: int  # 1 for the first request to this path


Route = Union[Reply, Callable[[Request], Reply]]


class ConnectionGauge:
    """Connections open now and at most, shared by the servers of one benchmark."""

    def __init__(self):
        self._lock = threading.Lock()
        self.open = 0
        self.peak = 0
        self.total = 0

    def opened(self) -> None:
        with self._lock:
            self.open += 1
            self.total += 1
            self.peak = max(self.peak, self.open)

    def closed(self) -> None:
        with self._lock:
            self.open -= 1

    def reset(self) -> None:
        with self._lock:
            self.peak = self.open
            self.total = 0


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive, as real servers do

    def setup(self):
        super().setup()
        self.server.owner.gauge.opened()

    def finish(self):
        try:
            super().finish()
        finally:
            self.server.owner.gauge.closed()

    def log_message(self, format, *args):  # quiet: tests assert on outcomes, not logs
        pass

    def do_GET(self):
        owner: LocalServer = self.server.owner
        hit = owner._count(self.path)
        route = owner.routes.get(self.path) or owner.routes.get(self.path.split("?", 1)[0])
        if route is None:
            reply = Reply(404, b"not found", {"Content-Type": "text/plain"})
        else:
            reply = route(Request(self.path, self.headers, hit)) if callable(route) else route
        if reply.delay:
            time.sleep(reply.delay)
        try:
            self.send_response(reply.status)
            for name, value in reply.headers.items():
                self.send_header(name, value)
            if callable(reply.body):
                self.send_header("Connection", "close")
                self.close_connection = True
                self.end_headers()
                for chunk in reply.body():
                    self.wfile.write(chunk)
                    owner._sent(len(chunk))
            else:
                if not any(name.lower() == "content-length" for name in reply.headers):
                    self.send_header("Content-Length", str(len(reply.body)))
                self.end_headers()
                if reply.body and reply.status != 304:
                    self.wfile.write(reply.body)
                    owner._sent(len(reply.body))
        except (BrokenPipeError, ConnectionResetError):  # the client gave up: that is its right
            self.close_connection = True


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    request_queue_size = 256  # the default backlog of 5 would stall a burst of connections


class LocalServer:
    """`with LocalServer() as server: server.route("/feed.xml", Reply(...)); server.url("/feed.xml")`."""

    def __init__(self, host: str = "127.0.0.1", gauge: ConnectionGauge | None = None):
        self.host = host
        self.gauge = gauge or ConnectionGauge()
        self.routes: dict[str, Route] = {}
        self.hits: Counter[str] = Counter()
        self.bytes_sent = 0
        self._lock = threading.Lock()
        self._server = _Server((host, 0), _Handler)
        self._server.owner = self
        self._thread = threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)

    @property
    def port(self) -> int:
        return self._server.server_address[1]

    def url(self, path: str) -> str:
        return f"http://{self.host}:{self.port}{path}"

    def route(self, path: str, reply: Route) -> str:
        """Serve `reply` at `path`; returns the path's full URL."""
        self.routes[path] = reply
        return self.url(path)

    def _count(self, path: str) -> int:
        with self._lock:
            self.hits[path] += 1
            return self.hits[path]

    def _sent(self, n: int) -> None:
        with self._lock:
            self.bytes_sent += n

    def start(self) -> LocalServer:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    def __enter__(self) -> LocalServer:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()
