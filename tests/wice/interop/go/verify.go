// A wice-candidates token verifier written from docs/design/wice-wire-format.rst, standard
// library only (build with GO111MODULE=off). Reads lines "OWN_KEY<TAB>NOW_MS<TAB>TRUSTED,...<TAB>TOKEN"
// on stdin and prints "accept" or "reject <reason>" per line. No replay state: every line is the
// first message of its sender.
package main

import (
	"bufio"
	"bytes"
	"crypto/ed25519"
	"crypto/sha512"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/big"
	"net"
	"os"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"
)

const (
	maxToken      = 16384
	maxSafe       = 1<<53 - 1
	windowMs      = 120000
	maxDepth      = 4
	proto         = "wice-candidates"
	alg           = "XEd25519"
	typ           = "wice-candidates+json"
	maxPriority   = 1<<31 - 1
)

var (
	b64urlRe   = regexp.MustCompile(`^[A-Za-z0-9_-]*$`)
	wgKeyRe    = regexp.MustCompile(`^[A-Za-z0-9+/]{42}[AEIMQUYcgkosw048]=$`)
	ufragRe    = regexp.MustCompile(`^[A-Za-z0-9+/]{4,256}$`)
	pwdRe      = regexp.MustCompile(`^[A-Za-z0-9+/]{22,256}$`)
	foundRe    = regexp.MustCompile(`^[A-Za-z0-9+/]{1,32}$`)
	intRe      = regexp.MustCompile(`^-?(0|[1-9][0-9]*)$`)
	ipv4Re     = regexp.MustCompile(`^((25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])\.){3}(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])$`)
	errReject  = errors.New("reject")
	fieldP, _  = new(big.Int).SetString("7fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffed", 16)
	curveD     *big.Int
	sqrtM1     *big.Int
)

func init() {
	// d = -121665 / 121666 mod p; sqrt(-1) = 2^((p-1)/4) mod p.
	num := new(big.Int).Sub(fieldP, big.NewInt(121665))
	inv := new(big.Int).ModInverse(big.NewInt(121666), fieldP)
	curveD = new(big.Int).Mod(new(big.Int).Mul(num, inv), fieldP)
	exp := new(big.Int).Rsh(new(big.Int).Sub(fieldP, big.NewInt(1)), 2)
	sqrtM1 = new(big.Int).Exp(big.NewInt(2), exp, fieldP)
}

func fail(format string, args ...interface{}) error { return fmt.Errorf(format, args...) }

// ---- strict base64url and keys ------------------------------------------------------------

func b64url(text string) ([]byte, error) {
	if !b64urlRe.MatchString(text) || len(text)%4 == 1 {
		return nil, fail("base64url")
	}
	data, err := base64.RawURLEncoding.Strict().DecodeString(text)
	if err != nil || base64.RawURLEncoding.EncodeToString(data) != text {
		return nil, fail("base64url")
	}
	return data, nil
}

func wgKey(v interface{}) ([]byte, error) {
	s, ok := v.(string)
	if !ok || !wgKeyRe.MatchString(s) {
		return nil, fail("key")
	}
	return base64.StdEncoding.DecodeString(s)
}

// ---- strict JSON: UTF-8, no BOM, no duplicates, integers only within I-JSON, depth <= 4 -------

type number struct{ v int64 }

func parseStrict(data []byte) (interface{}, error) {
	if bytes.HasPrefix(data, []byte{0xEF, 0xBB, 0xBF}) || !utf8.Valid(data) {
		return nil, fail("json encoding")
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	v, err := parseValue(dec, 0)
	if err != nil {
		return nil, err
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, fail("trailing json")
	}
	return v, nil
}

func parseValue(dec *json.Decoder, depth int) (interface{}, error) {
	tok, err := dec.Token()
	if err != nil {
		return nil, fail("json syntax")
	}
	switch t := tok.(type) {
	case json.Delim:
		if t != '{' && t != '[' {
			return nil, fail("json syntax")
		}
		if depth+1 > maxDepth {
			return nil, fail("json depth")
		}
		if t == '[' {
			var out []interface{}
			for dec.More() {
				v, err := parseValue(dec, depth+1)
				if err != nil {
					return nil, err
				}
				out = append(out, v)
			}
			if end, err := dec.Token(); err != nil || end != json.Delim(']') {
				return nil, fail("json syntax")
			}
			return out, nil
		}
		out := map[string]interface{}{}
		for dec.More() {
			keyTok, err := dec.Token()
			if err != nil {
				return nil, fail("json syntax")
			}
			key, ok := keyTok.(string)
			if !ok {
				return nil, fail("json syntax")
			}
			if _, dup := out[key]; dup {
				return nil, fail("duplicate member")
			}
			v, err := parseValue(dec, depth+1)
			if err != nil {
				return nil, err
			}
			out[key] = v
		}
		if end, err := dec.Token(); err != nil || end != json.Delim('}') {
			return nil, fail("json syntax")
		}
		return out, nil
	case json.Number:
		text := string(t)
		if !intRe.MatchString(text) || len(text) > 17 {
			return nil, fail("number")
		}
		n, err := strconv.ParseInt(text, 10, 64)
		if err != nil || n > maxSafe || n < -maxSafe {
			return nil, fail("number")
		}
		return number{n}, nil
	default: // string, bool, nil
		return t, nil
	}
}

func counter(v interface{}) (int64, error) {
	n, ok := v.(number)
	if !ok || n.v < 0 || n.v > maxSafe {
		return 0, fail("counter")
	}
	return n.v, nil
}

func intIn(v interface{}, lo, hi int64) error {
	n, ok := v.(number)
	if !ok || n.v < lo || n.v > hi {
		return fail("range")
	}
	return nil
}

func exactly(obj map[string]interface{}, required, optional []string) error {
	allowed := map[string]bool{}
	for _, k := range required {
		if _, ok := obj[k]; !ok {
			return fail("missing %s", k)
		}
		allowed[k] = true
	}
	for _, k := range optional {
		allowed[k] = true
	}
	for k := range obj {
		if !allowed[k] {
			return fail("unknown member %s", k)
		}
	}
	return nil
}

func oneOf(v interface{}, values ...string) (string, error) {
	s, ok := v.(string)
	if ok {
		for _, x := range values {
			if s == x {
				return s, nil
			}
		}
	}
	return "", fail("enum")
}

// ---- addresses ----------------------------------------------------------------------------

// ipVersion returns 4 or 6 for an IP literal in canonical text form, or an error.
func ipVersion(v interface{}) (int, error) {
	s, ok := v.(string)
	if !ok {
		return 0, fail("address")
	}
	if ipv4Re.MatchString(s) {
		return 4, nil
	}
	if strings.Contains(s, "%") || !strings.Contains(s, ":") {
		return 0, fail("address")
	}
	ip := net.ParseIP(s)
	if ip == nil || ip.To16() == nil {
		return 0, fail("address")
	}
	ip16 := ip.To16()
	zero12 := bytes.Equal(ip16[:12], make([]byte, 12))
	mapped := bytes.Equal(ip16[:10], make([]byte, 10)) && ip16[10] == 0xff && ip16[11] == 0xff
	if mapped || (zero12 && new(big.Int).SetBytes(ip16).Cmp(big.NewInt(1)) > 0) {
		return 0, fail("mapped or compatible IPv6")
	}
	if ip.String() != s {
		return 0, fail("non-canonical IPv6")
	}
	return 6, nil
}

func candidate(v interface{}) error {
	obj, ok := v.(map[string]interface{})
	if !ok {
		return fail("candidate object")
	}
	if err := exactly(obj, []string{"type", "network_type", "foundation", "component", "priority", "address", "port"},
		[]string{"tcp_type", "related_address", "relay_protocol"}); err != nil {
		return err
	}
	ctype, err := oneOf(obj["type"], "host", "srflx", "prflx", "relay")
	if err != nil {
		return err
	}
	network, err := oneOf(obj["network_type"], "udp4", "udp6", "tcp4", "tcp6")
	if err != nil {
		return err
	}
	if tt, present := obj["tcp_type"]; present {
		if _, err := oneOf(tt, "active", "passive", "so"); err != nil {
			return err
		}
		if !strings.HasPrefix(network, "tcp") {
			return fail("tcp_type on udp")
		}
	} else if strings.HasPrefix(network, "tcp") && ctype == "host" {
		return fail("tcp host without tcp_type")
	}
	if rp, present := obj["relay_protocol"]; present {
		if _, err := oneOf(rp, "udp", "tcp", "tls", "dtls"); err != nil {
			return err
		}
		if ctype != "relay" {
			return fail("relay_protocol")
		}
	}
	found, ok := obj["foundation"].(string)
	if !ok || !foundRe.MatchString(found) {
		return fail("foundation")
	}
	if intIn(obj["component"], 1, 256) != nil || intIn(obj["priority"], 1, maxPriority) != nil || intIn(obj["port"], 0, 65535) != nil {
		return fail("numbers")
	}
	version, err := ipVersion(obj["address"])
	if err != nil {
		return err
	}
	if strconv.Itoa(version) != network[3:] {
		return fail("family")
	}
	raw, present := obj["related_address"]
	if present {
		rel, ok := raw.(map[string]interface{})
		if !ok || exactly(rel, []string{"address", "port"}, nil) != nil {
			return fail("related_address")
		}
		if _, err := ipVersion(rel["address"]); err != nil {
			return err
		}
		if intIn(rel["port"], 0, 65535) != nil {
			return fail("related port")
		}
	}
	if present == (ctype == "host") {
		return fail("related_address presence")
	}
	return nil
}

func credentials(v interface{}) error {
	obj, ok := v.(map[string]interface{})
	if !ok || exactly(obj, []string{"ufrag", "pwd", "need_creds"}, nil) != nil {
		return fail("credentials")
	}
	u, ok1 := obj["ufrag"].(string)
	p, ok2 := obj["pwd"].(string)
	_, ok3 := obj["need_creds"].(bool)
	if !ok1 || !ok2 || !ok3 || !ufragRe.MatchString(u) || !pwdRe.MatchString(p) {
		return fail("credentials values")
	}
	return nil
}

// ---- XEdDSA verification (strict policy) ------------------------------------------------

type point struct{ x, y, z, t *big.Int }

func mod(a *big.Int) *big.Int { return a.Mod(a, fieldP) }

func add(p1, p2 point) point {
	// Extended twisted Edwards addition (a = -1), Hisil et al.
	a := mod(new(big.Int).Mul(new(big.Int).Sub(p1.y, p1.x), new(big.Int).Sub(p2.y, p2.x)))
	b := mod(new(big.Int).Mul(new(big.Int).Add(p1.y, p1.x), new(big.Int).Add(p2.y, p2.x)))
	c := mod(new(big.Int).Mul(new(big.Int).Mul(big.NewInt(2), curveD), new(big.Int).Mul(p1.t, p2.t)))
	d := mod(new(big.Int).Mul(big.NewInt(2), new(big.Int).Mul(p1.z, p2.z)))
	e, f := new(big.Int).Sub(b, a), new(big.Int).Sub(d, c)
	g, h := new(big.Int).Add(d, c), new(big.Int).Add(b, a)
	return point{mod(new(big.Int).Mul(e, f)), mod(new(big.Int).Mul(g, h)), mod(new(big.Int).Mul(f, g)), mod(new(big.Int).Mul(e, h))}
}

// decodePoint decodes a 32-byte encoding; canonical y < p required.
func decodePoint(enc []byte) (point, bool) {
	le := make([]byte, 32)
	for i := range enc {
		le[31-i] = enc[i]
	}
	sign := le[0] >> 7
	le[0] &= 0x7f
	y := new(big.Int).SetBytes(le)
	if y.Cmp(fieldP) >= 0 {
		return point{}, false
	}
	y2 := mod(new(big.Int).Mul(y, y))
	u := mod(new(big.Int).Sub(y2, big.NewInt(1)))
	v := mod(new(big.Int).Add(new(big.Int).Mul(curveD, y2), big.NewInt(1)))
	x2 := mod(new(big.Int).Mul(u, new(big.Int).ModInverse(v, fieldP)))
	exp := new(big.Int).Rsh(new(big.Int).Add(fieldP, big.NewInt(3)), 3)
	x := new(big.Int).Exp(x2, exp, fieldP)
	if mod(new(big.Int).Mul(x, x)).Cmp(x2) != 0 {
		x = mod(x.Mul(x, sqrtM1))
	}
	if mod(new(big.Int).Mul(x, x)).Cmp(x2) != 0 {
		return point{}, false
	}
	if x.Sign() == 0 && sign == 1 {
		return point{}, false
	}
	if uint(x.Bit(0)) != uint(sign) {
		x = new(big.Int).Sub(fieldP, x)
	}
	return point{x, y, big.NewInt(1), mod(new(big.Int).Mul(x, y))}, true
}

func smallOrder(p point) bool {
	for i := 0; i < 3; i++ {
		p = add(p, p)
	}
	// identity: x = 0 and y = z
	return p.x.Sign() == 0 && mod(new(big.Int).Sub(p.y, p.z)).Sign() == 0
}

// verifyXEdDSA checks an XEdDSA signature under the strict policy.
func verifyXEdDSA(uBytes, msg, sig []byte) bool {
	le := make([]byte, 32)
	for i := range uBytes {
		le[31-i] = uBytes[i]
	}
	u := new(big.Int).SetBytes(le) // bit 255 is not masked
	if u.Cmp(fieldP) >= 0 {
		return false
	}
	up1 := mod(new(big.Int).Add(u, big.NewInt(1)))
	if up1.Sign() == 0 {
		return false
	}
	y := mod(new(big.Int).Mul(new(big.Int).Sub(u, big.NewInt(1)), new(big.Int).ModInverse(up1, fieldP)))
	yb := y.FillBytes(make([]byte, 32))
	aEnc := make([]byte, 32)
	for i := range yb {
		aEnc[31-i] = yb[i]
	}
	A, ok := decodePoint(aEnc)
	if !ok || smallOrder(A) {
		return false
	}
	R, ok := decodePoint(sig[:32])
	if !ok || smallOrder(R) {
		return false
	}
	_ = sha512.New // crypto/ed25519 hashes R || A || M itself
	return ed25519.Verify(ed25519.PublicKey(aEnc), msg, sig) // rejects s >= q
}

// ---- the token ---------------------------------------------------------------------------

func verify(own []byte, nowMs int64, trusted map[string]bool, token string) error {
	if len(token) > maxToken {
		return fail("too large")
	}
	for i := 0; i < len(token); i++ {
		if token[i] >= 0x80 {
			return fail("non-ASCII")
		}
	}
	parts := strings.Split(token, ".")
	if len(parts) != 3 || parts[0] == "" || parts[1] == "" || parts[2] == "" {
		return fail("segments")
	}
	headerRaw, err := b64url(parts[0])
	if err != nil {
		return err
	}
	payloadRaw, err := b64url(parts[1])
	if err != nil {
		return err
	}
	sig, err := b64url(parts[2])
	if err != nil {
		return err
	}
	hv, err := parseStrict(headerRaw)
	if err != nil {
		return err
	}
	header, ok := hv.(map[string]interface{})
	if !ok || exactly(header, []string{"alg", "kid", "typ"}, nil) != nil {
		return fail("header members")
	}
	if header["alg"] != alg || header["typ"] != typ {
		return fail("alg/typ")
	}
	kid, err := wgKey(header["kid"])
	if err != nil {
		return err
	}
	if len(sig) != 64 {
		return fail("signature size")
	}
	if bytes.Equal(kid, own) {
		return fail("reflected")
	}
	if !trusted[string(kid)] {
		return fail("unknown sender")
	}
	if !verifyXEdDSA(kid, []byte(parts[0]+"."+parts[1]), sig) {
		return fail("bad signature")
	}
	pv, err := parseStrict(payloadRaw)
	if err != nil {
		return err
	}
	payload, ok := pv.(map[string]interface{})
	if !ok {
		return fail("payload object")
	}
	if err := exactly(payload, []string{"proto", "v", "sender", "recipient", "session", "seq", "ts"},
		[]string{"credentials", "candidate", "end_of_candidates"}); err != nil {
		return err
	}
	bodies := 0
	for _, k := range []string{"credentials", "candidate", "end_of_candidates"} {
		if _, ok := payload[k]; ok {
			bodies++
		}
	}
	if bodies != 1 {
		return fail("bodies")
	}
	if payload["proto"] != proto {
		return fail("proto")
	}
	if n, ok := payload["v"].(number); !ok || n.v != 1 {
		return fail("version")
	}
	sender, err := wgKey(payload["sender"])
	if err != nil {
		return err
	}
	recipient, err := wgKey(payload["recipient"])
	if err != nil {
		return err
	}
	if _, err := counter(payload["session"]); err != nil {
		return err
	}
	if _, err := counter(payload["seq"]); err != nil {
		return err
	}
	ts, err := counter(payload["ts"])
	if err != nil {
		return err
	}
	if c, ok := payload["credentials"]; ok {
		err = credentials(c)
	} else if c, ok := payload["candidate"]; ok {
		err = candidate(c)
	} else if payload["end_of_candidates"] != true {
		err = fail("end_of_candidates")
	}
	if err != nil {
		return err
	}
	if !bytes.Equal(sender, kid) {
		return fail("sender mismatch")
	}
	if !bytes.Equal(recipient, own) {
		return fail("wrong recipient")
	}
	if ts < nowMs-windowMs || ts > nowMs+windowMs {
		return fail("expired")
	}
	return nil
}

func main() {
	in := bufio.NewScanner(os.Stdin)
	in.Buffer(make([]byte, 1<<20), 1<<20)
	out := bufio.NewWriter(os.Stdout)
	defer out.Flush()
	for in.Scan() {
		fields := strings.SplitN(in.Text(), "\t", 4)
		if len(fields) != 4 {
			fmt.Fprintln(out, "reject input")
			continue
		}
		own, _ := base64.StdEncoding.DecodeString(fields[0])
		now, _ := strconv.ParseInt(fields[1], 10, 64)
		trusted := map[string]bool{}
		for _, k := range strings.Split(fields[2], ",") {
			key, _ := base64.StdEncoding.DecodeString(k)
			trusted[string(key)] = true
		}
		if err := verify(own, now, trusted, fields[3]); err != nil {
			fmt.Fprintln(out, "reject", err)
		} else {
			fmt.Fprintln(out, "accept")
		}
	}
}
