// XEdDSA and VXEdDSA (revision 1) signing and verification under the two policies the vector
// files name: "spec" (the literal revision 1 checks) and "strict" (the JOSE algorithms' rule).
package main

import (
	"bytes"
	"math/big"
)

func scalarBytes(n *big.Int) []byte { return toLE(n, 32) }

func xeddsaSign(d, msg, z []byte) []byte {
	A, a, _ := calculateKeyPair(d)
	r := new(big.Int).Mod(le(hashI(1, scalarBytes(a), msg, z)), Q)
	R := encode(scalarMul(r, base))
	h := sha512Mod(R, A, msg)
	s := new(big.Int).Mod(new(big.Int).Add(r, new(big.Int).Mul(h, a)), Q)
	return append(R, scalarBytes(s)...)
}

func vxeddsaSign(d, msg, z []byte) ([]byte, []byte) {
	A, a, _ := calculateKeyPair(d)
	Bv := hashToPoint(append(append([]byte{}, A...), msg...))
	V := encode(scalarMul(a, Bv))
	r := new(big.Int).Mod(le(hashI(3, scalarBytes(a), V, z)), Q)
	R := encode(scalarMul(r, base))
	Rv := encode(scalarMul(r, Bv))
	h := new(big.Int).Mod(le(hashI(4, A, V, R, Rv, msg)), Q)
	s := new(big.Int).Mod(new(big.Int).Add(r, new(big.Int).Mul(h, a)), Q)
	Vp, _, _ := decode(V)
	v := hashI(5, encode(scalarMul(big.NewInt(8), Vp)))[:32]
	sig := append(append(V, scalarBytes(h)...), scalarBytes(s)...)
	return sig, v
}

// publicKey converts u for verification: 32 bytes, u < p (bit 255 included), A on the curve.
func publicKey(u []byte) (Point, []byte, bool) {
	if len(u) != 32 || le(u).Cmp(P) >= 0 {
		return Point{}, nil, false
	}
	A := convertMont(u)
	Ap, ok, _ := decode(A)
	return Ap, A, ok
}

// keyImport is the JOSE key check: the above, u on Curve25519 (not the twist), A not of small
// order and in the prime-order subgroup.
func keyImport(u []byte) bool {
	Ap, _, ok := publicKey(u)
	return ok && onMontgomery(le(u)) && !isSmallOrder(Ap) && inSubgroup(Ap)
}

func xeddsaVerify(u, msg, sig []byte, strict bool) bool {
	Ap, A, ok := publicKey(u)
	if !ok || len(sig) != 64 {
		return false
	}
	s := le(sig[32:])
	if s.Cmp(two253) >= 0 || (strict && s.Cmp(Q) >= 0) {
		return false
	}
	if strict {
		if isSmallOrder(Ap) {
			return false
		}
		if Rp, okR, _ := decode(sig[:32]); okR && isSmallOrder(Rp) {
			return false
		}
	}
	h := sha512Mod(sig[:32], A, msg)
	Rcheck := encode(add(scalarMul(s, base), neg(scalarMul(h, Ap))))
	return bytes.Equal(Rcheck, sig[:32])
}

// vxeddsaVerify returns the VRF output, or nil.
func vxeddsaVerify(u, msg, sig []byte, strict bool) []byte {
	Ap, A, ok := publicKey(u)
	if !ok || len(sig) != 96 {
		return nil
	}
	Vb, h, s := sig[:32], le(sig[32:64]), le(sig[64:])
	if h.Cmp(two253) >= 0 || s.Cmp(two253) >= 0 {
		return nil
	}
	if strict && (h.Cmp(Q) >= 0 || s.Cmp(Q) >= 0) {
		return nil
	}
	Vp, okV, canonical := decode(Vb)
	if !okV || (strict && !canonical) {
		return nil
	}
	Bv := hashToPoint(append(append([]byte{}, A...), msg...))
	if isSmallOrder(Ap) || isSmallOrder(Vp) || isIdentity(Bv) {
		return nil
	}
	R := encode(add(scalarMul(s, base), neg(scalarMul(h, Ap))))
	Rv := encode(add(scalarMul(s, Bv), neg(scalarMul(h, Vp))))
	hcheck := new(big.Int).Mod(le(hashI(4, A, Vb, R, Rv, msg)), Q)
	if !bytes.Equal(scalarBytes(hcheck), sig[32:64]) {
		return nil
	}
	return hashI(5, encode(scalarMul(big.NewInt(8), Vp)))[:32]
}
