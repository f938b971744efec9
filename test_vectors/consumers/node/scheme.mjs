// XEdDSA and VXEdDSA (revision 1) under the two policies the vector files name: "spec" (the
// literal revision 1 checks) and "strict" (the JOSE algorithms' rule).
import {
  BASE, P, Q, add, calculateKeyPair, convertMont, decode, encode, hashI, hashToPoint, inSubgroup,
  isIdentity, isSmallOrder, le, modQ, mul, neg, onMontgomery, sha512, toLE,
} from './curve.mjs';

const cat = (...parts) => Uint8Array.from(parts.flatMap((p) => [...p]));
const equal = (a, b) => a.length === b.length && a.every((v, i) => v === b[i]);

export function xeddsaSign(d, msg, z) {
  const [A, a] = calculateKeyPair(d);
  const r = modQ(le(hashI(1, toLE(a), msg, z)));
  const R = encode(mul(r, BASE));
  const h = modQ(le(sha512(R, A, msg)));
  return cat(R, toLE(modQ(r + h * a)));
}

export function vxeddsaSign(d, msg, z) {
  const [A, a] = calculateKeyPair(d);
  const Bv = hashToPoint(cat(A, msg));
  const Vp = mul(a, Bv);
  const V = encode(Vp);
  const r = modQ(le(hashI(3, toLE(a), V, z)));
  const R = encode(mul(r, BASE));
  const Rv = encode(mul(r, Bv));
  const h = modQ(le(hashI(4, A, V, R, Rv, msg)));
  const s = modQ(r + h * a);
  return [cat(V, toLE(h), toLE(s)), hashI(5, encode(mul(8n, Vp))).subarray(0, 32)];
}

/** 32 bytes, u < p (bit 255 included), A = convert_mont(u) on the curve: [point, A] or null. */
export function publicKey(u) {
  if (u.length !== 32 || le(u) >= P) return null;
  const A = convertMont(u);
  const { point } = decode(A);
  return point === null ? null : [point, A];
}

/** The JOSE key check: the above, u on Curve25519, A not small, in the prime-order subgroup. */
export function keyImport(u) {
  const key = publicKey(u);
  return key !== null && onMontgomery(le(u)) && !isSmallOrder(key[0]) && inSubgroup(key[0]);
}

export function xeddsaVerify(u, msg, sig, strict) {
  const key = publicKey(u);
  if (key === null || sig.length !== 64) return false;
  const [Ap, A] = key;
  const R = sig.subarray(0, 32);
  const s = le(sig.subarray(32));
  if (s >= 2n ** 253n || (strict && s >= Q)) return false;
  if (strict) {
    if (isSmallOrder(Ap)) return false;
    const { point } = decode(R);
    if (point !== null && isSmallOrder(point)) return false;
  }
  const h = modQ(le(sha512(R, A, msg)));
  return equal(encode(add(mul(s, BASE), neg(mul(h, Ap)))), R);
}

/** The VRF output, or null. */
export function vxeddsaVerify(u, msg, sig, strict) {
  const key = publicKey(u);
  if (key === null || sig.length !== 96) return null;
  const [Ap, A] = key;
  const V = sig.subarray(0, 32);
  const h = le(sig.subarray(32, 64));
  const s = le(sig.subarray(64));
  if (h >= 2n ** 253n || s >= 2n ** 253n || (strict && (h >= Q || s >= Q))) return null;
  const { point: Vp, canonical } = decode(V);
  if (Vp === null || (strict && !canonical)) return null;
  const Bv = hashToPoint(cat(A, msg));
  if (isSmallOrder(Ap) || isSmallOrder(Vp) || isIdentity(Bv)) return null;
  const R = encode(add(mul(s, BASE), neg(mul(h, Ap))));
  const Rv = encode(add(mul(s, Bv), neg(mul(h, Vp))));
  const hcheck = modQ(le(hashI(4, A, V, R, Rv, msg)));
  if (!equal(toLE(hcheck), sig.subarray(32, 64))) return null;
  return hashI(5, encode(mul(8n, Vp))).subarray(0, 32);
}
