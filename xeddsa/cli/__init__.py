"""The ``xeddsa`` command line: WireGuard-compatible keys, signature files, XEdDSA, VXEdDSA, JWS.

Subcommands (one module each)::

    xeddsa genkey | pubkey                          keys, as `wg genkey` / `wg pubkey`  (keys)
    xeddsa sign -k KEY -n NAMESPACE FILE            write FILE.xsig                     (files)
    xeddsa verify -p PUBKEY|-P ALLOWED -n NS FILE   check FILE.xsig                     (files)
    xeddsa sign|verify --raw ...                    bare XEdDSA signature of FILE       (files)
    xeddsa vrf prove|verify ...                     VXEdDSA and the VRF output          (vrf)
    xeddsa jws sign|verify ...                      compact JWS, XEd25519 / VXEd25519   (jws)

Exit status: 0 success; 1 a signature, signature file or JWS did not verify (malformed ones
included); 2 usage, input or environment error. Shared parts: :mod:`xeddsa.cli._io` (errors,
escaping, bounded input), :mod:`xeddsa.cli._command` (declaring a subcommand),
:mod:`xeddsa.cli._arguments` (shared options and verify set-up).
"""

from xeddsa.cli._io import EXIT_FAILED as EXIT_FAILED
from xeddsa.cli._io import EXIT_OK as EXIT_OK
from xeddsa.cli._io import EXIT_USAGE as EXIT_USAGE
from xeddsa.cli._main import build_parser as build_parser
from xeddsa.cli._main import main as main

__all__ = ["EXIT_FAILED", "EXIT_OK", "EXIT_USAGE", "build_parser", "main"]
