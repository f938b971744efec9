from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class Empty(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class Timestamp(_message.Message):
    __slots__ = ("seconds", "nanos")
    SECONDS_FIELD_NUMBER: _ClassVar[int]
    NANOS_FIELD_NUMBER: _ClassVar[int]
    seconds: int
    nanos: int
    def __init__(self, seconds: _Optional[int] = ..., nanos: _Optional[int] = ...) -> None: ...

class BuildInfo(_message.Message):
    __slots__ = ("version", "date", "commit", "tag", "branch", "built_by", "os", "arch", "dirty")
    VERSION_FIELD_NUMBER: _ClassVar[int]
    DATE_FIELD_NUMBER: _ClassVar[int]
    COMMIT_FIELD_NUMBER: _ClassVar[int]
    TAG_FIELD_NUMBER: _ClassVar[int]
    BRANCH_FIELD_NUMBER: _ClassVar[int]
    BUILT_BY_FIELD_NUMBER: _ClassVar[int]
    OS_FIELD_NUMBER: _ClassVar[int]
    ARCH_FIELD_NUMBER: _ClassVar[int]
    DIRTY_FIELD_NUMBER: _ClassVar[int]
    version: str
    date: Timestamp
    commit: str
    tag: str
    branch: str
    built_by: str
    os: str
    arch: str
    dirty: bool
    def __init__(self, version: _Optional[str] = ..., date: _Optional[_Union[Timestamp, _Mapping]] = ..., commit: _Optional[str] = ..., tag: _Optional[str] = ..., branch: _Optional[str] = ..., built_by: _Optional[str] = ..., os: _Optional[str] = ..., arch: _Optional[str] = ..., dirty: _Optional[bool] = ...) -> None: ...

class Message(_message.Message):
    __slots__ = ("wice_token",)
    WICE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    wice_token: bytes
    def __init__(self, wice_token: _Optional[bytes] = ...) -> None: ...

class EncryptedMessage(_message.Message):
    __slots__ = ("body", "nonce")
    BODY_FIELD_NUMBER: _ClassVar[int]
    NONCE_FIELD_NUMBER: _ClassVar[int]
    body: bytes
    nonce: bytes
    def __init__(self, body: _Optional[bytes] = ..., nonce: _Optional[bytes] = ...) -> None: ...

class Envelope(_message.Message):
    __slots__ = ("sender", "recipient", "contents")
    SENDER_FIELD_NUMBER: _ClassVar[int]
    RECIPIENT_FIELD_NUMBER: _ClassVar[int]
    CONTENTS_FIELD_NUMBER: _ClassVar[int]
    sender: bytes
    recipient: bytes
    contents: EncryptedMessage
    def __init__(self, sender: _Optional[bytes] = ..., recipient: _Optional[bytes] = ..., contents: _Optional[_Union[EncryptedMessage, _Mapping]] = ...) -> None: ...

class SubscribeParams(_message.Message):
    __slots__ = ("key",)
    KEY_FIELD_NUMBER: _ClassVar[int]
    key: bytes
    def __init__(self, key: _Optional[bytes] = ...) -> None: ...
