package markdown

import (
	"regexp"
	"strings"
	"testing"
)

func render(t *testing.T, src string, resolve Resolver) *Result {
	t.Helper()
	res, err := New().Render([]byte(src), resolve)
	if err != nil {
		t.Fatalf("Render(%q): %v", src, err)
	}
	return res
}

// hrefOrSrc matches every href and src attribute value the renderer writes.
var hrefOrSrc = regexp.MustCompile(`(?i)\b(href|src)="([^"]*)"`)

// assertNoActiveContent fails if html could run script: a <script> element, an
// event handler attribute or a script-capable URL in href or src.
func assertNoActiveContent(t *testing.T, src string, html []byte) {
	t.Helper()
	h := string(html)
	if strings.Contains(strings.ToLower(h), "<script") || strings.Contains(strings.ToLower(h), "<iframe") {
		t.Errorf("%q: output has an element that runs code:\n%s", src, h)
	}
	if regexp.MustCompile(`(?i)<[a-z]+[^>]*\son[a-z]+=`).MatchString(h) {
		t.Errorf("%q: output has an event handler attribute:\n%s", src, h)
	}
	for _, m := range hrefOrSrc.FindAllStringSubmatch(h, -1) {
		v := strings.ToLower(strings.Map(func(r rune) rune {
			if r <= 0x20 {
				return -1
			}
			return r
		}, m[2]))
		for _, bad := range []string{"javascript:", "vbscript:", "data:"} {
			if strings.HasPrefix(v, bad) {
				t.Errorf("%q: %s=%q keeps a %s URL:\n%s", src, m[1], m[2], bad, h)
			}
		}
	}
}

func TestRawHTMLIsEscaped(t *testing.T) {
	tests := []struct {
		name, src, want string
	}{
		{"script block", "<script>alert(1)</script>\n", "&lt;script&gt;alert(1)&lt;/script&gt;"},
		{"iframe block", `<iframe src="https://evil.example"></iframe>` + "\n", "&lt;iframe src=&quot;https://evil.example&quot;&gt;&lt;/iframe&gt;"},
		{"inline img onerror", "Hello <img src=x onerror=alert(1)> there\n", "Hello &lt;img src=x onerror=alert(1)&gt; there"},
		{"div block", "<div onclick=\"alert(1)\">\n\n*hi*\n\n</div>\n", "&lt;div onclick=&quot;alert(1)&quot;&gt;"},
		{"html comment", "<!-- hidden -->\n", "&lt;!-- hidden --&gt;"},
		{"inline script", "a <script>alert(1)</script> b\n", "a &lt;script&gt;alert(1)&lt;/script&gt; b"},
		{"in table", "| a |\n|---|\n| <script>x</script> |\n", "&lt;script&gt;x&lt;/script&gt;"},
		{"in footnote", "x[^1]\n\n[^1]: <script>alert(1)</script>\n", "&lt;script&gt;alert(1)&lt;/script&gt;"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := render(t, tt.src, nil)
			if !strings.Contains(string(res.HTML), tt.want) {
				t.Errorf("Render(%q) =\n%s\nwant it to contain %q", tt.src, res.HTML, tt.want)
			}
			assertNoActiveContent(t, tt.src, res.HTML)
		})
	}
}

func TestUnsafeLinksAreNeutralised(t *testing.T) {
	dests := []string{
		"javascript:alert(1)",
		"JaVaScRiPt:alert(1)",
		"<java\tscript:alert(1)>",
		"java&#x09;script:alert(1)",
		"&#106;avascript:alert(1)",
		"&#x6A;avascript:alert(1)",
		"javascript&#58;alert(1)",
		"javascript&colon;alert(1)",
		" javascript:alert(1)",
		"data:text/html,<b>x</b>",
		"data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
		"vbscript:msgbox(1)",
		"VBScript:msgbox(1)",
		"file:///etc/passwd",
	}
	for _, d := range dests {
		for _, form := range []string{"[click](%s)", "![pic](%s)", "[click][r]\n\n[r]: %s"} {
			src := strings.Replace(form, "%s", d, 1)
			t.Run(src, func(t *testing.T) {
				res := render(t, src, nil)
				assertNoActiveContent(t, src, res.HTML)
				if !strings.Contains(string(res.HTML), "click") && !strings.Contains(string(res.HTML), "pic") {
					t.Errorf("Render(%q) lost the link text:\n%s", src, res.HTML)
				}
				if len(res.Links) != 1 {
					t.Errorf("Render(%q) recorded %d links, want 1 (check reports unsafe links)", src, len(res.Links))
				}
			})
		}
	}
}

func TestUnsafeAutolinksAreText(t *testing.T) {
	for _, src := range []string{"<javascript:alert(1)>", "<JAVASCRIPT:alert(1)>", "<vbscript:msgbox(1)>", "<data:text/html,x>"} {
		res := render(t, src, nil)
		if strings.Contains(string(res.HTML), "<a ") {
			t.Errorf("Render(%q) = %s; want no link", src, res.HTML)
		}
		assertNoActiveContent(t, src, res.HTML)
	}
}

func TestSafeLinksAreKept(t *testing.T) {
	tests := []struct{ src, want string }{
		{"[a](https://www.uio.no/)", `<a href="https://www.uio.no/">a</a>`},
		{"[a](http://example.org/x?y=1#z)", `<a href="http://example.org/x?y=1#z">a</a>`},
		{"[a](mailto:growthhouse@example.org)", `<a href="mailto:growthhouse@example.org">a</a>`},
		{"[a](tel:+4722855050)", `<a href="tel:+4722855050">a</a>`},
		{"[a](/offerings/mentoring/)", `<a href="/offerings/mentoring/">a</a>`},
		{"[a](../pathways/x.md#steps)", `<a href="../pathways/x.md#steps">a</a>`},
		{"[a](#top)", `<a href="#top">a</a>`},
		{"[a](x/y:z)", `<a href="x/y:z">a</a>`},
		{"![lab](/images/lab.jpg)", `<img src="/images/lab.jpg" alt="lab" loading="lazy" decoding="async">`},
		{"![lab](https://cdn.example.org/lab.jpg \"The lab\")", `<img src="https://cdn.example.org/lab.jpg" alt="lab" title="The lab"`},
		{"<https://www.uio.no/>", `<a href="https://www.uio.no/">https://www.uio.no/</a>`},
		{"<post@example.org>", `<a href="mailto:post@example.org">post@example.org</a>`},
		{"See www.uio.no today", `<a href="http://www.uio.no">www.uio.no</a>`},
	}
	for _, tt := range tests {
		res := render(t, tt.src, nil)
		if !strings.Contains(string(res.HTML), tt.want) {
			t.Errorf("Render(%q) =\n%s\nwant it to contain %s", tt.src, res.HTML, tt.want)
		}
	}
}

func TestMailtoImageIsRemoved(t *testing.T) {
	res := render(t, "![x](mailto:a@example.org)", nil)
	if strings.Contains(string(res.HTML), "<img") {
		t.Errorf("an image with a mailto: source was kept: %s", res.HTML)
	}
}

func TestResolver(t *testing.T) {
	resolve := func(dest string) string {
		if dest == "../pathways/x.md" {
			return "/pathways/x/"
		}
		return dest
	}
	res := render(t, "[x](../pathways/x.md) [y](https://a.example/) [bad](javascript:alert(1))", resolve)
	html := string(res.HTML)
	for _, want := range []string{`<a href="/pathways/x/">x</a>`, `<a href="https://a.example/">y</a>`, `</a> bad</p>`} {
		if !strings.Contains(html, want) {
			t.Errorf("Render =\n%s\nwant it to contain %s", html, want)
		}
	}
	// A link to nowhere is its text alone (the build refuses an empty link).
	for _, src := range []string{"[bad](javascript:alert(1))", "[empty]()", "[hash](#)"} {
		if h := string(render(t, src, resolve).HTML); strings.Contains(h, "<a") {
			t.Errorf("Render(%q) = %s, want the text without a link", src, h)
		}
	}
	// Links are recorded as written, not as resolved, so check can report the file.
	if len(res.Links) != 3 || res.Links[0].Dest != "../pathways/x.md" {
		t.Errorf("Links = %+v, want the first as written (../pathways/x.md)", res.Links)
	}
}

func TestHeadingIDs(t *testing.T) {
	res := render(t, "# How to start\n\ntext\n\n## How to start\n\n### Økt *samarbeid*\n", nil)
	html := string(res.HTML)
	for _, want := range []string{`<h1 id="how-to-start">How to start</h1>`, `<h2 id="how-to-start-1">How to start</h2>`, `<h3 id="`} {
		if !strings.Contains(html, want) {
			t.Errorf("HTML =\n%s\nwant it to contain %s", html, want)
		}
	}
	want := []Heading{
		{Level: 1, ID: "how-to-start", Text: "How to start", Line: 1},
		{Level: 2, ID: "how-to-start-1", Text: "How to start", Line: 5},
		{Level: 3, Text: "Økt samarbeid", Line: 7},
	}
	if len(res.Headings) != len(want) {
		t.Fatalf("Headings = %+v, want %d", res.Headings, len(want))
	}
	for i, w := range want {
		g := res.Headings[i]
		if g.Level != w.Level || g.Text != w.Text || g.Line != w.Line || (w.ID != "" && g.ID != w.ID) || g.ID == "" {
			t.Errorf("Headings[%d] = %+v, want %+v", i, g, w)
		}
	}
}

func TestPlainText(t *testing.T) {
	src := "# Title\n\nSome *emphasis*, `code` and a [link](https://x.example).\n\n- one\n- two\n\n```\nfenced code\n```\n\nWrite to <post@example.org> or visit www.uio.no.\n"
	res := render(t, src, nil)
	want := "Title Some emphasis, code and a link. one two fenced code Write to post@example.org or visit www.uio.no."
	if res.Text != want {
		t.Errorf("Text =\n%q\nwant\n%q", res.Text, want)
	}
	if strings.ContainsAny(res.Text, "<>*`#") {
		t.Errorf("Text %q keeps markup", res.Text)
	}
}

func TestLinksRecorded(t *testing.T) {
	src := "Intro line.\n\nSee [the lab](/facilities/lab/) and\n![Microscope *room*](/images/m.jpg).\n\nThen [a\nsplit](https://x.example) and <https://auto.example/>.\n"
	res := render(t, src, nil)
	want := []Link{
		{Dest: "/facilities/lab/", Line: 3},
		{Dest: "/images/m.jpg", Line: 4, Image: true, Alt: "Microscope room"},
		{Dest: "https://x.example", Line: 6},
		{Dest: "https://auto.example/", Line: 7},
	}
	if len(res.Links) != len(want) {
		t.Fatalf("Links = %+v, want %+v", res.Links, want)
	}
	for i := range want {
		if res.Links[i] != want[i] {
			t.Errorf("Links[%d] = %+v, want %+v", i, res.Links[i], want[i])
		}
	}
}

func TestSafeURL(t *testing.T) {
	tests := []struct {
		dest  string
		image bool
		want  bool
	}{
		{"https://a.example/", false, true},
		{"HTTP://a.example/", true, true},
		{"mailto:a@example.org", false, true},
		{"mailto:a@example.org", true, false},
		{"tel:123", false, true},
		{"/x/y", true, true},
		{"x.md#a:b", false, true},
		{"?q=a:b", false, true},
		{"javascript:alert(1)", false, false},
		{"java\tscript:alert(1)", false, false},
		{"java\nscript:alert(1)", false, false},
		{"\x01javascript:alert(1)", false, false},
		{"data:image/png;base64,xx", true, false},
		{"ftp://a.example/", false, false},
	}
	for _, tt := range tests {
		if got := SafeURL(tt.dest, tt.image); got != tt.want {
			t.Errorf("SafeURL(%q, %v) = %v, want %v", tt.dest, tt.image, got, tt.want)
		}
	}
}

func TestConcurrentRender(t *testing.T) {
	r := New()
	done := make(chan string)
	for i := 0; i < 8; i++ {
		go func() {
			res, err := r.Render([]byte("[x](https://a.example/) ![y](/i.png)"), nil)
			if err != nil || len(res.Links) != 2 || res.Links[0].Dest != "https://a.example/" {
				done <- "bad result"
				return
			}
			done <- ""
		}()
	}
	for i := 0; i < 8; i++ {
		if msg := <-done; msg != "" {
			t.Error(msg)
		}
	}
}

func TestCollapseSpace(t *testing.T) {
	for _, s := range []string{"", " ", "a", " a  b\t\nc ", "\u00a0x\u2003y\u3000", "é  ü\n\nø", "a\x85b", "bad\xffutf8  x"} {
		if got, want := collapseSpace(s, nil), strings.Join(strings.Fields(s), " "); got != want {
			t.Errorf("collapseSpace(%q) = %q, want %q", s, got, want)
		}
	}
}

func FuzzCollapseSpace(f *testing.F) {
	f.Add(" a  b\t\nc ")
	f.Add("\u00a0x\u2003y")
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := collapseSpace(s, nil), strings.Join(strings.Fields(s), " "); got != want {
			t.Errorf("collapseSpace(%q) = %q, want %q", s, got, want)
		}
	})
}

func TestReservedIDs(t *testing.T) {
	src := []byte("# Main\n\n## Main\n\n## Search\n")
	for _, tc := range []struct {
		opts []Option
		want []string
	}{
		{nil, []string{"main", "main-1", "search"}},
		{[]Option{ReservedIDs("main", "site-search")}, []string{"main-1", "main-2", "search"}},
	} {
		r := New(tc.opts...)
		for _, res := range []*Result{mustRender(t, r, src), r.Outline(src)} {
			var got []string
			for _, h := range res.Headings {
				got = append(got, h.ID)
			}
			if strings.Join(got, " ") != strings.Join(tc.want, " ") {
				t.Errorf("ids %v, want %v", got, tc.want)
			}
		}
	}
}

func mustRender(t *testing.T, r *Renderer, src []byte) *Result {
	t.Helper()
	res, err := r.Render(src, nil)
	if err != nil {
		t.Fatal(err)
	}
	return res
}

// TestHeadingOffsets: each heading's Offset is where its text starts in
// Result.Text, so search can tell which heading a word is under.
func TestHeadingOffsets(t *testing.T) {
	src := "Intro  text with  spaces.\n\n## First part\n\nSome *words*\nhere.\n\n### Second\n\n- a list\n- of items\n\n## Last"
	res, err := New().Render([]byte(src), nil)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"First part", "Second", "Last"}
	if len(res.Headings) != len(want) {
		t.Fatalf("headings = %+v", res.Headings)
	}
	for i, h := range res.Headings {
		if !strings.HasPrefix(res.Text[h.Offset:], want[i]) {
			t.Errorf("heading %q: text at offset %d is %q", h.Text, h.Offset, res.Text[h.Offset:])
		}
	}
}

// TestHeadingIDsKeepEveryLetter: heading ids follow the rule of page
// addresses (slug.Make), in Render and in Outline (portal check's link
// lint), so a Norwegian heading keeps its letters and an anchor link to it
// is found by both.
func TestHeadingIDsKeepEveryLetter(t *testing.T) {
	src := "## Når du trenger en\n\n## Søknad og økonomi\n\n## Særavtale\n\n## Når du trenger en\n\n## Main\n"
	want := []string{"nar-du-trenger-en", "soknad-og-okonomi", "saeravtale", "nar-du-trenger-en-1", "main-1"}
	r := New(ReservedIDs("main"))
	rendered, err := r.Render([]byte(src), nil)
	if err != nil {
		t.Fatal(err)
	}
	for name, res := range map[string]*Result{"Render": rendered, "Outline": r.Outline([]byte(src))} {
		var got []string
		for _, h := range res.Headings {
			got = append(got, h.ID)
		}
		if strings.Join(got, " ") != strings.Join(want, " ") {
			t.Errorf("%s heading ids = %v, want %v", name, got, want)
		}
	}
	if !strings.Contains(string(rendered.HTML), `<h2 id="nar-du-trenger-en">Når du trenger en</h2>`) {
		t.Errorf("Render = %s, want the id on the heading", rendered.HTML)
	}
}
