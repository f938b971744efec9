// Curve25519 / edwards25519 arithmetic with math/big, written from RFC 7748, RFC 8032 and the
// XEdDSA and VXEdDSA specification (revision 1). Variable time: for checking test vectors only.
package main

import (
	"crypto/sha512"
	"math/big"
)

var (
	one    = big.NewInt(1)
	P      = new(big.Int).Sub(new(big.Int).Lsh(one, 255), big.NewInt(19))
	Q, _   = new(big.Int).SetString("7237005577332262213973186563042994240857116359379907606001950938285454250989", 10)
	two253 = new(big.Int).Lsh(one, 253)
	two255 = new(big.Int).Lsh(one, 255)
	mask   = new(big.Int).Sub(two255, one)
	montA  = big.NewInt(486662)
	edD    = mod(new(big.Int).Mul(big.NewInt(-121665), inv(big.NewInt(121666))))
	sqrtM1 = new(big.Int).Exp(big.NewInt(2), new(big.Int).Rsh(new(big.Int).Sub(P, one), 2), P)
	base   = mustPoint(mod(new(big.Int).Mul(big.NewInt(4), inv(big.NewInt(5)))), 0)
	ident  = Point{big.NewInt(0), big.NewInt(1), big.NewInt(1), big.NewInt(0)}
)

// Point is an extended-coordinates point (X, Y, Z, T): x = X/Z, y = Y/Z, xy = T/Z.
type Point struct{ X, Y, Z, T *big.Int }

func mod(x *big.Int) *big.Int { return new(big.Int).Mod(x, P) }

func mul(a, b *big.Int) *big.Int { return mod(new(big.Int).Mul(a, b)) }

// inv returns x^(p-2) mod p, so inv(0) = 0 as the specification defines it.
func inv(x *big.Int) *big.Int { return new(big.Int).Exp(mod(x), new(big.Int).Sub(P, big.NewInt(2)), P) }

func isSquare(x *big.Int) bool {
	e := new(big.Int).Exp(mod(x), new(big.Int).Rsh(new(big.Int).Sub(P, one), 1), P)
	return e.Sign() == 0 || e.Cmp(one) == 0
}

func sqrtMod(x *big.Int) (*big.Int, bool) {
	x = mod(x)
	r := new(big.Int).Exp(x, new(big.Int).Rsh(new(big.Int).Add(P, big.NewInt(3)), 3), P)
	if mul(r, r).Cmp(x) != 0 {
		r = mul(r, sqrtM1)
	}
	return r, mul(r, r).Cmp(x) == 0
}

func le(b []byte) *big.Int {
	r := make([]byte, len(b))
	for i := range b {
		r[len(b)-1-i] = b[i]
	}
	return new(big.Int).SetBytes(r)
}

func toLE(n *big.Int, size int) []byte {
	be := n.Bytes()
	out := make([]byte, size)
	for i := 0; i < len(be) && i < size; i++ {
		out[i] = be[len(be)-1-i]
	}
	return out
}

func add(p1, p2 Point) Point {
	a := mul(new(big.Int).Sub(p1.Y, p1.X), new(big.Int).Sub(p2.Y, p2.X))
	b := mul(new(big.Int).Add(p1.Y, p1.X), new(big.Int).Add(p2.Y, p2.X))
	c := mul(mul(big.NewInt(2), mul(p1.T, p2.T)), edD)
	d := mul(big.NewInt(2), mul(p1.Z, p2.Z))
	e, f := mod(new(big.Int).Sub(b, a)), mod(new(big.Int).Sub(d, c))
	g, h := mod(new(big.Int).Add(d, c)), mod(new(big.Int).Add(b, a))
	return Point{mul(e, f), mul(g, h), mul(f, g), mul(e, h)}
}

func neg(p Point) Point {
	return Point{mod(new(big.Int).Neg(p.X)), p.Y, p.Z, mod(new(big.Int).Neg(p.T))}
}

func scalarMul(n *big.Int, p Point) Point {
	r := ident
	for i := n.BitLen() - 1; i >= 0; i-- {
		r = add(r, r)
		if n.Bit(i) == 1 {
			r = add(r, p)
		}
	}
	return r
}

func affine(p Point) (*big.Int, *big.Int) {
	zi := inv(p.Z)
	return mul(p.X, zi), mul(p.Y, zi)
}

func isIdentity(p Point) bool {
	x, y := affine(p)
	return x.Sign() == 0 && y.Cmp(one) == 0
}

func isSmallOrder(p Point) bool { return isIdentity(scalarMul(big.NewInt(8), p)) }

func inSubgroup(p Point) bool { return isIdentity(scalarMul(Q, p)) }

func encode(p Point) []byte {
	x, y := affine(p)
	out := toLE(y, 32)
	out[31] |= byte(x.Bit(0) << 7)
	return out
}

func pointFromY(y *big.Int, sign uint) (Point, bool) {
	y = mod(y)
	y2 := mul(y, y)
	x, ok := sqrtMod(mul(new(big.Int).Sub(y2, one), inv(new(big.Int).Add(mul(edD, y2), one))))
	if !ok {
		return Point{}, false
	}
	if x.Sign() != 0 && x.Bit(0) != sign {
		x = new(big.Int).Sub(P, x)
	}
	return Point{x, y, big.NewInt(1), mul(x, y)}, true
}

func mustPoint(y *big.Int, sign uint) Point {
	p, ok := pointFromY(y, sign)
	if !ok {
		panic("no point")
	}
	return p
}

// decode reads a 32-byte encoding. Lenient: y is reduced mod p and x = 0 with sign 1 is allowed.
// Canonical: y < p and no "negative zero"; the flag says whether the encoding was canonical.
func decode(b []byte) (p Point, ok bool, canonical bool) {
	if len(b) != 32 {
		return Point{}, false, false
	}
	raw := le(b)
	y := new(big.Int).And(raw, mask)
	sign := raw.Bit(255)
	p, ok = pointFromY(y, sign)
	if !ok {
		return p, false, false
	}
	x, _ := affine(p)
	canonical = y.Cmp(P) < 0 && !(x.Sign() == 0 && sign == 1)
	return p, true, canonical
}

// clamp returns k = clamp(d), RFC 7748 decodeScalar25519 of the private-key octets d.
func clamp(d []byte) *big.Int {
	c := append([]byte{}, d...)
	c[0] &= 248
	c[31] &= 127
	c[31] |= 64
	return le(c)
}

// calculateKeyPair returns (A, a, sign bit of kB) of k = clamp(d), XEdDSA rev 1 section 2.3.
func calculateKeyPair(d []byte) ([]byte, *big.Int, uint) {
	kc := clamp(d)
	E := encode(scalarMul(kc, base))
	sign := uint(E[31] >> 7)
	A := append([]byte{}, E...)
	A[31] &= 0x7f
	a := new(big.Int).Mod(kc, Q)
	if sign == 1 {
		a = new(big.Int).Mod(new(big.Int).Neg(kc), Q)
	}
	return A, a, sign
}

// uOf returns the Montgomery u = (1 + y) / (1 - y) of an Edwards point.
func uOf(p Point) []byte {
	_, y := affine(p)
	return toLE(mul(new(big.Int).Add(one, y), inv(new(big.Int).Sub(one, y))), 32)
}

// convertMont masks bit 255, reduces mod p and maps u to y = (u - 1) / (u + 1), sign bit 0.
func convertMont(u []byte) []byte {
	n := mod(new(big.Int).And(le(u), mask))
	return toLE(mul(new(big.Int).Sub(n, one), inv(new(big.Int).Add(n, one))), 32)
}

func onMontgomery(u *big.Int) bool {
	u = mod(u)
	return isSquare(new(big.Int).Add(new(big.Int).Add(mul(mul(u, u), u), mul(montA, mul(u, u))), u))
}

func elligator2(r []byte) []byte {
	n := mod(new(big.Int).And(le(r), mask))
	u1 := mul(new(big.Int).Neg(montA), inv(new(big.Int).Add(one, mul(big.NewInt(2), mul(n, n)))))
	w1 := mul(u1, new(big.Int).Add(new(big.Int).Add(mul(u1, u1), mul(montA, u1)), one))
	if isSquare(w1) {
		return toLE(u1, 32)
	}
	return toLE(mod(new(big.Int).Sub(new(big.Int).Neg(montA), u1)), 32)
}

// hashI is hash_i(X) = SHA-512(2^b - 1 - i || X) with the prefix as 32 little-endian bytes.
func hashI(i byte, parts ...[]byte) []byte {
	h := sha512.New()
	prefix := make([]byte, 32)
	for j := range prefix {
		prefix[j] = 0xff
	}
	prefix[0] = 0xff - i
	h.Write(prefix)
	for _, p := range parts {
		h.Write(p)
	}
	return h.Sum(nil)
}

func sha512Mod(parts ...[]byte) *big.Int {
	h := sha512.New()
	for _, p := range parts {
		h.Write(p)
	}
	return new(big.Int).Mod(le(h.Sum(nil)), Q)
}

func hashToPoint(x []byte) Point {
	h := hashI(2, x)
	r := append([]byte{}, h[:32]...)
	r[31] &= 0x7f
	u := le(elligator2(r))
	y := mul(new(big.Int).Sub(u, one), inv(new(big.Int).Add(u, one)))
	p, _ := pointFromY(y, uint(h[31]>>7))
	return scalarMul(big.NewInt(8), p)
}
