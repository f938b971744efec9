"""A client of cunicu's gRPC ``Signaling`` service: subscribe to our key, publish envelopes.

URLs follow cunicu's backend URLs: ``grpc://HOST:PORT`` uses TLS unless ``?insecure=true`` is
given (cunicu's ``etc/cunicu.advanced.yaml`` shows both forms). As a convenience for local
testing, a loopback IP literal host is plaintext without the query.
"""

from __future__ import annotations

import asyncio
import ipaddress
import urllib.parse
from dataclasses import dataclass
from typing import Any, Final

import grpc
import grpc.aio

from xeddsa import PublicKey

from ..envelope import SealedEnvelope
from ..errors import SignalingError
from . import SERVICE
from . import cunicu_signaling_pb2 as pb
from .server import MAX_MESSAGE_SIZE

__all__ = ["GrpcSignaling", "SignalingUrl", "parse_signaling_url"]

_DEFAULT_PORT: Final = 443
#: Envelopes buffered between the stream and :meth:`GrpcSignaling.receive`.
_INBOX_SIZE: Final = 256


@dataclass(frozen=True, slots=True)
class SignalingUrl:
    """A parsed ``grpc://`` URL: gRPC target and whether the channel is plaintext."""

    target: str
    insecure: bool


def parse_signaling_url(url: str) -> SignalingUrl:
    """Parse ``grpc://HOST[:PORT][?insecure=true]``; anything else is a :class:`SignalingError`."""
    parsed = urllib.parse.urlsplit(url)
    if parsed.scheme != "grpc" or not parsed.hostname or parsed.path not in ("", "/"):
        raise SignalingError("signaling URL must look like grpc://HOST:PORT")
    try:
        port = parsed.port or _DEFAULT_PORT
    except ValueError:
        raise SignalingError("signaling URL has a bad port") from None
    query = urllib.parse.parse_qs(parsed.query, strict_parsing=False)
    insecure = query.get("insecure", ["false"])[-1] == "true"
    host = parsed.hostname
    try:
        if ipaddress.ip_address(host).is_loopback:
            insecure = True
    except ValueError:
        pass
    target = f"[{host}]:{port}" if ":" in host else f"{host}:{port}"
    return SignalingUrl(target=target, insecure=insecure)


def _to_proto(envelope: SealedEnvelope) -> pb.Envelope:
    return pb.Envelope(
        sender=envelope.sender,
        recipient=envelope.recipient,
        contents=pb.EncryptedMessage(body=envelope.body, nonce=envelope.nonce),
    )


def _from_proto(envelope: pb.Envelope) -> SealedEnvelope:
    return SealedEnvelope(
        sender=bytes(envelope.sender),
        recipient=bytes(envelope.recipient),
        body=bytes(envelope.contents.body),
        nonce=bytes(envelope.contents.nonce),
    )


class GrpcSignaling:
    """One subscription (to our key) and a publisher on one gRPC channel."""

    def __init__(self, channel: grpc.aio.Channel, own_key: PublicKey) -> None:
        """Use :meth:`connect`."""
        self._channel = channel
        self._own = own_key.public_bytes()
        self._publish = channel.unary_unary(
            f"/{SERVICE}/Publish",
            request_serializer=pb.Envelope.SerializeToString,
            response_deserializer=pb.Empty.FromString,
        )
        self._subscribe = channel.unary_stream(
            f"/{SERVICE}/Subscribe",
            request_serializer=pb.SubscribeParams.SerializeToString,
            response_deserializer=pb.Envelope.FromString,
        )
        self._stream: Any = None
        self.published = 0

    @classmethod
    async def connect(cls, url: str, own_key: PublicKey, *, timeout: float = 10.0) -> GrpcSignaling:
        """Open a channel to ``url`` and subscribe to ``own_key``; returns after the sync envelope.

        :raises SignalingError: bad URL, unreachable server, or no sync envelope in time.
        """
        parsed = parse_signaling_url(url)
        options = [
            ("grpc.max_receive_message_length", MAX_MESSAGE_SIZE),
            ("grpc.max_send_message_length", MAX_MESSAGE_SIZE),
        ]
        if parsed.insecure:
            channel = grpc.aio.insecure_channel(parsed.target, options=options)
        else:
            channel = grpc.aio.secure_channel(
                parsed.target, grpc.ssl_channel_credentials(), options=options
            )
        client = cls(channel, own_key)
        try:
            await asyncio.wait_for(client._start(), timeout)
        except (TimeoutError, grpc.RpcError) as error:
            await channel.close()
            raise SignalingError(f"cannot subscribe at {parsed.target}: {_reason(error)}") from None
        return client

    async def _start(self) -> None:
        self._stream = self._subscribe(pb.SubscribeParams(key=self._own))
        first = await self._stream.read()
        if first is grpc.aio.EOF or first.ByteSize() != 0:
            raise SignalingError("the server did not start with the empty sync envelope")

    async def publish(self, envelope: SealedEnvelope, *, timeout: float = 10.0) -> None:
        """Publish one envelope; :class:`SignalingError` if the server refuses or is gone."""
        try:
            await self._publish(_to_proto(envelope), timeout=timeout)
        except grpc.RpcError as error:
            raise SignalingError(f"publish failed: {_reason(error)}") from None
        self.published += 1

    async def receive(self) -> SealedEnvelope:
        """The next envelope of our topic (empty ones skipped); :class:`SignalingError` at end."""
        while True:
            try:
                item = await self._stream.read()
            except grpc.RpcError as error:
                raise SignalingError(f"subscription ended: {_reason(error)}") from None
            if item is grpc.aio.EOF:
                raise SignalingError("subscription ended by the server")
            if item.ByteSize():
                return _from_proto(item)

    async def close(self) -> None:
        """Cancel the subscription and close the channel."""
        if self._stream is not None:
            self._stream.cancel()
        await self._channel.close()


def _reason(error: BaseException) -> str:
    """One line for a gRPC or timeout error."""
    if isinstance(error, grpc.RpcError):
        code = error.code()
        return f"{code.name if code else 'UNKNOWN'}: {error.details()}"
    return "timed out"
