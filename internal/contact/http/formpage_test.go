package contacthttp_test

import (
	"errors"
	"io"
	"strings"
	"testing"

	contacthttp "github.com/uio-partner/portal/internal/contact/http"
	"github.com/uio-partner/portal/internal/generator"
	"github.com/uio-partner/portal/internal/sitetest"
)

// themePage is the fixture site's contact page, through the theme.
func themePage(t *testing.T) *generator.ContactForm {
	t.Helper()
	page, err := generator.LoadContactForm(sitetest.Fixture(t))
	if err != nil {
		t.Fatal(err)
	}
	return page
}

// Without JavaScript, a form with problems comes back on the site's own
// contact page, in the page's language: header, menu, footer, the theme's
// labels and its full consent text, the visitor's text kept and escaped,
// and each problem beside its field.
func TestFormWithProblemsComesBackOnTheSitesContactPage(t *testing.T) {
	e := newEnv(t, contacthttp.WithFormPage(themePage(t)))
	rec := e.do(form(with(valid(1), "lang", "nb", "email", "nope", "name", `<script>alert(1)</script>`, "consent", "", "key", "k-1", "started", "1700000000000")))
	body := rec.Body.String()
	if rec.Code != 422 || !strings.HasPrefix(rec.Header().Get("Content-Type"), "text/html") {
		t.Fatalf("status %d %s", rec.Code, rec.Header().Get("Content-Type"))
	}
	for _, want := range []string{
		`<html lang="nb"`, `class="site-header"`, `class="main-nav"`, `class="site-footer"`, `content="noindex"`,
		`Hva gjelder det?`, `Jeg samtykker i at Universitetet i Oslo lagrer henvendelsen min`, `Send en henvendelse</button>`,
		`aria-invalid="true" aria-describedby="f-email-error"`, `Skriv inn en gyldig e-postadresse`, `Du må gi samtykke`,
		`value="nope"`, `value="&lt;script&gt;alert(1)&lt;/script&gt;"`, `>We would like to talk (1).</textarea>`,
		`value="k-1"`, `value="1700000000000"`, `<option value="general" selected data-hint="Vi svarer innen 3 arbeidsdager.">Noe annet</option>`, `id="error-summary" tabindex="-1" autofocus`, `<a href="#f-email"><span class="error-summary-field">E-postadressen din</span> Skriv inn en gyldig e-postadresse`, `<a href="#f-consent">Du må gi samtykke`,
		`Rett opp feltene som er merket nedenfor`,
	} {
		if !strings.Contains(body, want) {
			t.Errorf("page lacks %s", want)
		}
	}
	if strings.Contains(body, "<script>alert") {
		t.Error("the visitor's text is not escaped")
	}
	if strings.Contains(body, `id="f-consent" name="consent" type="checkbox" value="yes" required checked`) {
		t.Error("consent is checked although the visitor did not give it")
	}
}

// A refusal that is not about one field (too many posts) keeps the text too.
func TestRefusedFormKeepsTheText(t *testing.T) {
	e := newEnv(t, contacthttp.WithFormPage(themePage(t)), contacthttp.WithRateLimit(1, 1))
	if rec := e.do(form(valid(1))); rec.Code != 303 {
		t.Fatalf("first post: %d", rec.Code)
	}
	rec := e.do(form(valid(2)))
	body := rec.Body.String()
	if rec.Code != 429 || !strings.Contains(body, `class="site-header"`) || !strings.Contains(body, "Too many messages") || !strings.Contains(body, ">We would like to talk (2).</textarea>") {
		t.Errorf("rate-limited post: %d\n%s", rec.Code, body)
	}
}

type failingPage struct{}

func (failingPage) RenderForm(io.Writer, string, map[string]string, map[string]string, string) error {
	return errors.New("the theme cannot be rendered")
}

func (failingPage) ThanksURL(string) string { return "" }

// When the site's page cannot be rendered, the plain-text answer still
// gives the visitor their text back.
func TestFormPageFallsBackToPlainText(t *testing.T) {
	e := newEnv(t, contacthttp.WithFormPage(failingPage{}))
	rec := e.do(form(with(valid(3), "email", "nope")))
	if body := rec.Body.String(); rec.Code != 422 || !strings.Contains(body, "Email: Please enter a valid email address") || !strings.Contains(body, "\nWe would like to talk (3).\n") {
		t.Errorf("fallback page: %d\n%s", rec.Code, body)
	}
}
