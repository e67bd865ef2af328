package search

import (
	"bytes"
	"encoding/json"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// WordList returns the shared word list of lang (testdata/words), folded
// and tokenised as the index sees text.
func wordList(tb testing.TB, lang string) []string {
	tb.Helper()
	a, ok := algorithmOf(lang)
	if !ok {
		tb.Fatalf("no algorithm for %s", lang)
	}
	b, err := os.ReadFile(filepath.Join("testdata", "words", a.name+".txt"))
	if err != nil {
		tb.Fatal(err)
	}
	return TokenizeIn(lang, string(b))
}

// TestEveryAlgorithmHasItsScript: the Go table, the generated JavaScript
// and the stop-word lists name the same algorithms, so a language stemmed
// in the build is stemmed in the browser too.
func TestEveryAlgorithmHasItsScript(t *testing.T) {
	scripts, err := fs.Glob(snowballJS, "snowball/*.js")
	if err != nil {
		t.Fatal(err)
	}
	var have []string
	for _, s := range scripts {
		if n := strings.TrimSuffix(filepath.Base(s), ".js"); n != "base-stemmer" {
			have = append(have, n)
		}
	}
	var want []string
	for _, a := range algorithms {
		if !slices.Contains(want, a.name) {
			want = append(want, a.name)
		}
	}
	slices.Sort(want)
	if !slices.Equal(have, want) {
		t.Errorf("scripts for %q, algorithms %q: run scripts/snowball-js.sh", have, want)
	}
	for name := range stopLists {
		if !slices.Contains(want, name) {
			t.Errorf("stopwords/%s.txt belongs to no algorithm", name)
		}
	}
	for name := range compoundAlgos {
		if !slices.Contains(want, name) {
			t.Errorf("compound rules for %s, which is no algorithm", name)
		}
	}
}

// TestStemmersAgree runs the shared word list of every language with a
// stemmer through the Go stemmer and through the script the browser gets
// (StemmerScript, in Node), and wants the same stem for every word. The
// browser suite (e2e/search-languages.test.mjs) does the same in Chromium.
func TestStemmersAgree(t *testing.T) {
	node, err := exec.LookPath("node")
	if err != nil {
		t.Skip("node is not installed; the browser suite checks the same")
	}
	langs := StemmerLanguages()
	script, err := StemmerScript(langs)
	if err != nil {
		t.Fatal(err)
	}
	words, want := map[string][]string{}, map[string][]string{}
	for _, l := range langs {
		words[l] = wordList(t, l)
		for _, w := range words[l] {
			want[l] = append(want[l], Stem(l, w))
		}
	}
	in, err := json.Marshal(words)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "snowball.js"), script, 0o644); err != nil {
		t.Fatal(err)
	}
	const run = `globalThis.self = globalThis;
require('vm').runInThisContext(require('fs').readFileSync(process.argv[1], 'utf8'));
const words = JSON.parse(require('fs').readFileSync(0, 'utf8'));
process.stdout.write(JSON.stringify(Object.fromEntries(Object.entries(words).map(([l, ws]) => [l, ws.map((w) => self.PortalStem[l](w))]))));`
	cmd := exec.Command(node, "-e", run, filepath.Join(dir, "snowball.js"))
	cmd.Stdin = bytes.NewReader(in)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("node: %v\n%s", err, stderr.String())
	}
	var got map[string][]string
	if err := json.Unmarshal(out, &got); err != nil {
		t.Fatal(err)
	}
	for _, l := range langs {
		if len(want[l]) < 20 {
			t.Errorf("%s: only %d words in the shared list", l, len(want[l]))
		}
		differ := 0
		for i, w := range words[l] {
			if i >= len(got[l]) || got[l][i] != want[l][i] {
				differ++
				if differ <= 3 {
					t.Errorf("%s %q: Go %q, JavaScript %q", l, w, want[l][i], got[l][min(i, len(got[l])-1)])
				}
			}
		}
		if stemmed := countChanged(words[l], want[l]); stemmed == 0 {
			t.Errorf("%s: no word of the list has a stem of its own: is the stemmer wired?", l)
		}
	}
}

func countChanged(words, stems []string) int {
	n := 0
	for i := range words {
		if words[i] != stems[i] {
			n++
		}
	}
	return n
}

// TestStemmerScriptHasOnlyTheSiteLanguages: a Swedish and English site's
// script holds those two algorithms, not the other seventeen.
func TestStemmerScriptHasOnlyTheSiteLanguages(t *testing.T) {
	sv, err := StemmerScript([]string{"sv", "en", "is"})
	if err != nil {
		t.Fatal(err)
	}
	all, err := StemmerScript(StemmerLanguages())
	if err != nil {
		t.Fatal(err)
	}
	s := string(sv)
	for _, want := range []string{`sv:function`, `en:function`, "Swedish, English"} {
		if !strings.Contains(s, want) && !strings.Contains(s, strings.Replace(want, "Swedish, English", "English, Swedish", 1)) {
			t.Errorf("the sv+en script lacks %q", want)
		}
	}
	if strings.Contains(s, "is:") || strings.Contains(s, "German") {
		t.Error("the sv+en script registers a language it should not have")
	}
	if len(sv) > 16<<10 || len(sv)*5 > len(all) {
		t.Errorf("sv+en script is %d bytes (all languages: %d): it should carry two algorithms only", len(sv), len(all))
	}
}

// TestSnowballStopWords: each language's stop words are Snowball's list,
// folded as the index folds, with portal's few changes.
func TestSnowballStopWords(t *testing.T) {
	for _, tc := range []struct {
		lang     string
		stop     []string // Snowball's, folded for the language (KeptLetters)
		notStop  []string
		fromList bool
	}{
		{"sv", []string{"och", "att", "på", "för", "är", "hade"}, []string{"forskning", "pa", "ar"}, true},
		{"da", []string{"og", "ikke", "på"}, []string{"virksomhed", "pa"}, true},
		{"de", []string{"und", "uber", "fur", "dass"}, []string{"forschung"}, true},
		{"nl", []string{"en", "het", "een"}, []string{"onderzoek"}, true},
		{"nn", []string{"og", "ikkje", "kva"}, []string{"forsking"}, true},
		{"fi", []string{"ja", "on"}, nil, true},
		{"ru", []string{"и", "в", "не"}, nil, true},
		// portal's changes: question words added, compound particles kept
		{"en", []string{"the", "what", "can", "will", "because"}, []string{"off", "up", "sensor"}, true},
		{"nb", []string{"og", "hva", "gjerne", "mye", "på", "før"}, []string{"opp", "ut", "pa"}, true},
		// no Snowball list: nothing is a stop word
		{"tr", nil, []string{"ve"}, false},
		{"is", nil, []string{"og"}, false},
	} {
		set := stopSet(tc.lang)
		if tc.fromList != (len(stopWordsOf(tc.lang)) > 0) {
			t.Errorf("%s: %d stop words", tc.lang, len(stopWordsOf(tc.lang)))
		}
		for _, w := range tc.stop {
			if !set[w] {
				t.Errorf("%s: %q is not a stop word", tc.lang, w)
			}
		}
		for _, w := range tc.notStop {
			if set[w] {
				t.Errorf("%s: %q is a stop word", tc.lang, w)
			}
		}
	}
	for _, l := range stopLists["english"] {
		if strings.ContainsAny(l, "'’") || len(Tokenize(l)) != 1 {
			t.Errorf("english stop word %q is not one folded word", l)
		}
	}
}
