// Curve25519 / edwards25519 arithmetic with plain BigInt, written from RFC 7748, RFC 8032 and
// the XEdDSA and VXEdDSA specification (revision 1). Variable time: for checking vectors only.
import { createHash } from 'node:crypto';

export const P = 2n ** 255n - 19n;
export const Q = 2n ** 252n + 27742317777372353535851937790883648493n;
const MASK = 2n ** 255n - 1n;
const MONT_A = 486662n;

export const mod = (x) => ((x % P) + P) % P;
export const modQ = (x) => ((x % Q) + Q) % Q;

export function pow(b, e, m = P) {
  let r = 1n;
  b = ((b % m) + m) % m;
  while (e > 0n) {
    if (e & 1n) r = (r * b) % m;
    b = (b * b) % m;
    e >>= 1n;
  }
  return r;
}

/** x^(p-2): inv(0) = 0 as the specification defines it. */
export const inv = (x) => pow(x, P - 2n);
const D = mod(-121665n * inv(121666n));
const SQRT_M1 = pow(2n, (P - 1n) / 4n);

export function isSquare(x) {
  const e = pow(x, (P - 1n) / 2n);
  return e === 0n || e === 1n;
}

function sqrt(x) {
  x = mod(x);
  let r = pow(x, (P + 3n) / 8n);
  if (mod(r * r) !== x) r = mod(r * SQRT_M1);
  return mod(r * r) === x ? r : null;
}

export function le(bytes) {
  let n = 0n;
  for (let i = bytes.length - 1; i >= 0; i--) n = (n << 8n) | BigInt(bytes[i]);
  return n;
}

export function toLE(n, size = 32) {
  const out = new Uint8Array(size);
  for (let i = 0; i < size; i++) {
    out[i] = Number(n & 0xffn);
    n >>= 8n;
  }
  return out;
}

// Points are extended coordinates [X, Y, Z, T].
export const IDENTITY = [0n, 1n, 1n, 0n];

export function add([x1, y1, z1, t1], [x2, y2, z2, t2]) {
  const a = mod((y1 - x1) * (y2 - x2));
  const b = mod((y1 + x1) * (y2 + x2));
  const c = mod(2n * t1 * t2 * D);
  const d = mod(2n * z1 * z2);
  const e = b - a, f = d - c, g = d + c, h = b + a;
  return [mod(e * f), mod(g * h), mod(f * g), mod(e * h)];
}

export const neg = ([x, y, z, t]) => [mod(-x), y, z, mod(-t)];

export function mul(n, pt) {
  let r = IDENTITY;
  for (let i = BigInt(n.toString(2).length) - 1n; i >= 0n; i--) {
    r = add(r, r);
    if ((n >> i) & 1n) r = add(r, pt);
  }
  return r;
}

function affine([x, y, z]) {
  const zi = inv(z);
  return [mod(x * zi), mod(y * zi)];
}

export function isIdentity(pt) {
  const [x, y] = affine(pt);
  return x === 0n && y === 1n;
}

export const isSmallOrder = (pt) => isIdentity(mul(8n, pt));
export const inSubgroup = (pt) => isIdentity(mul(Q, pt));

export function encode(pt) {
  const [x, y] = affine(pt);
  return toLE(y | ((x & 1n) << 255n));
}

function pointFromY(y, sign) {
  y = mod(y);
  let x = sqrt(mod((y * y - 1n) * inv(D * y * y + 1n)));
  if (x === null) return null;
  if (x !== 0n && (x & 1n) !== sign) x = P - x;
  return [x, y, 1n, mod(x * y)];
}

export const BASE = pointFromY(mod(4n * inv(5n)), 0n);

/** Lenient decoding (y reduced mod p, "negative zero" allowed) and whether it was canonical. */
export function decode(bytes) {
  if (bytes.length !== 32) return { point: null, canonical: false };
  const raw = le(bytes);
  const y = raw & MASK;
  const sign = raw >> 255n;
  const point = pointFromY(y, sign);
  if (point === null) return { point: null, canonical: false };
  const [x] = affine(point);
  return { point, canonical: y < P && !(x === 0n && sign === 1n) };
}

/** k = clamp(d): RFC 7748 decodeScalar25519 of the private-key octets d, as a BigInt. */
export function clamp(d) {
  const c = Uint8Array.from(d);
  c[0] &= 248;
  c[31] &= 127;
  c[31] |= 64;
  return le(c);
}

/** XEdDSA rev 1 calculate_key_pair of k = clamp(d): [A, a, sign bit of kB]. */
export function calculateKeyPair(d) {
  const kc = clamp(d);
  const E = encode(mul(kc, BASE));
  const sign = E[31] >> 7;
  const A = Uint8Array.from(E);
  A[31] &= 0x7f;
  return [A, sign ? modQ(-kc) : modQ(kc), sign];
}

export function uOf(pt) {
  const [, y] = affine(pt);
  return toLE(mod((1n + y) * inv(1n - y)));
}

export function convertMont(u) {
  const n = mod(le(u) & MASK);
  return toLE(mod((n - 1n) * inv(n + 1n)));
}

export const onMontgomery = (u) => isSquare(mod(u * u * u + MONT_A * u * u + u));

export function elligator2(r) {
  const n = mod(le(r) & MASK);
  const u1 = mod(-MONT_A * inv(1n + 2n * n * n));
  const w1 = mod(u1 * (u1 * u1 + MONT_A * u1 + 1n));
  return toLE(isSquare(w1) ? u1 : mod(-MONT_A - u1));
}

export function sha512(...parts) {
  const h = createHash('sha512');
  for (const p of parts) h.update(p);
  return new Uint8Array(h.digest());
}

/** hash_i(X) = SHA-512(2^256 - 1 - i as 32 little-endian bytes || X). */
export function hashI(i, ...parts) {
  const prefix = new Uint8Array(32).fill(0xff);
  prefix[0] = 0xff - i;
  return sha512(prefix, ...parts);
}

export function hashToPoint(x) {
  const h = hashI(2, x);
  const r = Uint8Array.from(h.subarray(0, 32));
  r[31] &= 0x7f;
  const u = le(elligator2(r));
  const p = pointFromY(mod((u - 1n) * inv(u + 1n)), BigInt(h[31] >> 7));
  return mul(8n, p);
}
