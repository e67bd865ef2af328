package story

import (
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"testing"
)

// FromIssue reads the event from its file and leaves in the reply folder
// what the workflow posts: the pull request's texts and the files for a
// story, the reply alone for a refusal.
func TestFromIssue(t *testing.T) {
	root, replies := testSite(t), t.TempDir()
	ev := filepath.Join(t.TempDir(), "event.json")
	if err := os.WriteFile(ev, event(t, 7, body(t, "minimal.md")), 0o644); err != nil {
		t.Fatal(err)
	}
	res, err := FromIssue(context.Background(), Request{Root: root, Now: now}, ev, replies)
	if err != nil {
		t.Fatal(err)
	}
	var got result
	data, _ := os.ReadFile(filepath.Join(replies, ResultFile))
	if err := json.Unmarshal(data, &got); err != nil || got.Status != StatusReady || got.Branch != res.Branch {
		t.Errorf("%s = %s (%v), want ready for %s", ResultFile, data, err, res.Branch)
	}
	if _, err := os.Stat(filepath.Join(replies, FilesDir, res.Files[0])); err != nil {
		t.Errorf("the reply folder lacks the story's file: %v", err)
	}

	refused := t.TempDir()
	if err := os.WriteFile(ev, event(t, 5, "I have a story about Roche, call me!"), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err = FromIssue(context.Background(), Request{Root: root, Now: now}, ev, refused)
	var refusal *Refusal
	if !errors.As(err, &refusal) {
		t.Fatalf("not a story: %v, want a refusal", err)
	}
	if reply, _ := os.ReadFile(filepath.Join(refused, ReplyFile)); string(reply) != refusal.Reply() {
		t.Errorf("%s = %q, want the refusal's reply", ReplyFile, reply)
	}
	if _, err := FromIssue(context.Background(), Request{Root: root}, filepath.Join(t.TempDir(), "missing.json"), ""); err == nil || errors.As(err, &refusal) {
		t.Errorf("an event file that is not there: %v", err)
	}
}

// WriteTemplate writes the form Template makes, where Stale looks.
func TestWriteTemplate(t *testing.T) {
	root := testSite(t)
	if err := os.RemoveAll(filepath.Join(root, ".github")); err != nil {
		t.Fatal(err)
	}
	if stale, err := Stale(root); err != nil || !stale {
		t.Fatalf("without the form: stale %v, %v", stale, err)
	}
	if err := WriteTemplate(root); err != nil {
		t.Fatal(err)
	}
	if stale, err := Stale(root); err != nil || stale {
		t.Errorf("after WriteTemplate: stale %v, %v", stale, err)
	}
	want, _ := Template(root)
	if got, _ := os.ReadFile(filepath.Join(root, filepath.FromSlash(TemplateFile))); string(got) != string(want) {
		t.Errorf("the written form differs from Template")
	}
}
