// Command consumer reads the published XEdDSA / VXEdDSA / JOSE test vectors and checks every
// output and verdict it can recompute, with the Go standard library only.
//
//	go run . [path/to/test_vectors]
//
// It prints the number of checks per file and exits 1 on any disagreement.
package main

import (
	"bytes"
	"crypto/ed25519"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
)

type obj = map[string]interface{}

type checker struct {
	file     string
	checks   int
	failures int
}

func (c *checker) expect(ok bool, format string, args ...interface{}) {
	c.checks++
	if !ok {
		c.failures++
		fmt.Fprintf(os.Stderr, "%s: "+format+"\n", append([]interface{}{c.file}, args...)...)
	}
}

func str(o obj, key string) string {
	s, _ := o[key].(string)
	return s
}

func unhex(s string) []byte {
	b, err := hex.DecodeString(s)
	if err != nil {
		panic(err)
	}
	return b
}

func verdict(ok bool) string {
	if ok {
		return "valid"
	}
	return "invalid"
}

func load(dir, rel string) obj {
	data, err := os.ReadFile(filepath.Join(dir, rel))
	if err != nil {
		panic(err)
	}
	var o obj
	if err := json.Unmarshal(data, &o); err != nil {
		panic(err)
	}
	return o
}

// cases yields (group, case) pairs and checks numberOfTests and the tcId sequence.
func cases(c *checker, o obj) [][2]obj {
	var out [][2]obj
	for _, g := range o["testGroups"].([]interface{}) {
		group := g.(obj)
		for _, t := range group["tests"].([]interface{}) {
			out = append(out, [2]obj{group, t.(obj)})
		}
	}
	c.expect(int(o["numberOfTests"].(float64)) == len(out), "numberOfTests")
	for i, pair := range out {
		c.expect(int(pair[1]["tcId"].(float64)) == i+1, "tcId sequence at %d", i+1)
	}
	return out
}

// checkKeyFields checks the key fields of o from d, the 32 private-key octets as stored:
// k = clamp(d) (k is then its own clamp), a, A, the sign bit of kB and u.
// formatMajor is the major version of the file format this consumer reads (generator.version):
// 3 names the private-key octets d and the scalar k = clamp(d), as the Internet-Draft does.
const formatMajor = "3"

// checkFormatVersion reports whether the file has the format this consumer reads; the file's
// other checks run only then (a file of another format fails once, with its version).
func checkFormatVersion(c *checker, o obj) bool {
	gen, _ := o["generator"].(obj)
	version := str(gen, "version")
	ok := strings.SplitN(version, ".", 2)[0] == formatMajor
	c.expect(ok, "generator.version %q: this consumer reads format %s.x", version, formatMajor)
	return ok
}

func checkKeyFields(c *checker, id float64, d []byte, o obj) {
	A, a, sign := calculateKeyPair(d)
	k := unhex(str(o, "k"))
	c.expect(hex.EncodeToString(toLE(clamp(d), 32)) == str(o, "k"), "tc %v k = clamp(d)", id)
	c.expect(len(k) == 32 && clamp(k).Cmp(le(k)) == 0, "tc %v k clamped", id)
	c.expect(hex.EncodeToString(A) == str(o, "A"), "tc %v A", id)
	c.expect(hex.EncodeToString(scalarBytes(a)) == str(o, "a"), "tc %v a", id)
	c.expect(float64(sign) == o["kBSignBit"].(float64), "tc %v kBSignBit", id)
	c.expect(hex.EncodeToString(uOf(scalarMul(clamp(d), base))) == str(o, "u"), "tc %v u", id)
}

func checkSign(c *checker, o obj, vx bool) {
	for _, pair := range cases(c, o) {
		g, t := pair[0], pair[1]
		id := t["tcId"].(float64)
		d, k := unhex(str(g, "d")), unhex(str(g, "k"))
		checkKeyFields(c, id, d, g)
		if own := str(t, "d"); own != "" { // the case's own d replaces the group's
			c.expect(hex.EncodeToString(toLE(clamp(unhex(own)), 32)) == str(g, "k"), "tc %v own d clamps to k", id)
			d = unhex(own)
		}
		msg, z, want := unhex(str(t, "msg")), unhex(str(t, "Z")), str(t, "sig")
		u := unhex(str(g, "u"))
		c.expect(str(t, "result") == "valid", "tc %v result", id)
		if vx {
			sig, v := vxeddsaSign(d, msg, z)
			c.expect(hex.EncodeToString(sig) == want, "tc %v signature", id)
			sigK, _ := vxeddsaSign(k, msg, z)
			c.expect(bytes.Equal(sigK, sig), "tc %v signature from k", id)
			c.expect(str(t, "V")+str(t, "h")+str(t, "s") == want, "tc %v V||h||s", id)
			c.expect(hex.EncodeToString(v) == str(t, "vrf"), "tc %v vrf", id)
			for _, strict := range []bool{true, false} {
				c.expect(bytes.Equal(vxeddsaVerify(u, msg, sig, strict), v), "tc %v verify", id)
			}
		} else {
			sig := xeddsaSign(d, msg, z)
			c.expect(hex.EncodeToString(sig) == want, "tc %v signature", id)
			c.expect(bytes.Equal(xeddsaSign(k, msg, z), sig), "tc %v signature from k", id)
			for _, strict := range []bool{true, false} {
				c.expect(xeddsaVerify(u, msg, sig, strict), "tc %v verify", id)
			}
			// an XEdDSA signature is an Ed25519 signature under A (crypto/ed25519)
			c.expect(ed25519.Verify(ed25519.PublicKey(unhex(str(g, "A"))), msg, sig), "tc %v Ed25519", id)
		}
	}
}

func checkVerify(c *checker, o obj, vx bool) {
	for _, pair := range cases(c, o) {
		g, t := pair[0], pair[1]
		id := t["tcId"].(float64)
		u, msg, sig := unhex(str(g, "u")), unhex(str(t, "msg")), unhex(str(t, "sig"))
		imported := keyImport(u)
		c.expect(verdict(imported) == str(g, "keyImport"), "tc %v keyImport", id)
		_, A, convertible := publicKey(u)
		_, hasA := g["A"]
		c.expect(hasA == (len(u) == 32 && le(u).Cmp(P) < 0), "tc %v A present by the rule", id)
		if hasA && convertible {
			c.expect(hex.EncodeToString(A) == str(g, "A"), "tc %v A", id)
		}
		pr := t["policyResults"].(obj)
		var strictOK bool
		for _, policy := range []string{"strict", "spec"} {
			var ok bool
			if vx {
				v := vxeddsaVerify(u, msg, sig, policy == "strict")
				ok = v != nil
				if ok {
					c.expect(hex.EncodeToString(v) == str(t, "vrf"), "tc %v vrf (%s)", id, policy)
				}
			} else {
				ok = xeddsaVerify(u, msg, sig, policy == "strict")
			}
			if policy == "strict" {
				strictOK = ok
			}
			c.expect(verdict(ok) == pr[policy].(string), "tc %v policy %s", id, policy)
		}
		_, hasVrf := t["vrf"]
		if vx {
			c.expect(hasVrf == (pr["strict"] == "valid" || pr["spec"] == "valid"), "tc %v vrf presence", id)
		} else if Ap, A, ok := publicKey(u); ok && len(sig) == 64 {
			// crypto/ed25519 under A agrees with strict except where strict adds a check (small-order
			// A or R); the published verdict must then be invalid.
			Rp, okR, _ := decode(sig[:32])
			if isSmallOrder(Ap) || (okR && isSmallOrder(Rp)) {
				c.expect(!strictOK, "tc %v small order rejected", id)
			} else {
				c.expect(ed25519.Verify(ed25519.PublicKey(A), msg, sig) == strictOK, "tc %v crypto/ed25519 = strict", id)
			}
		}
		c.expect(verdict(imported && strictOK) == str(t, "result"), "tc %v result", id)
	}
}

func checkConvertMont(c *checker, o obj) {
	for _, pair := range cases(c, o) {
		t := pair[1]
		A := convertMont(unhex(str(t, "u")))
		_, ok, _ := decode(A)
		c.expect(hex.EncodeToString(A) == str(t, "A"), "tc %v A", t["tcId"])
		c.expect(ok == t["onCurve"].(bool), "tc %v onCurve", t["tcId"])
	}
}

func checkElligator(c *checker, o obj) {
	for _, pair := range cases(c, o) {
		t := pair[1]
		u := elligator2(unhex(str(t, "r")))
		c.expect(hex.EncodeToString(u) == str(t, "u"), "tc %v u", t["tcId"])
		c.expect(onMontgomery(le(u)), "tc %v u on the curve", t["tcId"])
	}
}

func checkHashToPoint(c *checker, o obj) {
	for _, pair := range cases(c, o) {
		t := pair[1]
		in := unhex(str(t, "input"))
		c.expect(hex.EncodeToString(hashI(2, in)) == str(t, "hash2"), "tc %v hash2", t["tcId"])
		c.expect(hex.EncodeToString(encode(hashToPoint(in))) == str(t, "point"), "tc %v point", t["tcId"])
	}
}

func checkKeyPair(c *checker, o obj) {
	for _, pair := range cases(c, o) {
		t := pair[1]
		checkKeyFields(c, t["tcId"].(float64), unhex(str(t, "d")), t)
	}
}

// --- JOSE ---------------------------------------------------------------------------------

var b64urlAlphabet = regexp.MustCompile(`^[A-Za-z0-9_-]*$`)

// b64 decodes unpadded base64url strictly: RFC 7515 alphabet, no padding, zero trailing bits.
func b64(s string) ([]byte, bool) {
	if !b64urlAlphabet.MatchString(s) || len(s)%4 == 1 {
		return nil, false
	}
	b, err := base64.RawURLEncoding.DecodeString(s)
	if err != nil || base64.RawURLEncoding.EncodeToString(b) != s {
		return nil, false
	}
	return b, true
}

// jwkKey applies the JWK rules for alg and operation ("sign" or "verify") and returns u.
func jwkKey(jwk obj, alg, op string) ([]byte, bool) {
	if str(jwk, "kty") != "OKP" || str(jwk, "crv") != "X25519" {
		return nil, false
	}
	if use, has := jwk["use"]; has && use != "sig" {
		return nil, false
	}
	if ops, has := jwk["key_ops"]; has {
		found := false
		for _, o := range ops.([]interface{}) {
			found = found || o == op
		}
		if !found {
			return nil, false
		}
	}
	if a, has := jwk["alg"]; has && a != alg && !(alg == "" && (a == "XEd25519" || a == "VXEd25519")) {
		return nil, false
	}
	u, ok := b64(str(jwk, "x"))
	if !ok || !keyImport(u) {
		return nil, false
	}
	return u, true
}

func checkJWK(c *checker, o obj) {
	for _, pair := range cases(c, o) {
		t := pair[1]
		id := t["tcId"].(float64)
		jwk := t["jwk"].(obj)
		op := "verify"
		if _, private := jwk["d"]; private {
			op = "sign"
		}
		u, ok := jwkKey(jwk, "", op)
		if ok && op == "sign" {
			d, okd := b64(str(jwk, "d"))
			ok = okd && len(d) == 32 && bytes.Equal(uOf(scalarMul(clamp(d), base)), u)
			if ok {
				c.expect(hex.EncodeToString(d) == str(t, "d"), "tc %v d", id)
				c.expect(hex.EncodeToString(toLE(clamp(d), 32)) == str(t, "k"), "tc %v k = clamp(d)", id)
				A, _, _ := calculateKeyPair(d)
				c.expect(hex.EncodeToString(A) == str(t, "A"), "tc %v A", id)
				c.expect(hex.EncodeToString(u) == str(t, "u"), "tc %v u", id)
			}
		}
		c.expect(verdict(ok) == str(t, "result"), "tc %v result", id)
		if thumb := str(t, "thumbprint"); thumb != "" {
			input := fmt.Sprintf(`{"crv":"X25519","kty":"OKP","x":"%s"}`, str(jwk, "x"))
			sum := sha256.Sum256([]byte(input))
			c.expect(base64.RawURLEncoding.EncodeToString(sum[:]) == thumb, "tc %v thumbprint", id)
			if ti := str(t, "thumbprintInput"); ti != "" {
				c.expect(ti == input, "tc %v thumbprintInput", id)
			}
		}
	}
}

// joseVerify is a verifier that holds jwk and accepts only algorithms; it understands no JWS
// extension (a header with crit or b64 is refused) and returns the VRF output for VXEd25519.
func joseVerify(t obj, jwk obj) (bool, []byte) {
	var protSeg, paySeg, sigSeg string
	if compact := str(t, "jws"); compact != "" {
		parts := strings.Split(compact, ".")
		if len(parts) != 3 {
			return false, nil
		}
		protSeg, paySeg, sigSeg = parts[0], parts[1], parts[2]
	} else {
		js := t["jwsJson"].(obj)
		protSeg, paySeg, sigSeg = str(js, "protected"), str(js, "payload"), str(js, "signature")
	}
	protRaw, ok := b64(protSeg)
	if !ok {
		return false, nil
	}
	var header obj
	if json.Unmarshal(protRaw, &header) != nil {
		return false, nil
	}
	alg := str(header, "alg") // only the protected header counts
	allowed := false
	for _, a := range t["algorithms"].([]interface{}) {
		allowed = allowed || a == alg
	}
	if !allowed || (alg != "XEd25519" && alg != "VXEd25519") {
		return false, nil
	}
	for _, name := range []string{"crit", "b64"} {
		if _, has := header[name]; has {
			return false, nil
		}
	}
	if fixed, has := t["fixedProtected"]; has && fixed.(string) != string(protRaw) {
		return false, nil
	}
	u, ok := jwkKey(jwk, alg, "verify")
	if !ok {
		return false, nil
	}
	if _, ok := b64(paySeg); !ok {
		return false, nil
	}
	sig, ok := b64(sigSeg)
	if !ok {
		return false, nil
	}
	input := []byte(protSeg + "." + paySeg)
	if alg == "XEd25519" {
		return xeddsaVerify(u, input, sig, true), nil
	}
	v := vxeddsaVerify(u, input, sig, true)
	return v != nil, v
}

func checkJWS(c *checker, o obj, keys obj) {
	byLabel := map[string]obj{}
	for _, g := range keys["testGroups"].([]interface{}) {
		if label := str(g.(obj), "keyLabel"); label != "" {
			byLabel[label] = g.(obj)
		}
	}
	c.expect(str(o, "keyFile") == "jose/jwk.json", "keyFile")
	for _, pair := range cases(c, o) {
		g, t := pair[0], pair[1]
		id := t["tcId"].(float64)
		keyGroup, joined := byLabel[str(g, "keyLabel")]
		c.expect(joined, "tc %v joins jwk.json", id)
		var private obj
		for _, kt := range keyGroup["tests"].([]interface{}) {
			if j := kt.(obj)["jwk"].(obj); j["d"] != nil {
				private = j
			}
		}
		jwk := g["jwk"].(obj)
		c.expect(str(jwk, "x") == str(private, "x"), "tc %v group jwk is the joined key", id)
		if own, has := t["jwk"]; has {
			jwk = own.(obj)
		}
		ok, v := joseVerify(t, jwk)
		c.expect(verdict(ok) == str(t, "result"), "tc %v result (%s)", id, str(t, "comment"))
		if vrf := str(t, "vrf"); vrf != "" || v != nil {
			c.expect(hex.EncodeToString(v) == vrf, "tc %v vrf", id)
		}
		// the signature is reproducible from the private key, the signing input and Z
		d, _ := b64(str(private, "d"))
		input, z := []byte(str(t, "signingInput")), unhex(str(t, "Z"))
		var header obj
		_ = json.Unmarshal([]byte(str(t, "protected")), &header)
		var resigned []byte
		if str(header, "alg") == "VXEd25519" {
			resigned, _ = vxeddsaSign(d, input, z)
		} else {
			resigned = xeddsaSign(d, input, z)
		}
		flags := fmt.Sprint(t["flags"])
		if !strings.Contains(flags, "s_plus_q") && !strings.Contains(flags, "bitflip_R") {
			c.expect(hex.EncodeToString(resigned) == str(t, "sig"), "tc %v signature from Z", id)
		}
	}
}

func main() {
	dir := "../.."
	if len(os.Args) > 1 {
		dir = os.Args[1]
	}
	type job struct {
		rel string
		run func(*checker, obj)
	}
	jobs := []job{
		{"xeddsa25519/sign.json", func(c *checker, o obj) { checkSign(c, o, false) }},
		{"xeddsa25519/verify.json", func(c *checker, o obj) { checkVerify(c, o, false) }},
		{"vxeddsa25519/sign.json", func(c *checker, o obj) { checkSign(c, o, true) }},
		{"vxeddsa25519/verify.json", func(c *checker, o obj) { checkVerify(c, o, true) }},
		{"curve25519/convert_mont.json", checkConvertMont},
		{"curve25519/elligator2.json", checkElligator},
		{"curve25519/hash_to_point.json", checkHashToPoint},
		{"curve25519/calculate_key_pair.json", checkKeyPair},
		{"jose/jwk.json", checkJWK},
		{"jose/jws.json", func(c *checker, o obj) { checkJWS(c, o, load(dir, "jose/jwk.json")) }},
	}
	total, failed := 0, 0
	var lines []string
	for _, j := range jobs {
		c := &checker{file: j.rel}
		o := load(dir, j.rel)
		if checkFormatVersion(c, o) {
			j.run(c, o)
		}
		lines = append(lines, fmt.Sprintf("%-36s %5d checks, %d failed", j.rel, c.checks, c.failures))
		total += c.checks
		failed += c.failures
	}
	sort.Strings(lines)
	for _, l := range lines {
		fmt.Println(l)
	}
	fmt.Printf("go consumer: %d checks, %d failed\n", total, failed)
	if failed > 0 {
		os.Exit(1)
	}
}
