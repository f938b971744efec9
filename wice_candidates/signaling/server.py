"""The reference signaling server: cunicu's gRPC ``Signaling`` behaviour with bounded resources.

As cunicu's server (``pkg/signaling/grpc/server.go``): one topic per recipient key; a subscriber
first receives an empty ``Envelope`` (the sync marker: from then on it misses nothing); a
published envelope goes to the subscribers of its recipient's topic at that moment and is not
buffered for later subscribers; no authentication. Added bounds: at most ``max_subscribers``
streams in total and ``max_per_topic`` per key, at most ``queue_size`` envelopes waiting per
stream (a slow subscriber loses the newest ones, counted), gRPC messages of at most
``MAX_MESSAGE_SIZE`` bytes, and envelope fields of the sizes a sealed token can have.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any, Final

import grpc
import grpc.aio

from ..envelope import KEY_SIZE, MAX_BODY_SIZE
from ..sealing import NONCE_SIZE
from . import SERVICE
from . import cunicu_signaling_pb2 as pb
from .faults import FaultInjection

__all__ = ["MAX_MESSAGE_SIZE", "ServerStats", "SignalingServer", "serve"]

#: Largest gRPC message either way: a maximal sealed envelope plus protobuf framing.
MAX_MESSAGE_SIZE: Final = MAX_BODY_SIZE + 256
#: Release a held-back (reordered) envelope after this long if no other one follows.
_REORDER_FLUSH_S: Final = 0.05


@dataclass
class ServerStats:
    """Counters of the server's work (what the benchmarks and the fault tests read)."""

    published: int = 0
    delivered: int = 0
    dropped_by_fault: int = 0
    dropped_slow_subscriber: int = 0
    refused: int = 0


class SignalingServer:
    """Topics, subscriber queues and the three RPC handlers."""

    def __init__(
        self,
        *,
        max_subscribers: int = 1024,
        max_per_topic: int = 16,
        queue_size: int = 256,
        faults: FaultInjection | None = None,
        version: str = "wice-candidates",
    ) -> None:
        """Bound the server; ``faults`` (off by default) shapes every published envelope."""
        self._topics: dict[bytes, set[asyncio.Queue[pb.Envelope]]] = {}
        self._subscribers = 0
        self._max_subscribers = max_subscribers
        self._max_per_topic = max_per_topic
        self._queue_size = queue_size
        self._faults = faults
        self._held: dict[bytes, pb.Envelope] = {}
        self._version = version
        self.stats = ServerStats()

    def subscriber_count(self, key: bytes) -> int:
        """How many streams are subscribed to ``key``'s topic now."""
        return len(self._topics.get(key, ()))

    async def get_build_info(self, request: pb.Empty, context: Any) -> pb.BuildInfo:
        """``GetBuildInfo``: the server's name."""
        return pb.BuildInfo(version=self._version)

    async def subscribe(
        self, request: pb.SubscribeParams, context: Any
    ) -> AsyncIterator[pb.Envelope]:
        """``Subscribe``: the sync envelope, then every envelope published to ``request.key``."""
        key = bytes(request.key)
        if len(key) != KEY_SIZE:
            self.stats.refused += 1
            await context.abort(grpc.StatusCode.INVALID_ARGUMENT, "key must be 32 bytes")
        topic = self._topics.setdefault(key, set())
        if self._subscribers >= self._max_subscribers or len(topic) >= self._max_per_topic:
            self.stats.refused += 1
            if not topic:
                del self._topics[key]
            await context.abort(grpc.StatusCode.RESOURCE_EXHAUSTED, "too many subscribers")
        queue: asyncio.Queue[pb.Envelope] = asyncio.Queue(self._queue_size)
        topic.add(queue)
        self._subscribers += 1
        try:
            yield pb.Envelope()  # sync: the subscription exists from here on
            while True:
                yield await queue.get()
        finally:
            topic.discard(queue)
            self._subscribers -= 1
            if not topic:
                self._topics.pop(key, None)

    async def publish(self, request: pb.Envelope, context: Any) -> pb.Empty:
        """``Publish``: hand the envelope to its recipient's current subscribers (no buffering)."""
        contents = request.contents
        if (
            len(request.sender) != KEY_SIZE
            or len(request.recipient) != KEY_SIZE
            or len(contents.nonce) != NONCE_SIZE
            or not 0 < len(contents.body) <= MAX_BODY_SIZE
        ):
            self.stats.refused += 1
            await context.abort(grpc.StatusCode.INVALID_ARGUMENT, "malformed envelope")
        self.stats.published += 1
        self._route(request)
        return pb.Empty()

    def _route(self, envelope: pb.Envelope) -> None:
        """Apply fault injection (if any), then deliver now or after the configured delay."""
        if self._faults is None:
            self._deliver(envelope)
            return
        decision = self._faults.decide()
        if decision.copies == 0:
            self.stats.dropped_by_fault += 1
            return
        topic = bytes(envelope.recipient)
        batch = [envelope] * decision.copies
        if decision.hold_back and topic not in self._held and self._topics.get(topic):
            self._held[topic] = envelope
            batch = batch[1:]
            asyncio.get_running_loop().call_later(_REORDER_FLUSH_S, self._flush, topic, envelope)
        elif topic in self._held:
            batch.append(self._held.pop(topic))  # the held one now comes after this one
        delay = self._faults.delay_ms / 1000
        for item in batch:
            if delay:
                asyncio.get_running_loop().call_later(delay, self._deliver, item)
            else:
                self._deliver(item)

    def _flush(self, topic: bytes, envelope: pb.Envelope) -> None:
        """Deliver a held-back envelope if nothing released it meanwhile."""
        if self._held.get(topic) is envelope:
            del self._held[topic]
            self._deliver(envelope)

    def _deliver(self, envelope: pb.Envelope) -> None:
        """Put the envelope into every current subscriber queue of its topic."""
        for queue in tuple(self._topics.get(bytes(envelope.recipient), ())):
            try:
                queue.put_nowait(envelope)
                self.stats.delivered += 1
            except asyncio.QueueFull:
                self.stats.dropped_slow_subscriber += 1

    def handler(self) -> grpc.GenericRpcHandler:
        """The gRPC handler for ``cunicu.signaling.Signaling``."""
        return grpc.method_handlers_generic_handler(
            SERVICE,
            {
                "GetBuildInfo": grpc.unary_unary_rpc_method_handler(
                    self.get_build_info,
                    request_deserializer=pb.Empty.FromString,
                    response_serializer=pb.BuildInfo.SerializeToString,
                ),
                "Subscribe": grpc.unary_stream_rpc_method_handler(
                    self.subscribe,
                    request_deserializer=pb.SubscribeParams.FromString,
                    response_serializer=pb.Envelope.SerializeToString,
                ),
                "Publish": grpc.unary_unary_rpc_method_handler(
                    self.publish,
                    request_deserializer=pb.Envelope.FromString,
                    response_serializer=pb.Empty.SerializeToString,
                ),
            },
        )


async def serve(
    address: str, server: SignalingServer, *, max_concurrent_streams: int = 2048
) -> tuple[grpc.aio.Server, int]:
    """Start ``server`` on ``address`` (``host:port``, port 0 picks one); return it and the port."""
    grpc_server = grpc.aio.server(
        options=[
            ("grpc.max_receive_message_length", MAX_MESSAGE_SIZE),
            ("grpc.max_send_message_length", MAX_MESSAGE_SIZE),
            ("grpc.max_concurrent_streams", max_concurrent_streams),
            ("grpc.so_reuseport", 0),
        ]
    )
    grpc_server.add_generic_rpc_handlers((server.handler(),))
    port = grpc_server.add_insecure_port(address)
    if port == 0:
        raise OSError(f"cannot listen on {address}")
    await grpc_server.start()
    return grpc_server, port


@contextlib.asynccontextmanager
async def running_server(
    server: SignalingServer, address: str = "127.0.0.1:0"
) -> AsyncIterator[int]:
    """Run ``server`` inside the block and yield its port; stop it (1 s grace) on exit."""
    grpc_server, port = await serve(address, server)
    try:
        yield port
    finally:
        await grpc_server.stop(1.0)
