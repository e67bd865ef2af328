package generator

import (
	"strings"
	"testing"

	"github.com/uio-partner/portal/internal/sitetest"
)

// termsLayout shows a page's terms as the theme's page facts do, and the
// pages that name a page that is a term.
const termsLayout = `{{ define "main" }}<h1>{{ .Page.Title }}</h1>
{{ range .Page.TermLinks }}<dl><dt>{{ .Taxonomy.Title }}</dt>{{ range .Terms }}<dd>{{ if .URL }}<a href="{{ .URL }}">{{ .Name }}</a>{{ else }}{{ .Name }}{{ end }}</dd>{{ end }}</dl>
{{ end }}{{ with .Page.Term }}<ul class="named-by">{{ range .Pages }}<li><a href="{{ .URL }}">{{ .Title }}</a></li>{{ end }}</ul>{{ end }}{{ end }}`

// termsSite is testSite with display names for sectors and the partners
// taxonomy made of the partners section's pages.
func termsSite(t *testing.T, files ...string) string {
	t.Helper()
	siteYAML := sitetest.Files([]byte(testSite))["site.yaml"]
	siteYAML = strings.Replace(siteYAML, "  - {name: partners, path: by-partner, title: {en: By partner, nb: Per partner}}",
		`  - {name: partners, section: partners, title: {en: Partners, nb: Partnere}}
  - name: sectors
    title: {en: Sectors, nb: Sektorer}
    terms:
      pharma: {en: Pharmaceuticals, nb: Legemidler}
      medtech: Medtech`, 1)
	siteYAML = strings.Replace(siteYAML, "  - name: offers", `  - name: partners
    title: {en: Partners, nb: Partnere}
    required: [title]
    sort: title
  - name: offers`, 1)
	siteYAML = strings.Replace(siteYAML, "  partners: {type: list}", "  partners: {type: list}\n  sectors: {type: list}", 1)
	siteYAML = strings.Replace(siteYAML, "optional: [lastmod, partners, contact]", "optional: [lastmod, partners, contact, sectors]", 1)
	base := []string{
		"site.yaml", siteYAML,
		"layouts/_default/single.html", termsLayout,
		"content/partners/acme.md", "---\ntitle: Acme Labs\n---\nA partner.\n",
		"content/partners/acme.nb.md", "---\ntitle: Acme-laboratoriene\n---\nEn partner.\n",
	}
	return sitetest.Write(t, testSite, append(base, files...)...)
}

// Terms are shown by their display name in each language, never by slug; a
// term without one is shown as written.
func TestTermDisplayNames(t *testing.T) {
	out := buildSite(t, termsSite(t,
		"content/stories/alpha.md", "---\ntitle: Alpha story\nsummary: S.\ndate: 2026-03-01\nsectors: [pharma, Medtech, energy-storage]\n---\nAlpha.\n",
		"content/stories/alpha.nb.md", "---\ntitle: Alfa\nsummary: S.\ndate: 2026-03-01\nsectors: [pharma, energy-storage]\n---\nAlfa.\n",
	), Options{NoMinify: true})
	assertContains(t, out, "stories/alpha/index.html",
		`<dd><a href="/sectors/pharma/">Pharmaceuticals</a></dd>`, `<dd><a href="/sectors/medtech/">Medtech</a></dd>`,
		`<dd><a href="/sectors/energy-storage/">energy-storage</a></dd>`)
	assertContains(t, out, "nb/stories/alpha/index.html", `<dd><a href="/nb/sectors/pharma/">Legemidler</a></dd>`)
	assertContains(t, out, "nb/sectors/pharma/index.html", "<h1>Sektorer: Legemidler</h1>")
	assertContains(t, out, "sectors/index.html", `<a href="/sectors/pharma/">Pharmaceuticals</a>`)
	assertNotContains(t, out, "nb/stories/alpha/index.html", "Pharmaceuticals", ">pharma<")
}

// There is one list of partners: a page's partners link to the partner
// pages, found by file name or by title in any language, and a partner's
// page lists the pages that name it. A name without a partner page is shown
// as written, without a link, and there are no pages per partner besides.
func TestPartnersAreTheirPages(t *testing.T) {
	out := buildSite(t, termsSite(t,
		"content/stories/alpha.md", "---\ntitle: Alpha story\nsummary: S.\ndate: 2026-03-01\npartners: [Acme Labs, Nobody AS]\n---\nAlpha.\n",
		"content/stories/alpha.nb.md", "---\ntitle: Alfa\nsummary: S.\ndate: 2026-03-01\npartners: [Acme-laboratoriene]\n---\nAlfa.\n",
		"content/stories/bravo.md", "---\ntitle: Bravo story\nsummary: S.\ndate: 2026-05-01\npartners: [acme]\n---\nBravo.\n",
		"content/offers/one.md", "---\ntitle: Offer one\nweight: 2\npartners: [ACME LABS]\n---\nOne.\n",
	), Options{NoMinify: true})
	assertContains(t, out, "stories/alpha/index.html", `<dd><a href="/partners/acme/">Acme Labs</a></dd>`, `<dd>Nobody AS</dd>`)
	assertContains(t, out, "nb/stories/alpha/index.html", `<dd><a href="/nb/partners/acme/">Acme-laboratoriene</a></dd>`)
	assertContains(t, out, "partners/acme/index.html",
		`<ul class="named-by"><li><a href="/stories/bravo/">Bravo story</a></li><li><a href="/stories/alpha/">Alpha story</a></li><li><a href="/offers/one/">Offer one</a></li></ul>`)
	assertContains(t, out, "nb/partners/acme/index.html", `<li><a href="/nb/stories/alpha/">Alfa</a></li>`)
	for _, gone := range []string{"by-partner/index.html", "partners/acme-labs/index.html", "partners/nobody-as/index.html"} {
		if exists(out, gone) {
			t.Errorf("%s was written: partners have their own pages only", gone)
		}
	}
	if sitemap := readOut(t, out, "sitemap.xml"); strings.Contains(sitemap, "by-partner") {
		t.Errorf("the sitemap lists term pages of the partners:\n%s", sitemap)
	}
}
