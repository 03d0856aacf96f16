"""One address in front of several servers, for the load run: a round-robin TCP proxy on
loopback (asyncio, no dependency), as a load balancer in TCP mode would be.

    python bench/load/proxy.py --port 8000 --backend 8001 --backend 8002 --stats stats.json

Each connection goes to the next backend in turn. gunicorn's sync workers close the
connection after every response, so every request is a new connection: the requests are
spread one by one. On SIGTERM or SIGINT it stops and writes the connections each backend
took to `--stats`.
"""

import argparse
import asyncio
import itertools
import json
import signal
from pathlib import Path

HOST = "127.0.0.1"  # loopback only


async def pipe(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    """Copy one direction until its end, then pass the end on (a half-close)."""
    try:
        while data := await reader.read(65536):
            writer.write(data)
            await writer.drain()
        if writer.can_write_eof():
            writer.write_eof()
    except (ConnectionError, OSError):
        pass


async def serve(
    port: int,
    backends: list[int],
    stats: Path | None,
    stop: asyncio.Event | None = None,
    ready: asyncio.Event | None = None,
) -> None:
    """Until `stop` is set (by default: until SIGTERM or SIGINT); `ready` is set once it
    listens."""
    taken = dict.fromkeys(backends, 0)
    refused = 0
    turn = itertools.cycle(backends)

    async def handle(client_r: asyncio.StreamReader, client_w: asyncio.StreamWriter) -> None:
        nonlocal refused
        backend = next(turn)
        try:
            server_r, server_w = await asyncio.open_connection(HOST, backend)
        except OSError:
            refused += 1
            client_w.close()
            return
        taken[backend] += 1
        await asyncio.gather(pipe(client_r, server_w), pipe(server_r, client_w))
        for writer in (server_w, client_w):
            writer.close()

    if stop is None:
        stop = asyncio.Event()
        for sign in (signal.SIGTERM, signal.SIGINT):
            asyncio.get_running_loop().add_signal_handler(sign, stop.set)
    server = await asyncio.start_server(handle, HOST, port, backlog=1024)
    async with server:
        if ready:
            ready.set()
        await stop.wait()
    if stats:
        figures = {"connections": {str(b): n for b, n in taken.items()}, "refused": refused}
        stats.write_text(json.dumps(figures, indent=2) + "\n")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--backend", type=int, action="append", required=True)
    parser.add_argument("--stats", type=Path)
    options = parser.parse_args()
    asyncio.run(serve(options.port, options.backend, options.stats))


if __name__ == "__main__":
    main()
