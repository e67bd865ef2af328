package story

import (
	"context"
	"encoding/json"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/uio-partner/portal/internal/attachment"
	"github.com/uio-partner/portal/internal/attachment/attachmenttest"
	"github.com/uio-partner/portal/internal/golden"
	"github.com/uio-partner/portal/internal/sitetest"
)

// now is the tests' clock: the day after the fixture issues were opened.
var now = time.Date(2026, 3, 3, 12, 0, 0, 0, time.UTC)

// photoID is the attachment the fixture bodies refer to.
const photoID = "5f0c3a8e-2b7d-4c1e-9a6f-8d4e2c1b0a97"

// testSite is a copy of the fixture site, with the repository's theme and
// issue templates, and the story form its lists make.
func testSite(t testing.TB) string {
	t.Helper()
	root := sitetest.Fixture(t)
	sitetest.CopyFromRepo(t, root, ".github/ISSUE_TEMPLATE")
	if err := WriteTemplate(root); err != nil {
		t.Fatal(err)
	}
	// The example's partner pages need sources, so a story there cannot
	// make one; the converter can where a partner page needs only its
	// title, as in this copy, which the tests of new partners need.
	yml := filepath.Join(root, "site.yaml")
	data, err := os.ReadFile(yml)
	if err != nil {
		t.Fatal(err)
	}
	const examplePartners = "required: [title, sources]"
	if !strings.Contains(string(data), examplePartners) {
		t.Fatalf("site.yaml has no %q: the example changed, update testSite", examplePartners)
	}
	if err := os.WriteFile(yml, []byte(strings.Replace(string(data), examplePartners, "required: [title]", 1)), 0o644); err != nil {
		t.Fatal(err)
	}
	return root
}

// body reads a fixture body from testdata/bodies.
func body(t testing.TB, name string) string {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", "bodies", name))
	if err != nil {
		t.Fatal(err)
	}
	return strings.TrimSuffix(string(data), "\n")
}

// event is an issues event for issue number with body, as GitHub sends it
// (less the fields nothing reads).
func event(t testing.TB, number int, body string) []byte {
	t.Helper()
	ev := map[string]any{
		"action": "opened",
		"issue": map[string]any{
			"number": number, "title": "Story", "body": body, "state": "open",
			"html_url":   "https://github.com/uio-partner/portal/issues/" + itoa(number),
			"created_at": "2026-03-02T09:14:27Z",
			"user":       map[string]any{"login": "kari-nordmann", "id": 1234567},
			"labels":     []map[string]string{{"name": Label}},
		},
	}
	data, err := json.Marshal(ev)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

func itoa(n int) string { b, _ := json.Marshal(n); return string(b) }

// github stands in for GitHub's upload hosts, serving photo as the fixture
// bodies' attachment.
func github(t testing.TB, photo []byte) *attachment.Fetcher {
	gh := attachmenttest.NewGitHub(t, map[string][]byte{photoID: photo})
	return &attachment.Fetcher{Client: gh.Client()}
}

// convert converts ev in root, fetching photo.
func convert(t testing.TB, root string, ev []byte, photo []byte) (*Result, error) {
	t.Helper()
	return Convert(context.Background(), Request{Root: root, Event: ev, Fetcher: github(t, photo), Now: now})
}

// listing is every file under root with its size, to see that nothing was
// written.
func listing(t testing.TB, root string) string {
	t.Helper()
	var out []string
	filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		info, _ := d.Info()
		rel, _ := filepath.Rel(root, p)
		data, _ := os.ReadFile(p)
		out = append(out, filepath.ToSlash(rel)+" "+itoa(int(info.Size()))+" "+itoa(len(strings.Split(string(data), "\n"))))
		return nil
	})
	sort.Strings(out)
	return strings.Join(out, "\n")
}

// checkGolden compares got with testdata/golden/name, or writes it with
// -update.
func checkGolden(t *testing.T, name, got string) {
	t.Helper()
	golden.Check(t, filepath.Join("testdata", "golden", filepath.FromSlash(name)), []byte(got))
}

func diffLines(want, got string) string { return golden.Diff("", want, got) }

// The form's labels on the fixture site (English, then Norwegian), as
// its theme strings make them: issues written with the form before the
// labels came from the theme strings have these headings, so they must
// not change.
const (
	fTitle           = "Title / Tittel"
	fSummary         = "Summary / Sammendrag"
	fDate            = "Date / Dato"
	fPartners        = "Partners / Partnere"
	fNewPartners     = "A partner not in the list / En partner som ikke er i listen"
	fSectors         = "Sectors / Sektorer"
	fFaculties       = "Faculties / Fakulteter"
	fStory           = "The story / Historien"
	fPhoto           = "Photo (optional) / Bilde (valgfritt)"
	fPhotoAlt        = "What the photo shows / Hva bildet viser"
	fTitleNB         = "Norwegian title / Norsk tittel"
	fSummaryNB       = "Norwegian summary / Norsk sammendrag"
	fStoryNB         = "The story in Norwegian / Historien på norsk"
	fPhotoAltNB      = "What the photo shows, in Norwegian / Hva bildet viser, på norsk"
	fConsent         = "Permission / Samtykke"
	fSourceTitle     = "Source: title / Kilde: tittel"
	fSourcePublisher = "Source: publisher / Kilde: utgiver"
	fSourceDate      = "Source: date / Kilde: dato"
	fSourceURL       = "Source: address / Kilde: adresse"
	consentBox       = "The people and organisations named have agreed to be named, and I may share the photo. / De som er nevnt, har sagt ja til å bli nevnt, og jeg kan dele bildet."
)
