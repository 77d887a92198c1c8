package codes

import (
	"crypto/rand"
	"strings"
	"testing"
)

func testKeys(t testing.TB, secret string) *Keys {
	t.Helper()
	k, err := NewKeys([]byte(secret))
	if err != nil {
		t.Fatal(err)
	}
	return k
}

func makeCode(t testing.TB, c *Coder, prefix string, length int) (code string, lookup, sealed []byte) {
	t.Helper()
	random := make([]byte, 16)
	if _, err := rand.Read(random); err != nil {
		t.Fatal(err)
	}
	lookup, sealed = make([]byte, 16), make([]byte, 16)
	return c.Make(prefix, length, random, lookup, sealed), lookup, sealed
}

func TestCodesReadBackAndCheck(t *testing.T) {
	c := testKeys(t, "a test secret of enough bytes").Coder()
	for _, length := range []int{MinLength, DefaultLength, MaxLength} {
		code, lookup, sealed := makeCode(t, c, "SPRING", length)
		if len(code) != len("SPRING")+length || !strings.HasPrefix(code, "SPRING") {
			t.Fatalf("code %q: want SPRING and %d characters", code, length)
		}
		if got := c.Open("SPRING", length, sealed); got != code {
			t.Fatalf("sealed body reads back as %q, want %q", got, code)
		}
		var again [16]byte
		norm, _ := Normalize(code)
		if !c.Verify(norm, again[:]) || string(again[:]) != string(lookup) {
			t.Fatalf("code %q does not verify to its lookup hash", code)
		}
		if strings.Contains(string(sealed), code[6:]) || strings.Contains(string(lookup), code[6:]) {
			t.Fatal("the stored values contain the code")
		}
	}
}

func TestPrefixesOutsideTheAlphabetReadAsTyped(t *testing.T) {
	c := testKeys(t, "a test secret of enough bytes").Coder()
	code, lookup, sealed := makeCode(t, c, "GOLDSALE", DefaultLength)
	if !strings.HasPrefix(code, "GOLDSALE") || c.Open("GOLDSALE", DefaultLength, sealed) != code {
		t.Fatalf("code %q does not show its prefix as given", code)
	}
	norm, ok := Normalize(strings.ToLower(code))
	var got [16]byte
	if !ok || !c.Verify(norm, got[:]) || string(got[:]) != string(lookup) {
		t.Fatalf("code %q typed in lower case does not verify", code)
	}
}

func TestTypedFormsNormalize(t *testing.T) {
	c := testKeys(t, "a test secret of enough bytes").Coder()
	code, _, _ := makeCode(t, c, "AB", DefaultLength)
	typed := strings.ToLower(code[:5]) + "-" + code[5:10] + " " + code[10:]
	// Readers confuse O with 0 and I, L with 1: the alphabet reads them so.
	typed = strings.NewReplacer("0", "o", "1", "l").Replace(typed)
	got, ok := Normalize(typed)
	if !ok || got != code {
		t.Fatalf("Normalize(%q) = %q, %v; want %q", typed, got, ok, code)
	}
	for _, bad := range []string{"", "AB", "ABC*0000000000000", strings.Repeat("A", 65), "AB#CDEFGHJKMNPQRS"} {
		if _, ok := Normalize(bad); ok {
			t.Errorf("Normalize(%q) accepted", bad)
		}
	}
}

// One changed character fails the 15-bit check but for one change in
// 32,768: over 3,000 changes more than 4 passing would be a broken check
// (the odds of that by chance are below one in ten million).
func TestOneChangedCharacterFailsTheCheck(t *testing.T) {
	k := testKeys(t, "a test secret of enough bytes")
	c := k.Coder()
	passed := 0
	var lookup [16]byte
	for i := 0; i < 100; i++ {
		code, _, _ := makeCode(t, c, "X", DefaultLength)
		for j := 0; j < 30; j++ {
			pos := 1 + (i+j)%(len(code)-1)
			b := []byte(code)
			b[pos] = Alphabet[(strings.IndexByte(Alphabet, b[pos])+1+j)%len(Alphabet)]
			if c.Verify(string(b), lookup[:]) {
				passed++
			}
		}
	}
	if passed > 4 {
		t.Fatalf("%d of 3,000 one-character changes passed the check", passed)
	}
	// Another secret's codes fail too.
	other, _, _ := makeCode(t, testKeys(t, "another secret, another platform").Coder(), "X", DefaultLength)
	if c.Verify(other, lookup[:]) && c.Verify(other[:len(other)-1]+"0", lookup[:]) {
		t.Fatal("codes of another secret pass")
	}
}

func TestPrefixes(t *testing.T) {
	for p, want := range map[string]bool{"": true, "SALE24": true, "ABCDEFGH": true, "ABCDEFGHJ": false, "SALE-1": false, "OIL": true, "sale": false} {
		if ValidPrefix(p) != want {
			t.Errorf("ValidPrefix(%q) = %v", p, !want)
		}
	}
}

func BenchmarkMake(b *testing.B) {
	c := testKeys(b, "a test secret of enough bytes").Coder()
	random := make([]byte, 16)
	lookup, sealed := make([]byte, 16), make([]byte, 16)
	for b.Loop() {
		c.Make("SALE", DefaultLength, random, lookup, sealed)
	}
}
