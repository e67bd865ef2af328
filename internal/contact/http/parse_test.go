package contacthttp_test

import (
	"slices"
	"testing"
	"unicode/utf8"

	"github.com/uio-partner/portal/internal/contact"
	contacthttp "github.com/uio-partner/portal/internal/contact/http"
)

// FuzzParseForm feeds arbitrary bodies and content types to the parser: it
// must never panic, fail only with EMALFORMED or EUNSUPPORTED, and return
// only known fields holding valid UTF-8. Seeds live in testdata/fuzz.
func FuzzParseForm(f *testing.F) {
	f.Add("application/x-www-form-urlencoded", []byte("name=Kari&email=kari%40example.no&consent=yes"))
	f.Add("application/json", []byte(`{"name":"Kari","consent":true,"started":1700000000000}`))
	f.Add("multipart/form-data; boundary=X", []byte("--X\r\nContent-Disposition: form-data; name=\"name\"\r\n\r\nKari\r\n--X--\r\n"))
	fields := contact.FormFields(MustConfig(f))
	f.Fuzz(func(t *testing.T, ctype string, body []byte) {
		form, err := contacthttp.ParseForm(ctype, body, fields)
		if err != nil {
			if c := contact.ErrorCode(err); c != contact.EMALFORMED && c != contact.EUNSUPPORTED {
				t.Fatalf("error code %q (%v)", c, err)
			}
			return
		}
		for k, v := range form {
			if !slices.Contains(fields, k) {
				t.Errorf("unknown field %q kept", k)
			}
			if !utf8.ValidString(v) {
				t.Errorf("field %q not UTF-8: %q", k, v)
			}
		}
	})
}
