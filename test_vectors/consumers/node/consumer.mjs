// Reads the published XEdDSA / VXEdDSA / JOSE test vectors and checks every output and verdict it
// can recompute, with plain BigInt and node:crypto (SHA-2; Ed25519 as an independent verifier).
//
//   node consumer.mjs [path/to/test_vectors]
//
// Prints the number of checks per file and exits 1 on any disagreement.
import { createHash, createPublicKey, verify as nodeVerify } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

import {
  BASE, P, calculateKeyPair, clamp, convertMont, decode, elligator2, encode, hashI, hashToPoint,
  le, mul, onMontgomery, toLE, uOf,
} from './curve.mjs';
import {
  keyImport, publicKey, vxeddsaSign, vxeddsaVerify, xeddsaSign, xeddsaVerify,
} from './scheme.mjs';

const hex = (b) => Buffer.from(b).toString('hex');
const unhex = (s) => new Uint8Array(Buffer.from(s, 'hex'));
const verdict = (ok) => (ok ? 'valid' : 'invalid');
const dir = process.argv[2] ?? join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const load = (rel) => JSON.parse(readFileSync(join(dir, rel), 'utf8'));

class Checker {
  constructor(file) {
    this.file = file;
    this.checks = 0;
    this.failures = 0;
  }

  expect(ok, what) {
    this.checks++;
    if (!ok) {
      this.failures++;
      console.error(`${this.file}: ${what}`);
    }
    return ok;
  }

  cases(data) {
    const out = data.testGroups.flatMap((g) => g.tests.map((t) => [g, t]));
    this.expect(data.numberOfTests === out.length, 'numberOfTests');
    out.forEach(([, t], i) => this.expect(t.tcId === i + 1, `tcId sequence at ${i + 1}`));
    return out;
  }
}

/** Ed25519 verification by node:crypto (OpenSSL), independent of the code here. */
function ed25519Verify(A, msg, sig) {
  const key = createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: Buffer.from(A).toString('base64url') }, format: 'jwk' });
  return nodeVerify(null, msg, key, sig);
}

/** The key fields of o from d, the 32 private-key octets as stored: k = clamp(d) (k is then its
 *  own clamp), a, A, the sign bit of kB and u. */
function checkKeyFields(c, id, d, o) {
  const [A, a, sign] = calculateKeyPair(d);
  const k = unhex(o.k);
  c.expect(hex(toLE(clamp(d))) === o.k, `tc ${id} k = clamp(d)`);
  c.expect(k.length === 32 && clamp(k) === le(k), `tc ${id} k clamped`);
  c.expect(hex(A) === o.A, `tc ${id} A`);
  c.expect(hex(toLE(a)) === o.a, `tc ${id} a`);
  c.expect(sign === o.kBSignBit, `tc ${id} kBSignBit`);
  c.expect(hex(uOf(mul(clamp(d), BASE))) === o.u, `tc ${id} u`);
}

function checkSign(c, data, vx) {
  for (const [g, t] of c.cases(data)) {
    const id = t.tcId;
    let d = unhex(g.d);
    const k = unhex(g.k);
    checkKeyFields(c, id, d, g);
    if (t.d) { // the case's own d replaces the group's
      c.expect(hex(toLE(clamp(unhex(t.d)))) === g.k, `tc ${id} own d clamps to k`);
      d = unhex(t.d);
    }
    const msg = unhex(t.msg), z = unhex(t.Z), u = unhex(g.u);
    c.expect(t.result === 'valid', `tc ${id} result`);
    if (vx) {
      const [sig, v] = vxeddsaSign(d, msg, z);
      c.expect(hex(sig) === t.sig, `tc ${id} signature`);
      c.expect(hex(vxeddsaSign(k, msg, z)[0]) === t.sig, `tc ${id} signature from k`);
      c.expect(t.V + t.h + t.s === t.sig, `tc ${id} V||h||s`);
      c.expect(hex(v) === t.vrf, `tc ${id} vrf`);
      for (const strict of [true, false]) {
        const out = vxeddsaVerify(u, msg, sig, strict);
        c.expect(out !== null && hex(out) === t.vrf, `tc ${id} verify`);
      }
    } else {
      const sig = xeddsaSign(d, msg, z);
      c.expect(hex(sig) === t.sig, `tc ${id} signature`);
      c.expect(hex(xeddsaSign(k, msg, z)) === t.sig, `tc ${id} signature from k`);
      for (const strict of [true, false]) c.expect(xeddsaVerify(u, msg, sig, strict), `tc ${id} verify`);
      c.expect(ed25519Verify(unhex(g.A), msg, sig), `tc ${id} Ed25519 (node:crypto)`);
    }
  }
}

function checkVerify(c, data, vx) {
  for (const [g, t] of c.cases(data)) {
    const id = t.tcId;
    const u = unhex(g.u), msg = unhex(t.msg), sig = unhex(t.sig);
    const imported = keyImport(u);
    c.expect(verdict(imported) === g.keyImport, `tc ${id} keyImport`);
    const hasA = 'A' in g;
    c.expect(hasA === (u.length === 32 && le(u) < P), `tc ${id} A present by the rule`);
    if (hasA) c.expect(hex(convertMont(u)) === g.A, `tc ${id} A`);
    let strictOK = false;
    for (const policy of ['strict', 'spec']) {
      let ok;
      if (vx) {
        const v = vxeddsaVerify(u, msg, sig, policy === 'strict');
        ok = v !== null;
        if (ok) c.expect(hex(v) === t.vrf, `tc ${id} vrf (${policy})`);
      } else {
        ok = xeddsaVerify(u, msg, sig, policy === 'strict');
      }
      if (policy === 'strict') strictOK = ok;
      c.expect(verdict(ok) === t.policyResults[policy], `tc ${id} policy ${policy}`);
    }
    if (vx) {
      const any = Object.values(t.policyResults).includes('valid');
      c.expect(('vrf' in t) === any, `tc ${id} vrf presence`);
    } else if (publicKey(u) !== null && sig.length === 64) {
      // OpenSSL's Ed25519 under A agrees with strict except where strict adds a check
      // (small-order A or R): the published verdict must then be invalid.
      const A = unhex(hex(convertMont(u)));
      const r = decode(sig.subarray(0, 32)).point;
      const smallR = r !== null && isSmall(r);
      const smallA = isSmall(decode(A).point);
      if (!smallR && !smallA) c.expect(ed25519Verify(A, msg, sig) === strictOK, `tc ${id} Ed25519 = strict`);
      else c.expect(!strictOK, `tc ${id} small order rejected`);
    }
    c.expect(verdict(imported && strictOK) === t.result, `tc ${id} result`);
  }
}

const isSmall = (pt) => encode(mul(8n, pt)).every((b, i) => b === (i === 0 ? 1 : 0));

function checkCurve(c, rel, data) {
  for (const [, t] of c.cases(data)) {
    const id = t.tcId;
    if (rel.endsWith('convert_mont.json')) {
      const A = convertMont(unhex(t.u));
      c.expect(hex(A) === t.A, `tc ${id} A`);
      c.expect((decode(A).point !== null) === t.onCurve, `tc ${id} onCurve`);
    } else if (rel.endsWith('elligator2.json')) {
      const u = elligator2(unhex(t.r));
      c.expect(hex(u) === t.u, `tc ${id} u`);
      c.expect(onMontgomery(le(u)), `tc ${id} u on the curve`);
    } else if (rel.endsWith('hash_to_point.json')) {
      const input = unhex(t.input);
      c.expect(hex(hashI(2, input)) === t.hash2, `tc ${id} hash2`);
      c.expect(hex(encode(hashToPoint(input))) === t.point, `tc ${id} point`);
    } else {
      checkKeyFields(c, id, unhex(t.d), t);
    }
  }
}

// --- JOSE -------------------------------------------------------------------------------------

/** Strict unpadded base64url (RFC 7515 alphabet, no padding, zero trailing bits), or null. */
function b64(s) {
  if (typeof s !== 'string' || !/^[A-Za-z0-9_-]*$/.test(s) || s.length % 4 === 1) return null;
  const b = Buffer.from(s, 'base64url');
  return b.toString('base64url') === s ? new Uint8Array(b) : null;
}

/** The JWK rules for alg ('' = either of ours) and operation; returns u or null. */
function jwkKey(jwk, alg, op) {
  if (jwk.kty !== 'OKP' || jwk.crv !== 'X25519') return null;
  if ('use' in jwk && jwk.use !== 'sig') return null;
  if ('key_ops' in jwk && !jwk.key_ops.includes(op)) return null;
  if ('alg' in jwk && (alg ? jwk.alg !== alg : !['XEd25519', 'VXEd25519'].includes(jwk.alg))) return null;
  const u = b64(jwk.x);
  return u !== null && keyImport(u) ? u : null;
}

function checkJWK(c, data) {
  for (const [, t] of c.cases(data)) {
    const id = t.tcId, jwk = t.jwk;
    const op = 'd' in jwk ? 'sign' : 'verify';
    const u = jwkKey(jwk, '', op);
    let ok = u !== null;
    if (ok && op === 'sign') {
      const d = b64(jwk.d);
      ok = d !== null && d.length === 32 && hex(uOf(mul(clamp(d), BASE))) === hex(u);
      if (ok) {
        c.expect(hex(d) === t.d, `tc ${id} d`);
        c.expect(hex(toLE(clamp(d))) === t.k, `tc ${id} k = clamp(d)`);
        c.expect(hex(calculateKeyPair(d)[0]) === t.A, `tc ${id} A`);
        c.expect(hex(u) === t.u, `tc ${id} u`);
      }
    }
    c.expect(verdict(ok) === t.result, `tc ${id} result`);
    if (t.thumbprint) {
      const input = `{"crv":"X25519","kty":"OKP","x":"${jwk.x}"}`;
      const thumb = createHash('sha256').update(input).digest('base64url');
      c.expect(thumb === t.thumbprint, `tc ${id} thumbprint`);
      if (t.thumbprintInput) c.expect(t.thumbprintInput === input, `tc ${id} thumbprintInput`);
    }
  }
}

/** A verifier holding jwk that accepts only t.algorithms and understands no JWS extension. */
function joseVerify(t, jwk) {
  let prot, pay, sigSeg;
  if (t.jws !== undefined) {
    const parts = t.jws.split('.');
    if (parts.length !== 3) return [false, null];
    [prot, pay, sigSeg] = parts;
  } else {
    ({ protected: prot, payload: pay, signature: sigSeg } = t.jwsJson);
  }
  const protRaw = b64(prot);
  if (protRaw === null) return [false, null];
  let header;
  try {
    header = JSON.parse(Buffer.from(protRaw).toString('utf8'));
  } catch {
    return [false, null];
  }
  const alg = header.alg; // only the protected header counts
  if (!t.algorithms.includes(alg) || !['XEd25519', 'VXEd25519'].includes(alg)) return [false, null];
  if ('crit' in header || 'b64' in header) return [false, null];
  if ('fixedProtected' in t && t.fixedProtected !== Buffer.from(protRaw).toString('utf8')) return [false, null];
  const u = jwkKey(jwk, alg, 'verify');
  if (u === null || b64(pay) === null) return [false, null];
  const sig = b64(sigSeg);
  if (sig === null) return [false, null];
  const input = new TextEncoder().encode(`${prot}.${pay}`);
  if (alg === 'XEd25519') return [xeddsaVerify(u, input, sig, true), null];
  const v = vxeddsaVerify(u, input, sig, true);
  return [v !== null, v];
}

function checkJWS(c, data, keys) {
  const byLabel = Object.fromEntries(keys.testGroups.filter((g) => g.keyLabel).map((g) => [g.keyLabel, g]));
  c.expect(data.keyFile === 'jose/jwk.json', 'keyFile');
  for (const [g, t] of c.cases(data)) {
    const id = t.tcId;
    const keyGroup = byLabel[g.keyLabel];
    c.expect(keyGroup !== undefined, `tc ${id} joins jwk.json`);
    const priv = keyGroup.tests.map((x) => x.jwk).find((j) => 'd' in j);
    c.expect(g.jwk.x === priv.x, `tc ${id} group jwk is the joined key`);
    const [ok, v] = joseVerify(t, t.jwk ?? g.jwk);
    c.expect(verdict(ok) === t.result, `tc ${id} result (${t.comment})`);
    if (t.vrf !== undefined || v !== null) c.expect(v !== null && hex(v) === t.vrf, `tc ${id} vrf`);
    const d = b64(priv.d);
    const input = new TextEncoder().encode(t.signingInput);
    const alg = JSON.parse(t.protected).alg;
    const resigned = alg === 'VXEd25519' ? vxeddsaSign(d, input, unhex(t.Z))[0] : xeddsaSign(d, input, unhex(t.Z));
    if (!t.flags.includes('s_plus_q') && !t.flags.includes('bitflip_R')) {
      c.expect(hex(resigned) === t.sig, `tc ${id} signature from Z`);
    }
  }
}

/** The major version of the file format this consumer reads (generator.version): 3 names the
 *  private-key octets d and the scalar k = clamp(d), as the Internet-Draft does. */
const FORMAT_MAJOR = '3';

const jobs = [
  ['xeddsa25519/sign.json', (c, d) => checkSign(c, d, false)],
  ['xeddsa25519/verify.json', (c, d) => checkVerify(c, d, false)],
  ['vxeddsa25519/sign.json', (c, d) => checkSign(c, d, true)],
  ['vxeddsa25519/verify.json', (c, d) => checkVerify(c, d, true)],
  ['curve25519/convert_mont.json', (c, d) => checkCurve(c, 'convert_mont.json', d)],
  ['curve25519/elligator2.json', (c, d) => checkCurve(c, 'elligator2.json', d)],
  ['curve25519/hash_to_point.json', (c, d) => checkCurve(c, 'hash_to_point.json', d)],
  ['curve25519/calculate_key_pair.json', (c, d) => checkCurve(c, 'calculate_key_pair.json', d)],
  ['jose/jwk.json', checkJWK],
  ['jose/jws.json', (c, d) => checkJWS(c, d, load('jose/jwk.json'))],
];
let total = 0, failed = 0;
const lines = [];
for (const [rel, run] of jobs) {
  const c = new Checker(rel);
  const data = load(rel);
  const version = data.generator?.version ?? '';
  // a file of another format fails once, with its version, and is not read further
  if (c.expect(version.split('.')[0] === FORMAT_MAJOR, `generator.version ${version}: this consumer reads format ${FORMAT_MAJOR}.x`)) {
    run(c, data);
  }
  lines.push(`${rel.padEnd(36)} ${String(c.checks).padStart(5)} checks, ${c.failures} failed`);
  total += c.checks;
  failed += c.failures;
}
for (const line of lines.sort()) console.log(line);
console.log(`node consumer: ${total} checks, ${failed} failed`);
process.exit(failed > 0 ? 1 : 0);
