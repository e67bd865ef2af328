package generator

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/uio-partner/portal/internal/config"
	"github.com/uio-partner/portal/internal/sitetest"
)

// The reply promise shown before sending follows site.yaml's reply_within,
// the number the contact endpoint computes the reply-by day from: change
// it, and the contact page, the topic pages and the pathways' "Send an
// inquiry" box say so, in working days, in both languages, with the
// topic's unit.
func TestReplyPromiseFollowsReplyWithin(t *testing.T) {
	root := sitetest.Fixture(t)
	yml := filepath.Join(root, "site.yaml")
	data, err := os.ReadFile(yml)
	if err != nil {
		t.Fatal(err)
	}
	s := strings.Replace(string(data), "reply_within: 3d", "reply_within: 5d", 1)
	s = strings.Replace(s, "      to: [tto@example.org]", "      to: [tto@example.org]\n      reply_within: 1d", 1)
	if s == string(data) {
		t.Fatal("site.yaml no longer has the lines this test changes")
	}
	sitetest.WriteFile(t, root, "site.yaml", s)
	cfg, err := config.Load(root)
	if err != nil {
		t.Fatal(err)
	}
	if got := cfg.Contact.Topic("licensing-and-spinoffs").ReplyDays; got != 1 {
		t.Fatalf("the endpoint's promise for licensing is %d days, want 1", got)
	}
	out := buildSite(t, root, Options{NoMinify: true})
	assertContains(t, out, "contact/index.html",
		`<p class="hint promise" id="f-topic-hint">We answer within 5 working days.</p>`,
		`data-hint="We answer within 1 working day. You will hear from the Technology Transfer Office (TTO).">Licensing and spin-offs</option>`)
	assertContains(t, out, "nb/contact/licensing-and-spinoffs/index.html",
		`<p class="hint promise" id="f-topic-hint">Vi svarer innen 1 arbeidsdag. Du får svar fra teknologioverføringskontoret (TTO) ved UiO.</p>`)
	assertContains(t, out, "pathways/licensing-and-spinoffs/index.html",
		`<p class="promise">We answer within 1 working day. You will hear from the Technology Transfer Office (TTO).</p>`)
	assertContains(t, out, "index.html", `<p class="promise">We answer within 5 working days.</p>`)
	assertContains(t, out, "nb/pathways/research-collaboration/index.html",
		`<p class="promise">Vi svarer innen 5 arbeidsdager. Du får svar fra Life Sciences Growth House.</p>`)
}

// The generic contact form chooses no topic, so an inquiry reaches no unit
// the visitor did not pick; a topic page chooses its topic, and its
// language switch leads to the same topic in the other language.
func TestGenericContactFormChoosesNoTopic(t *testing.T) {
	out := buildSite(t, sitetest.Fixture(t), Options{NoMinify: true})
	page := readOut(t, out, "contact/index.html")
	if !strings.Contains(page, `<select id="f-topic" name="topic" data-keep required`) || !strings.Contains(page, `<option value="" selected data-hint=`) {
		t.Errorf("the generic form does not start with a required, empty topic:\n%s", page)
	}
	if n := strings.Count(page, " selected"); n != 1 {
		t.Errorf("the generic form selects %d options, want only the empty one", n)
	}
	topicPage := readOut(t, out, "nb/contact/agreements/index.html")
	if !strings.Contains(topicPage, `<option value="agreements" selected`) || strings.Contains(topicPage, `<option value="" selected`) {
		t.Error("the agreements topic page does not choose its topic")
	}
	if !strings.Contains(topicPage, `href="/contact/agreements/" hreflang="en"`) {
		t.Error("the language switch of a topic page does not keep the topic")
	}
}

// The failure to send names the address to write to when site.yaml gives
// one, and none when it does not (the fixture site).
func TestFailedSendNamesTheAddressToWriteTo(t *testing.T) {
	out := buildSite(t, sitetest.Fixture(t), Options{NoMinify: true})
	assertNotContains(t, out, "contact/index.html", "mailto:")
	root := sitetest.Fixture(t)
	data, err := os.ReadFile(filepath.Join(root, "site.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	sitetest.WriteFile(t, root, "site.yaml", strings.Replace(string(data), "  reply_within: 3d\n", "  reply_within: 3d\n  email: partner@uni.example\n", 1))
	out = buildSite(t, root, Options{NoMinify: true})
	assertContains(t, out, "nb/contact/index.html",
		`<div class="send-failed" id="send-failed" role="alert" tabindex="-1" aria-labelledby="send-failed-title" data-unreached="Henvendelsen kom ikke fram til oss." hidden>`,
		`Teksten din står fortsatt i skjemaet. Prøv igjen om noen minutter. Du kan også skrive til oss på <a href="mailto:partner@uni.example">partner@uni.example</a>.`)
}
