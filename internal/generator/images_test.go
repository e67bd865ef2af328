package generator

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/uio-partner/portal/internal/images/imagetest"
	"github.com/uio-partner/portal/internal/sitetest"
)

// photoSite is the repository's theme and site.yaml with one case study
// whose photo sits beside it, as an author puts it there, and a facility
// page showing a picture from static/ in its text.
func photoSite(t testing.TB, extra ...string) string {
	t.Helper()
	root := t.TempDir()
	sitetest.CopyFixture(t, root, "site.yaml")
	sitetest.CopyFromRepo(t, root, "layouts", "static")
	// Small sizes of small pictures: the tests run under the race detector.
	yaml, err := os.ReadFile(filepath.Join(root, "site.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	sitetest.WriteFile(t, root, "site.yaml", strings.Replace(string(yaml), "widths: [480, 720, 960, 1600]", "widths: [160, 320, 480]", 1))
	files := append([]string{
		"content/partners/roche.md", "---\ntitle: Roche\nsources: [{title: A source, date: 2021}]\n---\nA partner.\n",
		"content/case-studies/signing.md", "---\ntitle: The signing\nsummary: A story with a photo.\ndate: 2024-03-01\npartners: [Roche]\nsources: [{title: A source, date: 2021}]\nfeatured: true\nimage: signing.jpg\nimageAlt: Two people signing a paper\nimageFocus: 30% 40%\n---\nThe text.\n\n![A second look](detail.png)\n",
		"content/facilities/lab.md", "---\ntitle: The lab\nsummary: A lab.\naccess: Open to partners\n---\n![The microscope](/images/microscope.jpg)\n",
	}, extra...)
	for i := 0; i+1 < len(files); i += 2 {
		sitetest.WriteFile(t, root, files[i], files[i+1])
	}
	write := func(name string, data []byte) {
		if err := os.MkdirAll(filepath.Dir(filepath.Join(root, name)), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(root, name), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	// A phone photo: sideways with orientation 6, GPS and camera in its EXIF.
	write("content/case-studies/signing.jpg", imagetest.JPEG(t, imagetest.RotateCCW(imagetest.Halves(640, 480)), imagetest.EXIF{Orientation: 6, Make: "Apple", Model: "iPhone 14", Lat: 59.91, Lon: 10.75}, nil))
	write("content/case-studies/detail.png", imagetest.PNG(t, imagetest.Halves(400, 300)))
	write("static/images/microscope.jpg", imagetest.JPEG(t, imagetest.Halves(360, 270), imagetest.EXIF{Make: "Canon", Lat: 1, Lon: 2}, nil))
	return root
}

// The page's image: is its hero (eager, high priority), its card's
// thumbnail on lists and the home page (lazy, cropped around the focal
// point) and its link preview (1200×630); pictures in the text become
// <picture> with WebP sizes; every <img> has its width and height.
func TestThemeShowsPictures(t *testing.T) {
	root := photoSite(t)
	out := buildSite(t, root, Options{NoMinify: true})
	for _, f := range []string{"signing-160.webp", "signing-320.webp", "signing-480.webp", "signing-320.jpg", "signing-og-30-40.jpg", "detail-160.webp", "detail-320.webp", "detail-400.webp", "detail-320.jpg"} {
		if !exists(out, "case-studies/"+f) {
			t.Errorf("case-studies/%s was not published", f)
		}
	}
	assertContains(t, out, "case-studies/signing/index.html",
		`<figure class="hero-image"><picture><source type="image/webp" srcset="/case-studies/signing-160.webp 160w, /case-studies/signing-320.webp 320w, /case-studies/signing-480.webp 480w" sizes="(min-width: 49rem) 46rem, calc(100vw - 2.5rem)"><img src="/case-studies/signing-320.jpg" alt="Two people signing a paper" width="320" height="240" fetchpriority="high" decoding="async"></picture></figure>`,
		`<meta property="og:image" content="https://partner.example.org/case-studies/signing-og-30-40.jpg">`,
		`<meta property="og:image:width" content="640">`, `<meta property="og:image:height" content="336">`,
		`<meta property="og:image:alt" content="Two people signing a paper">`,
		`<meta name="twitter:card" content="summary_large_image">`,
		`"image":"https://partner.example.org/case-studies/signing-og-30-40.jpg"`,
		`<picture><source type="image/webp" srcset="/case-studies/detail-160.webp 160w, /case-studies/detail-320.webp 320w, /case-studies/detail-400.webp 400w" sizes="(min-width: 49rem) 46rem, calc(100vw - 2.5rem)"><img src="/case-studies/detail-320.jpg" alt="A second look" width="320" height="240" loading="lazy" decoding="async"></picture>`)
	card := `<img src="/case-studies/signing-320.jpg" alt="" width="320" height="240" class="card-image" style="object-position: 30% 40%" loading="lazy" decoding="async">`
	for _, list := range []string{"case-studies/index.html", "index.html", "nb/case-studies/index.html", "partners/roche/index.html"} {
		assertContains(t, out, list, card)
	}
	assertContains(t, out, "facilities/lab/index.html", `srcset="/images/microscope-160.webp 160w, /images/microscope-320.webp 320w, /images/microscope-360.webp 360w"`, `<img src="/images/microscope-320.jpg" alt="The microscope" width="320" height="240" loading="lazy"`)
	// The originals are not published, with their GPS and camera.
	for _, f := range []string{"case-studies/signing.jpg", "case-studies/detail.png", "images/microscope.jpg"} {
		if exists(out, f) {
			t.Errorf("the original %s was published", f)
		}
	}
	for rel, data := range readTree(t, out) {
		for _, s := range []string{"iPhone", "Canon", "Exif\x00"} {
			if bytes.Contains(data, []byte(s)) {
				t.Errorf("%s holds %q from an original's metadata", rel, s)
			}
		}
	}
}

// site.yaml's publishOriginals publishes each picture at full size, upright
// and without its metadata.
func TestPublishOriginals(t *testing.T) {
	root := photoSite(t)
	yaml, _ := os.ReadFile(filepath.Join(root, "site.yaml"))
	sitetest.WriteFile(t, root, "site.yaml", strings.Replace(string(yaml), "publishOriginals: false", "publishOriginals: true", 1))
	out := buildSite(t, root, Options{NoMinify: true})
	data := readOut(t, out, "case-studies/signing.jpg")
	if strings.Contains(data, "iPhone") || strings.Contains(data, "Exif") {
		t.Error("the published original holds its metadata")
	}
	if !exists(out, "images/microscope.jpg") || !exists(out, "case-studies/detail.png") {
		t.Error("not every original was published")
	}
}

// The cache: a second build makes nothing; an added photo is the only one
// made; a changed setting remakes what it changes; two cold builds give the
// same bytes.
func TestBuildsReuseTheCache(t *testing.T) {
	root := photoSite(t)
	cache := t.TempDir()
	build := func() (*Result, string) {
		t.Helper()
		out := filepath.Join(t.TempDir(), "public")
		res, err := Build(context.Background(), Options{Source: root, Out: out, Now: testNow, CacheDir: cache})
		if err != nil {
			t.Fatal(err)
		}
		return res, out
	}
	cold, out1 := build()
	// signing: 3 sizes, the fallback, the crop; detail and microscope: 3
	// sizes (the last their own width) and the fallback.
	if cold.Images != 3 || cold.ImagesMade != 13 {
		t.Fatalf("cold build: %d pictures, %d outputs made; want 3 pictures, 13 outputs", cold.Images, cold.ImagesMade)
	}
	if warm, _ := build(); warm.ImagesMade != 0 {
		t.Fatalf("warm build made %d outputs; want 0", warm.ImagesMade)
	}
	sitetest.WriteFile(t, root, "content/case-studies/more.md", "---\ntitle: More\nsummary: S.\ndate: 2024-04-01\npartners: [Roche]\nsources: [{title: A source, date: 2021}]\nimage: more.png\nimageAlt: More\n---\nText.\n")
	if err := os.WriteFile(filepath.Join(root, "content/case-studies/more.png"), imagetest.PNG(t, imagetest.Halves(300, 200)), 0o644); err != nil {
		t.Fatal(err)
	}
	if added, _ := build(); added.ImagesMade != 4 { // 160, 300 (its own width), the fallback and the crop
		t.Fatalf("after adding one photo, %d outputs were made; want that photo's 4", added.ImagesMade)
	}
	yaml, _ := os.ReadFile(filepath.Join(root, "site.yaml"))
	sitetest.WriteFile(t, root, "site.yaml", strings.Replace(string(yaml), "widths: [160, 320, 480]", "widths: [160, 320, 400]", 1))
	if changed, _ := build(); changed.ImagesMade != 1 { // signing-400; the others are narrower than both widths
		t.Fatalf("after a change of one width, %d outputs were made; want only the new size", changed.ImagesMade)
	}
	// Deterministic: a build with an empty cache gives what the first gave.
	cache = t.TempDir()
	sitetest.WriteFile(t, root, "site.yaml", string(yaml))
	os.Remove(filepath.Join(root, "content/case-studies/more.md"))
	os.Remove(filepath.Join(root, "content/case-studies/more.png"))
	_, out2 := build()
	if d := diffTrees(readTree(t, out1), readTree(t, out2)); d != "" {
		t.Errorf("two cold builds differ:\n%s", d)
	}
}

// Each bad picture is an error at the page and line that shows it, naming
// the picture, and public/ is left as it was.
func TestBadPictures(t *testing.T) {
	good := imagetest.JPEG(t, imagetest.Halves(64, 48), imagetest.EXIF{}, nil)
	large := imagetest.JPEG(t, imagetest.Halves(640, 480), imagetest.EXIF{}, nil)
	page := func(img string) string {
		return "---\ntitle: B\nsummary: S.\ndate: 2024-03-01\npartners: [Roche]\nimage: " + img + "\nimageAlt: A picture\nsources: [{title: A source, date: 2021}]\n---\nText.\n"
	}
	for _, tc := range []struct {
		name  string
		files []string
		want  string
	}{
		{"missing file", []string{"content/case-studies/b.md", page("nope.jpg")}, `content/case-studies/b.md:6:1: error: image "nope.jpg": not found: add the file content/case-studies/nope.jpg`},
		{"truncated JPEG", []string{"content/case-studies/b.md", page("cut.jpg"), "content/case-studies/cut.jpg", string(large[:len(large)-300])}, `content/case-studies/b.md:6:1: error: image "cut.jpg": content/case-studies/cut.jpg: the JPEG picture cannot be decoded`},
		{"decompression bomb", []string{"content/case-studies/b.md", page("bomb.png"), "content/case-studies/bomb.png", string(imagetest.Bomb(40000, 40000))}, `content/case-studies/b.md:6:1: error: image "bomb.png": content/case-studies/bomb.png: its header claims 40000×40000 pixels (1600 megapixels), more than the 50 megapixels site.yaml allows`},
		{"name that lies", []string{"content/case-studies/b.md", page("x.jpg"), "content/case-studies/x.jpg", string(imagetest.PNG(t, imagetest.Halves(8, 8)))}, `content/case-studies/b.md:6:1: error: image "x.jpg": content/case-studies/x.jpg: its name says JPEG but it holds a PNG picture: rename it to content/case-studies/x.png`},
		{"zero bytes", []string{"content/case-studies/b.md", page("empty.jpg"), "content/case-studies/empty.jpg", ""}, `content/case-studies/b.md:6:1: error: image "empty.jpg": content/case-studies/empty.jpg: the file is empty (0 bytes)`},
		{"1 MB EXIF block", []string{"content/case-studies/b.md", page("big.png"), "content/case-studies/big.png", string(imagetest.WithPNGChunk(imagetest.PNG(t, imagetest.Halves(8, 8)), "eXIf", imagetest.BigEXIF(1<<20)))}, `content/case-studies/b.md:6:1: error: image "big.png": content/case-studies/big.png: its EXIF block is 1024 KB`},
		{"path leaving the site", []string{"content/case-studies/b.md", page("../../etc/x.jpg")}, `content/case-studies/b.md:6:1: error: image "../../etc/x.jpg": the path leaves the site's content/ and static/ folders`},
		{"one name, two pictures", []string{
			"content/case-studies/b.md", page("Photo.jpg"), "content/case-studies/Photo.jpg", string(good),
			"content/case-studies/c.md", strings.Replace(page("photo.jpg"), "title: B", "title: C", 1), "content/case-studies/photo.jpg", string(good),
		}, `content/case-studies/c.md:6:1: error: image "photo.jpg": content/case-studies/photo.jpg and content/case-studies/Photo.jpg (shown by content/case-studies/b.md) would both be published as /case-studies/photo-64.jpg: rename one of them`},
		{"HEIC", []string{"content/case-studies/b.md", page("IMG_1.heic"), "content/case-studies/IMG_1.heic", string(imagetest.HEIC())}, `content/case-studies/IMG_1.heic: error: it is an iPhone HEIC photo, which browsers cannot show: export it as JPEG`},
		{"SVG in content", []string{"content/case-studies/b.md", page("logo.svg"), "content/case-studies/logo.svg", "<svg xmlns='http://www.w3.org/2000/svg'><script>alert(1)</script></svg>"}, `content/case-studies/logo.svg: error: an SVG is a program as much as a picture (it can carry script)`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			root := photoSite(t, tc.files...)
			got := buildErr(t, root)
			var lines []string
			for _, d := range got {
				lines = append(lines, d.String())
			}
			if all := strings.Join(lines, "\n"); !strings.Contains(all, tc.want) {
				t.Errorf("got:\n%s\nwant a line containing:\n%s", all, tc.want)
			}
		})
	}
}

// --cache-dir (Options.CacheDir) moves the cache out of the site.
func TestCacheDirOption(t *testing.T) {
	root := photoSite(t)
	cache := filepath.Join(t.TempDir(), "elsewhere")
	buildSite(t, root, Options{CacheDir: cache})
	if _, err := os.Stat(filepath.Join(cache, "images", "index.json")); err != nil {
		t.Errorf("no cache in %s: %v", cache, err)
	}
	if _, err := os.Stat(filepath.Join(root, ".cache")); err == nil {
		t.Error("a cache was made under the site root as well")
	}
}

// The preview: a changed picture is processed again, alone, and the pages
// that show it are rendered with its new sizes; the result is what a full
// build gives.
func TestPreviewReprocessesOnlyTheChangedPicture(t *testing.T) {
	root := photoSite(t)
	opts := Options{Source: root, Out: filepath.Join(t.TempDir(), "public"), Now: testNow, NoMinify: true}
	sess, _, err := Open(context.Background(), opts)
	if err != nil {
		t.Fatal(err)
	}
	before := sess.pipe.Cache().Made()
	if err := os.WriteFile(filepath.Join(root, "content/case-studies/detail.png"), imagetest.PNG(t, imagetest.Halves(440, 330)), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := sess.Update(context.Background(), []string{"content/case-studies/detail.png"}); err != nil {
		t.Fatal(err)
	}
	if made := sess.pipe.Cache().Made() - before; made != 4 { // 160, 320, 440 and the fallback
		t.Errorf("the update made %d outputs; want the changed picture's 4", made)
	}
	assertContains(t, opts.Out, "case-studies/signing/index.html", `/case-studies/detail-440.webp 440w`)
	if exists(opts.Out, "case-studies/detail-400.webp") {
		t.Error("the old size of the changed picture is still published")
	}
	full := buildSite(t, root, Options{NoMinify: true})
	assertSameTree(t, full, opts.Out)
}

// An edit of a page's text that adds a picture brings the picture into the
// site: it is processed and shown in its sizes, as a full build would.
func TestPreviewAddsAPictureWrittenIntoTheText(t *testing.T) {
	root := photoSite(t)
	opts := Options{Source: root, Out: filepath.Join(t.TempDir(), "public"), Now: testNow, NoMinify: true}
	sess, _, err := Open(context.Background(), opts)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(root, "content/case-studies/extra.png"), imagetest.PNG(t, imagetest.Halves(200, 100)), 0o644); err != nil {
		t.Fatal(err)
	}
	sitetest.WriteFile(t, root, "content/facilities/lab.md", "---\ntitle: The lab\nsummary: A lab.\naccess: Open to partners\n---\n![The microscope](/images/microscope.jpg)\n\n![More](../case-studies/extra.png)\n")
	if _, err := sess.Update(context.Background(), []string{"content/case-studies/extra.png", "content/facilities/lab.md"}); err != nil {
		t.Fatal(err)
	}
	assertContains(t, opts.Out, "facilities/lab/index.html", `/case-studies/extra-200.webp 200w`)
	assertSameTree(t, buildSite(t, root, Options{NoMinify: true}), opts.Out)
}

// One picture shown by two pages under two names (beside one page, and by a
// relative path from another section) is one source: processed once,
// published once, and both pages show the same addresses.
func TestOnePictureTwoNames(t *testing.T) {
	root := photoSite(t, "content/facilities/lab.md", "---\ntitle: The lab\nsummary: A lab.\naccess: Open to partners\n---\n![Two people signing](../case-studies/signing.jpg)\n")
	out := buildSite(t, root, Options{NoMinify: true})
	story, lab := readOut(t, out, "case-studies/signing/index.html"), readOut(t, out, "facilities/lab/index.html")
	for _, html := range []string{story, lab} {
		if !strings.Contains(html, "/case-studies/signing-320.webp 320w") {
			t.Errorf("a page does not show the picture at its one address:\n%s", html)
		}
	}
	matches, _ := filepath.Glob(filepath.Join(out, "facilities", "*.webp"))
	if len(matches) != 0 {
		t.Errorf("the picture was published twice: %v", matches)
	}
}

// A build given a terminal (Options.Progress) shows how many pictures are
// done ("images 3/3") and clears the line when it ends.
func TestProgressOnATerminal(t *testing.T) {
	var term bytes.Buffer
	buildSite(t, photoSite(t), Options{NoMinify: true, Progress: &term})
	if got := term.String(); !strings.Contains(got, "\rimages 3/3") || !strings.HasSuffix(got, "\r\033[K") {
		t.Errorf("progress %q: want \"\\rimages 3/3\" and the line cleared at the end", got)
	}
}
