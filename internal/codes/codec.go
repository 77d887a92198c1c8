// Package codes holds redeemable codes: batches generated in the background,
// the code format and its check part, the CSV export behind signed links,
// and redemption through the claim engine with channel CODE.
//
// A code is PREFIX + BODY + CHECK in Crockford's base32 alphabet (no I, L,
// O or U; typed I and L read as 1, O as 0, lower case as upper, dashes and
// spaces ignored). BODY is random (crypto/rand), 5 bits a character, at
// least 60 bits. CHECK is 3 characters (15 bits) of an HMAC of PREFIX+BODY
// under the server's code secret: a mistyped or invented code fails it
// without a database lookup, but for one in 32,768 guesses. The database
// holds no code: a keyed hash finds a typed code, and the body is kept
// encrypted under the secret for the export.
package codes

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/hmac"
	"crypto/sha256"
	"errors"
	"hash"
)

// Alphabet is Crockford's base32.
const Alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"

const (
	// CheckLen is the length of the check part, inside a code's length.
	CheckLen = 3
	// MinLength and MaxLength bound the characters after the prefix: at
	// least 12 random characters (60 bits) and at most what the 16-byte
	// sealed body holds (21 characters, 105 bits).
	MinLength     = 12 + CheckLen
	MaxLength     = 21 + CheckLen
	DefaultLength = 16
	// MaxPrefix bounds a prefix.
	MaxPrefix = 8
	// maxTyped bounds what redemption reads of a typed code.
	maxTyped = 64
)

var decode [256]int8

func init() {
	for i := range decode {
		decode[i] = -1
	}
	for i := 0; i < len(Alphabet); i++ {
		decode[Alphabet[i]] = int8(i)
		decode[Alphabet[i]|0x20] = int8(i) // lower case
	}
	for _, alias := range []struct {
		c byte
		v int8
	}{{'O', 0}, {'o', 0}, {'I', 1}, {'i', 1}, {'L', 1}, {'l', 1}, {'U', 27}, {'u', 27}} {
		decode[alias.c] = alias.v
	}
}

// Normalize reads a typed code into its canonical form: upper case, aliases
// resolved, dashes and spaces dropped. ok is false for a character outside
// the alphabet or an overlong code.
func Normalize(typed string) (code string, ok bool) {
	if len(typed) > maxTyped {
		return "", false
	}
	b := make([]byte, 0, len(typed))
	for i := 0; i < len(typed); i++ {
		c := typed[i]
		if c == '-' || c == ' ' {
			continue
		}
		v := decode[c]
		if v < 0 {
			return "", false
		}
		b = append(b, Alphabet[v])
	}
	return string(b), len(b) > CheckLen
}

// ValidPrefix reports whether p can start codes: up to MaxPrefix upper
// case letters and digits. Letters outside the alphabet (I, L, O, U) are
// shown as given and read as their look-alikes, so SALE works as typed.
func ValidPrefix(p string) bool {
	if len(p) > MaxPrefix {
		return false
	}
	for i := 0; i < len(p); i++ {
		if (p[i] < 'A' || p[i] > 'Z') && (p[i] < '0' || p[i] > '9') {
			return false
		}
	}
	return true
}

// canonical is a valid prefix as Normalize reads it.
func canonical(prefix string) string {
	c, _ := Normalize(prefix + "000")
	return c[:len(prefix)]
}

// Keys are the keys derived from the server's code secret. Changing the
// secret makes every code issued under the old one unredeemable.
type Keys struct {
	check, lookup, export []byte
	seal                  cipher.Block
}

// ErrNoSecret is returned where codes are used without a configured secret.
var ErrNoSecret = errors.New("codes: no code secret configured")

// NewKeys derives the keys from secret (at least 16 bytes).
func NewKeys(secret []byte) (*Keys, error) {
	if len(secret) < 16 {
		return nil, errors.New("codes: the code secret needs at least 16 bytes")
	}
	derive := func(label string) []byte {
		m := hmac.New(sha256.New, secret)
		m.Write([]byte("coupond/codes/" + label))
		return m.Sum(nil)
	}
	block, err := aes.NewCipher(derive("seal")[:16])
	if err != nil {
		return nil, err
	}
	return &Keys{check: derive("check"), lookup: derive("lookup"), export: derive("export"), seal: block}, nil
}

// A Coder makes and reads codes. It reuses its hashes: one per goroutine.
type Coder struct {
	k              *Keys
	check, lookup  hash.Hash
	sum            [sha256.Size]byte
	scratch, plain [16]byte
}

// Coder returns a new Coder over k.
func (k *Keys) Coder() *Coder {
	return &Coder{k: k, check: hmac.New(sha256.New, k.check), lookup: hmac.New(sha256.New, k.lookup)}
}

// Make returns the code of random (16 bytes from crypto/rand) with prefix
// (valid) and length characters after it, with its lookup hash and sealed
// body written into lookup and sealed (16 bytes each).
func (c *Coder) Make(prefix string, length int, random []byte, lookup, sealed []byte) string {
	code := c.spell(canonical(prefix), length, random)
	c.k.seal.Encrypt(sealed, random)
	c.lookupOf(code, lookup)
	return prefix + string(code[len(prefix):])
}

// Open reads back the code that Make sealed.
func (c *Coder) Open(prefix string, length int, sealed []byte) string {
	c.k.seal.Decrypt(c.plain[:], sealed)
	code := c.spell(canonical(prefix), length, c.plain[:])
	return prefix + string(code[len(prefix):])
}

// spell is the canonical code of a canonical prefix and random bytes.
func (c *Coder) spell(prefix string, length int, random []byte) []byte {
	n := length - CheckLen
	buf := make([]byte, 0, len(prefix)+length)
	buf = append(buf, prefix...)
	for i := 0; i < n; i++ {
		buf = append(buf, Alphabet[bits5(random, i)])
	}
	return c.appendCheck(buf)
}

// Verify reports whether a normalized code's check part is right, and if
// so writes its lookup hash into lookup (16 bytes). No database is needed.
func (c *Coder) Verify(code string, lookup []byte) bool {
	if len(code) <= CheckLen || len(code) > maxTyped {
		return false
	}
	var buf [maxTyped + CheckLen]byte
	want := c.appendCheck(append(buf[:0], code[:len(code)-CheckLen]...))
	if !hmac.Equal(want[len(want)-CheckLen:], []byte(code[len(code)-CheckLen:])) {
		return false
	}
	c.lookupOf([]byte(code), lookup)
	return true
}

func (c *Coder) appendCheck(payload []byte) []byte {
	c.check.Reset()
	c.check.Write(payload)
	s := c.check.Sum(c.sum[:0])
	v := uint(s[0])<<8 | uint(s[1]) // 16 bits, 15 used
	return append(payload, Alphabet[v>>11&31], Alphabet[v>>6&31], Alphabet[v>>1&31])
}

func (c *Coder) lookupOf(code []byte, out []byte) {
	c.lookup.Reset()
	c.lookup.Write(code)
	copy(out, c.lookup.Sum(c.sum[:0])[:16])
}

// bits5 is the i-th 5-bit group of b, most significant first.
func bits5(b []byte, i int) byte {
	bit := i * 5
	v := uint(b[bit/8])<<8 | uint(b[bit/8+1])
	return byte(v>>(11-bit%8)) & 31
}
