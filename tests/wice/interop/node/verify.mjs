// A wice-candidates token verifier written from docs/design/wice-wire-format.rst on
// @signalapp/libsignal-client (installed by `npm ci --prefix tests/interop/node`).
//
// libsignal's PublicKey.verify accepts its legacy signature format too (the Edwards sign bit in
// the top bit of s), so the strict rules are checked here explicitly before it is called:
// u < p, A and R not of small order, s < q, top bit of s clear. Reads lines
// "OWN_KEY<TAB>NOW_MS<TAB>TRUSTED,...<TAB>TOKEN" on stdin, prints "accept" or "reject <reason>".

import { readFileSync } from 'node:fs';

const lib = await import(
  new URL('../../../interop/node/node_modules/@signalapp/libsignal-client/dist/index.js', import.meta.url)
);

const MAX_TOKEN = 16384;
const MAX_SAFE = 2n ** 53n - 1n;
const WINDOW_MS = 120000n;
const P = 2n ** 255n - 19n;
const Q = 2n ** 252n + 27742317777372353535851937790883648493n;
const D = (((P - 121665n) * modInverse(121666n)) % P + P) % P;
const SQRT_M1 = modPow(2n, (P - 1n) / 4n);

const B64URL_RE = /^[A-Za-z0-9_-]*$/;
const WG_KEY_RE = /^[A-Za-z0-9+/]{42}[AEIMQUYcgkosw048]=$/;
const UFRAG_RE = /^[A-Za-z0-9+/]{4,256}$/;
const PWD_RE = /^[A-Za-z0-9+/]{22,256}$/;
const FOUNDATION_RE = /^[A-Za-z0-9+/]{1,32}$/;
const IPV4_RE = /^((25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])\.){3}(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])$/;

class Reject extends Error {}
const reject = (why) => { throw new Reject(why); };

function modPow(b, e) {
  let r = 1n; b %= P;
  while (e > 0n) { if (e & 1n) r = (r * b) % P; b = (b * b) % P; e >>= 1n; }
  return r;
}
function modInverse(a) { return modPow(((a % P) + P) % P, P - 2n); }
const mod = (a) => ((a % P) + P) % P;
const leToBig = (bytes) => bytes.reduceRight((acc, b) => (acc << 8n) | BigInt(b), 0n);

// ---- strict base64url and keys -----------------------------------------------------------

function b64url(text) {
  if (!B64URL_RE.test(text) || text.length % 4 === 1) reject('base64url');
  const data = Buffer.from(text, 'base64url');
  if (data.toString('base64url') !== text) reject('base64url');
  return data;
}
function wgKey(v) {
  if (typeof v !== 'string' || !WG_KEY_RE.test(v)) reject('key');
  return Buffer.from(v, 'base64');
}

// ---- strict JSON: UTF-8, no BOM, no duplicates, integers only within I-JSON, depth <= 4 ------

class Num { constructor(v) { this.v = v; } }

function parseStrict(bytes) {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) reject('BOM');
  let text;
  try { text = new TextDecoder('utf-8', { fatal: true }).decode(bytes); } catch { reject('utf-8'); }
  let i = 0;
  const ws = () => { while (i < text.length && ' \t\n\r'.includes(text[i])) i++; };
  const value = (depth) => {
    ws();
    const c = text[i];
    if (c === '{' || c === '[') {
      if (depth + 1 > 4) reject('depth');
      i++; ws();
      if (c === '[') {
        const out = [];
        if (text[i] === ']') { i++; return out; }
        for (;;) {
          out.push(value(depth + 1)); ws();
          if (text[i] === ',') { i++; continue; }
          if (text[i] === ']') { i++; return out; }
          reject('json syntax');
        }
      }
      const out = new Map();
      if (text[i] === '}') { i++; return out; }
      for (;;) {
        ws();
        if (text[i] !== '"') reject('json syntax');
        const key = string();
        if (out.has(key)) reject('duplicate member');
        ws();
        if (text[i] !== ':') reject('json syntax');
        i++;
        out.set(key, value(depth + 1)); ws();
        if (text[i] === ',') { i++; continue; }
        if (text[i] === '}') { i++; return out; }
        reject('json syntax');
      }
    }
    if (c === '"') return string();
    for (const [lit, v] of [['true', true], ['false', false], ['null', null]]) {
      if (text.startsWith(lit, i)) { i += lit.length; return v; }
    }
    const m = /^-?(0|[1-9][0-9]*)([.eE])?/.exec(text.slice(i, i + 40));
    if (!m || m[2]) reject('number');
    const literal = m[0];
    if (literal.length > 17) reject('number');
    i += literal.length;
    const n = BigInt(literal);
    if (n > MAX_SAFE || n < -MAX_SAFE) reject('number');
    return new Num(n);
  };
  const string = () => {
    const start = i;
    i++;
    for (;;) {
      if (i >= text.length) reject('json string');
      const ch = text[i];
      if (ch === '"') break;
      if (ch.charCodeAt(0) < 0x20) reject('control character');
      if (ch === '\\') {
        const e = text[i + 1];
        if (e === 'u') {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) reject('escape');
          i += 6; continue;
        }
        if (!'"\\/bfnrt'.includes(e) || e === undefined) reject('escape');
        i += 2; continue;
      }
      i++;
    }
    i++;
    return JSON.parse(text.slice(start, i));
  };
  const result = value(0);
  ws();
  if (i !== text.length) reject('trailing json');
  return result;
}

function exactly(obj, required, optional = []) {
  if (!(obj instanceof Map)) reject('object');
  for (const k of required) if (!obj.has(k)) reject(`missing ${k}`);
  for (const k of obj.keys()) if (!required.includes(k) && !optional.includes(k)) reject(`unknown ${k}`);
}
const counter = (v) => { if (!(v instanceof Num) || v.v < 0n || v.v > MAX_SAFE) reject('counter'); return v.v; };
const intIn = (v, lo, hi) => { if (!(v instanceof Num) || v.v < lo || v.v > hi) reject('range'); };
const oneOf = (v, ...values) => { if (typeof v !== 'string' || !values.includes(v)) reject('enum'); return v; };

// ---- addresses ---------------------------------------------------------------------------

function ipv6Canonical(s) {
  // Parse, then print per RFC 5952 (lower case, longest run of >= 2 zero groups as "::").
  if (!/^[0-9a-fA-F:.]+$/.test(s) || s.includes('.')) return null;
  const halves = s.split('::');
  if (halves.length > 2) return null;
  const part = (h) => (h === '' ? [] : h.split(':'));
  const head = part(halves[0]);
  const tail = halves.length === 2 ? part(halves[1]) : [];
  const missing = 8 - head.length - tail.length;
  if ((halves.length === 2 && missing < 1) || (halves.length === 1 && missing !== 0)) return null;
  const groups = [...head, ...Array(halves.length === 2 ? missing : 0).fill('0'), ...tail];
  if (groups.some((g) => !/^[0-9a-fA-F]{1,4}$/.test(g))) return null;
  const values = groups.map((g) => parseInt(g, 16));
  let best = -1; let bestLen = 1;
  for (let k = 0; k < 8;) {
    if (values[k] !== 0) { k++; continue; }
    let e = k; while (e < 8 && values[e] === 0) e++;
    if (e - k > bestLen) { best = k; bestLen = e - k; }
    k = e;
  }
  const hex = values.map((v) => v.toString(16));
  const text = best < 0 ? hex.join(':')
    : `${hex.slice(0, best).join(':')}::${hex.slice(best + bestLen).join(':')}`;
  return { text, values };
}

function ipVersion(v) {
  if (typeof v !== 'string') reject('address');
  if (IPV4_RE.test(v)) return 4;
  const parsed = ipv6Canonical(v);
  if (parsed === null) reject('address');
  const w = parsed.values;
  if (w.slice(0, 5).every((x) => x === 0) && w[5] === 0xffff) reject('IPv4-mapped');
  if (w.slice(0, 6).every((x) => x === 0) && (w[6] !== 0 || w[7] > 1)) reject('IPv4-compatible');
  if (parsed.text !== v) reject('non-canonical IPv6');
  return 6;
}

function candidate(obj) {
  exactly(obj, ['type', 'network_type', 'foundation', 'component', 'priority', 'address', 'port'],
    ['tcp_type', 'related_address', 'relay_protocol']);
  const type = oneOf(obj.get('type'), 'host', 'srflx', 'prflx', 'relay');
  const network = oneOf(obj.get('network_type'), 'udp4', 'udp6', 'tcp4', 'tcp6');
  if (obj.has('tcp_type')) {
    oneOf(obj.get('tcp_type'), 'active', 'passive', 'so');
    if (!network.startsWith('tcp')) reject('tcp_type on udp');
  } else if (network.startsWith('tcp') && type === 'host') reject('tcp host without tcp_type');
  if (obj.has('relay_protocol')) {
    oneOf(obj.get('relay_protocol'), 'udp', 'tcp', 'tls', 'dtls');
    if (type !== 'relay') reject('relay_protocol');
  }
  const foundation = obj.get('foundation');
  if (typeof foundation !== 'string' || !FOUNDATION_RE.test(foundation)) reject('foundation');
  intIn(obj.get('component'), 1n, 256n);
  intIn(obj.get('priority'), 1n, 2n ** 31n - 1n);
  intIn(obj.get('port'), 0n, 65535n);
  if (String(ipVersion(obj.get('address'))) !== network[3]) reject('family');
  if (obj.has('related_address')) {
    const rel = obj.get('related_address');
    exactly(rel, ['address', 'port']);
    ipVersion(rel.get('address'));
    intIn(rel.get('port'), 0n, 65535n);
  }
  if (obj.has('related_address') === (type === 'host')) reject('related_address presence');
}

function credentials(obj) {
  exactly(obj, ['ufrag', 'pwd', 'need_creds']);
  const [u, p, n] = ['ufrag', 'pwd', 'need_creds'].map((k) => obj.get(k));
  if (typeof u !== 'string' || !UFRAG_RE.test(u)) reject('ufrag');
  if (typeof p !== 'string' || !PWD_RE.test(p)) reject('pwd');
  if (typeof n !== 'boolean') reject('need_creds');
}

// ---- explicit strict checks around libsignal's verify ---------------------------------------

function decodePoint(enc) {
  const sign = enc[31] >> 7;
  const y = leToBig(enc) & ((1n << 255n) - 1n);
  if (y >= P) return null;
  const y2 = mod(y * y);
  const x2 = mod((y2 - 1n) * modInverse(mod(D * y2 + 1n)));
  let x = modPow(x2, (P + 3n) / 8n);
  if (mod(x * x) !== x2) x = mod(x * SQRT_M1);
  if (mod(x * x) !== x2) return null;
  if (x === 0n && sign === 1) return null;
  if (Number(x & 1n) !== sign) x = P - x;
  return [x, y, 1n, mod(x * y)];
}
function add([x1, y1, z1, t1], [x2, y2, z2, t2]) {
  const a = mod((y1 - x1) * (y2 - x2)); const b = mod((y1 + x1) * (y2 + x2));
  const c = mod(2n * D * t1 * t2); const d = mod(2n * z1 * z2);
  const e = b - a; const f = d - c; const g = d + c; const h = b + a;
  return [mod(e * f), mod(g * h), mod(f * g), mod(e * h)];
}
function smallOrder(p) {
  for (let k = 0; k < 3; k++) p = add(p, p);
  return p[0] === 0n && mod(p[1] - p[2]) === 0n;
}
function strictVerify(uBytes, message, sig) {
  const u = leToBig(uBytes); // bit 255 is not masked
  if (u >= P || mod(u + 1n) === 0n) return false;
  const y = mod((u - 1n) * modInverse(u + 1n));
  const aEnc = Buffer.alloc(32);
  for (let k = 0, v = y; k < 32; k++, v >>= 8n) aEnc[k] = Number(v & 0xffn);
  const A = decodePoint(aEnc);
  const R = decodePoint(sig.subarray(0, 32));
  if (A === null || smallOrder(A) || R === null || smallOrder(R)) return false;
  if (sig[63] & 0x80) return false; // libsignal's legacy sign-bit position: not XEdDSA
  if (leToBig(sig.subarray(32)) >= Q) return false;
  const key = lib.PublicKey.deserialize(new Uint8Array(Buffer.concat([Buffer.from([5]), uBytes])));
  return key.verify(new Uint8Array(message), new Uint8Array(sig));
}

// ---- the token ---------------------------------------------------------------------------

function verify(own, nowMs, trusted, token) {
  if (token.length > MAX_TOKEN) reject('too large');
  if (!/^[\x00-\x7f]*$/.test(token)) reject('non-ASCII');
  const parts = token.split('.');
  if (parts.length !== 3 || parts.some((p) => p === '')) reject('segments');
  const [headerRaw, payloadRaw, sig] = parts.map(b64url);
  const header = parseStrict(headerRaw);
  exactly(header, ['alg', 'kid', 'typ']);
  if (header.get('alg') !== 'XEd25519' || header.get('typ') !== 'wice-candidates+json') reject('alg/typ');
  const kid = wgKey(header.get('kid'));
  if (sig.length !== 64) reject('signature size');
  if (kid.equals(own)) reject('reflected');
  if (!trusted.some((k) => k.equals(kid))) reject('unknown sender');
  if (!strictVerify(kid, Buffer.from(`${parts[0]}.${parts[1]}`, 'ascii'), sig)) reject('bad signature');
  const payload = parseStrict(payloadRaw);
  exactly(payload, ['proto', 'v', 'sender', 'recipient', 'session', 'seq', 'ts'],
    ['credentials', 'candidate', 'end_of_candidates']);
  const bodies = ['credentials', 'candidate', 'end_of_candidates'].filter((k) => payload.has(k));
  if (bodies.length !== 1) reject('bodies');
  if (payload.get('proto') !== 'wice-candidates') reject('proto');
  const v = payload.get('v');
  if (!(v instanceof Num) || v.v !== 1n) reject('version');
  const sender = wgKey(payload.get('sender'));
  const recipient = wgKey(payload.get('recipient'));
  counter(payload.get('session'));
  counter(payload.get('seq'));
  const ts = counter(payload.get('ts'));
  if (bodies[0] === 'credentials') credentials(payload.get('credentials'));
  else if (bodies[0] === 'candidate') candidate(payload.get('candidate'));
  else if (payload.get('end_of_candidates') !== true) reject('end_of_candidates');
  if (!sender.equals(kid)) reject('sender mismatch');
  if (!recipient.equals(own)) reject('wrong recipient');
  if (ts < nowMs - WINDOW_MS || ts > nowMs + WINDOW_MS) reject('expired');
}

const out = [];
for (const line of readFileSync(0, 'utf8').split('\n')) {
  if (line === '') continue;
  const [ownText, now, trustedText, token] = line.split('\t');
  try {
    verify(Buffer.from(ownText, 'base64'), BigInt(now),
      trustedText.split(',').map((k) => Buffer.from(k, 'base64')), token);
    out.push('accept');
  } catch (error) {
    if (!(error instanceof Reject)) throw error;
    out.push(`reject ${error.message}`);
  }
}
process.stdout.write(`${out.join('\n')}\n`);
