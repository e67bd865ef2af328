package check

import (
	"context"
	"strings"
	"testing"

	"github.com/uio-partner/portal/internal/diag"
	"github.com/uio-partner/portal/internal/sitetest"
)

// portal check reads addresses back by the site model's rules: on a site
// with Norwegian at / and English at /en/, renamed sections and url:
// overrides (testdata/sites/addresses.txtar) every link is found, and a
// broken one is named without its language prefix, with the nearest
// address the model gives a page, url: overrides included.
func TestCheckReadsAddressesFromTheModel(t *testing.T) {
	root := sitetest.FixtureArchive(t, "addresses")
	var errs []string
	for _, d := range Run(context.Background(), Options{Source: root}) {
		if d.Severity == diag.Error {
			errs = append(errs, d.String())
		}
	}
	if len(errs) > 0 {
		t.Fatalf("errors on a site with unusual addresses:\n%s", strings.Join(errs, "\n"))
	}

	sitetest.WriteFile(t, root, "content/tjenester/studenter.en.md", "---\ntitle: Students\nsummary: Meet our students.\n---\n"+
		"[a](/en/tjenester/forskningg/) [b](/en/om-os/) [c](/nb/tjenester/forskning/) [d](/en/kontakt/forskning/) [e](/en/sok/) [f](/kontakt/mottatt/)\n")
	got := texts(Run(context.Background(), Options{Source: root}))
	want := []string{
		`content/tjenester/studenter.en.md:5:5: error: broken link "/en/tjenester/forskningg/": the site has no page at /tjenester/forskningg/; did you mean /tjenester/forskning/?`,
		`content/tjenester/studenter.en.md:5:36: error: broken link "/en/om-os/": the site has no page at /om-os/; did you mean /om-oss/?`,
		`content/tjenester/studenter.en.md:5:52: error: broken link "/nb/tjenester/forskning/": the site has no page at /nb/tjenester/forskning/`,
	}
	var found []string
	for _, g := range got {
		if strings.Contains(g, "studenter.en.md") && strings.Contains(g, "error") {
			found = append(found, g)
		}
	}
	if strings.Join(found, "\n") != strings.Join(want, "\n") {
		t.Errorf("findings:\n%s\nwant:\n%s", strings.Join(found, "\n"), strings.Join(want, "\n"))
	}
}
