package markdown

import (
	"regexp"
	"strings"
	"testing"
)

// tag finds the tags of the output; a < in text is always written &lt;.
var tag = regexp.MustCompile(`<[A-Za-z][^>]*>`)

// unsafeAttr finds an href or src whose value, with the characters browsers
// ignore removed, starts with a scheme that runs code.
var unsafeAttr = regexp.MustCompile(`(?i)\b(?:href|src)\s*=\s*["']?[\x00-\x20]*(?:j[\x00-\x20]*a[\x00-\x20]*v[\x00-\x20]*a[\x00-\x20]*s[\x00-\x20]*c[\x00-\x20]*r[\x00-\x20]*i[\x00-\x20]*p[\x00-\x20]*t|v[\x00-\x20]*b[\x00-\x20]*s[\x00-\x20]*c[\x00-\x20]*r[\x00-\x20]*i[\x00-\x20]*p[\x00-\x20]*t|data)[\x00-\x20]*:`)

func FuzzRender(f *testing.F) {
	for _, seed := range []string{
		"# Title\n\nText with *emphasis* and [a link](https://example.org).",
		"<script>alert(1)</script>",
		"<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
		"<img src=x onerror=alert(1)>",
		"<iframe src=javascript:alert(1)>",
		"<div>\n<script>\nalert(1)\n</script>\n</div>",
		"<!-- <script> -->",
		"<![CDATA[<script>]]>",
		"[x](javascript:alert(1))",
		"[x](JaVaScRiPt:alert(1))",
		"[x](<java\tscript:alert(1)>)",
		"[x](&#106;avascript:alert(1))",
		"![x](&#x6A;avascript:alert(1))",
		"[x](javascript&colon;alert(1))",
		"[x](\\javascript:alert(1))",
		"[x](data:text/html;base64,PHNjcmlwdD4=)",
		"![x](data:image/svg+xml,<svg onload=alert(1)>)",
		"[x](vbscript:msgbox(1))",
		"<javascript:alert(1)>",
		"[x][r]\n\n[r]: javascript:alert(1)",
		"[x]: javascript:alert(1) \"t\"\n\n[x]",
		"www.example.org/javascript:alert(1)",
		"| a | b |\n|---|---|\n| <script> | [x](javascript:1) |",
		"x[^1]\n\n[^1]: <script>alert(1)</script> [y](javascript:1)",
		"```\n<script>alert(1)</script>\n```",
		"`<script>`",
		"- [ ] <script>\n- [x] task",
		"> <script>\n> [x](javascript:1)",
		"[x](https://example.org \"<script>\")",
		"![<script>](/img.png)",
		"[<img src=x onerror=alert(1)>](/x)",
		"&lt;script&gt;",
		"\x00\xff\xfe",
		strings.Repeat("[", 1000) + strings.Repeat("]", 1000),
		strings.Repeat("> ", 500) + "x",
		strings.Repeat("*", 2000),
	} {
		f.Add([]byte(seed))
	}
	r := New()
	f.Fuzz(func(t *testing.T, src []byte) {
		res, err := r.Render(src, nil)
		if err != nil {
			t.Fatalf("Render: %v", err)
		}
		html := string(res.HTML)
		if strings.Contains(strings.ToLower(html), "<script") {
			t.Fatalf("output has <script:\n%s", html)
		}
		for _, tg := range tag.FindAllString(html, -1) {
			if m := unsafeAttr.FindString(tg); m != "" {
				t.Fatalf("output has %q in %s:\n%s", m, tg, html)
			}
		}
		for _, l := range res.Links {
			if l.Line < 0 {
				t.Fatalf("link %+v has a negative line", l)
			}
		}
	})
}
