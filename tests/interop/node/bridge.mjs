// Batch bridge between the xeddsa Python interop tests and @signalapp/libsignal-client.
//
// One process handles a whole batch, so 200 keys cost one Node start, not 200.
//
// Request (stdin, one JSON document):
//   {"ops": [
//     {"op": "sign",   "private_key": HEX32, "message": HEX},
//     {"op": "verify", "public_key": HEX, "message": HEX, "signature": HEX},
//     {"op": "public_key", "private_key": HEX}
//   ]}
//
//   "public_key" is passed to PublicKey.deserialize unchanged, so the caller adds the 0x05 type
//   byte itself (libsignal rejects a bare 32-byte u-coordinate). "private_key" is the raw 32-byte
//   X25519 scalar; libsignal clamps it on load. Signing is randomised inside libsignal.
//
// Response (stdout, one JSON document):
//   {"ok": true, "libsignal_version": "0.103.0", "node_version": "v20...",
//    "results": [R, ...]}             one R per op, in order, where R is one of
//     {"ok": true, "signature": HEX64, "public_key": HEX33}    for "sign"
//     {"ok": true, "valid": BOOL}                               for "verify"
//     {"ok": true, "public_key": HEX33}                         for "public_key"
//     {"ok": false, "error": TEXT}     this op failed (bad hex, bad key, unknown op, ...);
//                                      the other ops still run
//
// A request that is not valid JSON or has no "ops" list gives {"ok": false, "error": TEXT} and
// exit status 2. Anything unexpected exits non-zero with a message on stderr.
//
// `node bridge.mjs --selftest` checks libsignal against itself (sign, verify, reject a flipped
// bit) without Python, and exits 0 on success.

import { readFileSync } from 'node:fs';
import { PrivateKey, PublicKey } from '@signalapp/libsignal-client';

const HEX_RE = /^(?:[0-9a-fA-F]{2})*$/;

class OpError extends Error {}

function libsignalVersion() {
  try {
    const url = new URL('./node_modules/@signalapp/libsignal-client/package.json', import.meta.url);
    return JSON.parse(readFileSync(url, 'utf8')).version ?? null;
  } catch {
    return null;
  }
}

function toHex(bytes) {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('hex');
}

// Decode a hex field into a Uint8Array that owns its own ArrayBuffer (the typings ask for
// Uint8Array<ArrayBuffer>; a pooled Buffer would share one).
function fromHex(op, field) {
  const value = op[field];
  if (typeof value !== 'string') {
    throw new OpError(`field "${field}" must be a hex string`);
  }
  if (!HEX_RE.test(value)) {
    throw new OpError(`field "${field}" is not valid hex`);
  }
  const out = new Uint8Array(value.length / 2);
  out.set(Buffer.from(value, 'hex'));
  return out;
}

function runOp(op) {
  if (op === null || typeof op !== 'object' || Array.isArray(op)) {
    throw new OpError('op must be a JSON object');
  }
  switch (op.op) {
    case 'sign': {
      const key = PrivateKey.deserialize(fromHex(op, 'private_key'));
      const signature = key.sign(fromHex(op, 'message'));
      return { signature: toHex(signature), public_key: toHex(key.getPublicKey().serialize()) };
    }
    case 'verify': {
      const key = PublicKey.deserialize(fromHex(op, 'public_key'));
      const valid = key.verify(fromHex(op, 'message'), fromHex(op, 'signature'));
      if (typeof valid !== 'boolean') {
        throw new OpError(`PublicKey.verify returned ${typeof valid}, expected boolean`);
      }
      return { valid };
    }
    case 'public_key': {
      const key = PrivateKey.deserialize(fromHex(op, 'private_key'));
      return { public_key: toHex(key.getPublicKey().serialize()) };
    }
    default:
      throw new OpError(`unknown op ${JSON.stringify(op.op)}`);
  }
}

function runBatch(request) {
  if (request === null || typeof request !== 'object' || !Array.isArray(request.ops)) {
    return { ok: false, error: 'request must be a JSON object with an "ops" list' };
  }
  const results = request.ops.map((op) => {
    try {
      return { ok: true, ...runOp(op) };
    } catch (err) {
      // libsignal throws LibSignalErrorBase for bad keys; keep its message for the report.
      const name = err?.constructor?.name ?? 'Error';
      return { ok: false, error: `${name}: ${err?.message ?? String(err)}` };
    }
  });
  return {
    ok: true,
    libsignal_version: libsignalVersion(),
    node_version: process.version,
    results,
  };
}

function selftest() {
  const key = PrivateKey.generate();
  const pub = key.getPublicKey();
  const message = new Uint8Array([120, 101, 100, 100, 115, 97]);
  const sig = key.sign(message);
  const checks = {
    'signature is 64 bytes': sig.length === 64,
    'public key is 0x05 || 32 bytes': pub.serialize().length === 33 && pub.serialize()[0] === 5,
    'own signature verifies': pub.verify(message, sig) === true,
    'signing is randomised': toHex(key.sign(message)) !== toHex(sig),
  };
  for (let bit = 0; bit < 512; bit += 37) {
    const bad = sig.slice();
    bad[bit >> 3] ^= 1 << (bit & 7);
    checks[`flipped signature bit ${bit} rejected`] = pub.verify(message, bad) === false;
  }
  const otherMessage = message.slice();
  otherMessage[0] ^= 1;
  checks['other message rejected'] = pub.verify(otherMessage, sig) === false;
  let failed = 0;
  for (const [name, ok] of Object.entries(checks)) {
    process.stdout.write(`${ok ? 'ok  ' : 'FAIL'} ${name}\n`);
    if (!ok) failed += 1;
  }
  process.stdout.write(`libsignal-client ${libsignalVersion()}, node ${process.version}\n`);
  return failed === 0 ? 0 : 1;
}

function main() {
  if (process.argv.includes('--selftest')) {
    return selftest();
  }
  let request;
  try {
    request = JSON.parse(readFileSync(0, 'utf8'));
  } catch (err) {
    process.stdout.write(`${JSON.stringify({ ok: false, error: `bad JSON request: ${err.message}` })}\n`);
    return 2;
  }
  const response = runBatch(request);
  process.stdout.write(`${JSON.stringify(response)}\n`);
  return response.ok ? 0 : 2;
}

process.exitCode = main();
