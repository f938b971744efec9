"""A gRPC signaling channel wire-compatible with cunicu's ``cunicu.signaling.Signaling`` service.

Needs the ``grpc`` extra (``pip install 'wice-candidates[grpc]'``: grpcio and protobuf).
:mod:`.client` subscribes to one key's topic and publishes sealed envelopes; :mod:`.server` is the
reference server behind ``wice-candidates signal --listen``; :mod:`.faults` is its optional
fault injection. The protobuf module is generated from ``cunicu_signaling.proto``.
"""

from __future__ import annotations

from typing import Final

__all__ = ["SERVICE"]

#: Full gRPC service name; method paths are ``/cunicu.signaling.Signaling/<Method>``.
SERVICE: Final = "cunicu.signaling.Signaling"
