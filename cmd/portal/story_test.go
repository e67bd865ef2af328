package main

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/uio-partner/portal/internal/attachment/attachmenttest"
	"github.com/uio-partner/portal/internal/cli"
	"github.com/uio-partner/portal/internal/sitetest"
	"github.com/uio-partner/portal/internal/story"
)

// The story workflow (.github/workflows/story.yml) end to end, but for the
// calls to GitHub's API: a local bare repository stands in for the
// repository on GitHub, and a local server for GitHub's upload hosts. As
// the workflow does, the story is converted in one checkout of main
// (portal new --from-issue, which runs the check), checked and built there,
// then committed and pushed by .github/scripts/story-branch.sh from a
// second checkout; the pushed branch passes portal check in a third.
// Edits to the issue update the one branch; the same story from another
// issue, and a branch the reviewers have pushed to, are left alone; a
// story that cannot be a page is refused with a reply and pushes nothing.
// Left to GitHub: opening or updating the pull request, the replies, the
// commit status and the artifacts (gh and actions/upload-artifact).
func TestStoryWorkflow(t *testing.T) {
	if testing.Short() {
		t.Skip("runs git")
	}
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("no git")
	}
	r := newStoryRepo(t)
	photo := attachmenttest.JPEG(t, 320, 240)
	client := attachmenttest.NewGitHub(t, map[string][]byte{"5f0c3a8e-2b7d-4c1e-9a6f-8d4e2c1b0a97": photo}).Client()
	ev, err := os.ReadFile(filepath.Join("..", "..", "internal", "story", "testdata", "event-opened.json"))
	if err != nil {
		t.Fatal(err)
	}
	// Partner pages need sources in the fixture site, so a story cannot
	// make one (the converter refuses a new partner): this story names
	// only partners that have a page.
	ev = bytes.Replace(ev, []byte("Acme Robotics AS"), []byte("_No response_"), 1)
	const slug = "sensors-and-signal-processing-with-ffi"
	page := "content/case-studies/" + slug + ".md"

	// Issue 42 is opened: a new branch.
	out := r.run(t, ev, client)
	if out["outcome"] != "pushed" || out["branch"] != "story/issue-42" {
		t.Fatalf("first run: %v", out)
	}
	first := out["sha"]
	if got := r.git(t, r.bare, "rev-parse", "story/issue-42"); got != first {
		t.Fatalf("the bare repository's branch is at %s, the script says %s", got, first)
	}
	if parent := r.git(t, r.bare, "rev-parse", "story/issue-42^"); parent != r.git(t, r.bare, "rev-parse", "main") {
		t.Errorf("the story's commit is not on main: parent %s", parent)
	}
	files := r.git(t, r.bare, "diff", "--name-only", "main", "story/issue-42")
	want := strings.Join([]string{"content/case-studies/" + slug + "-photo.jpg", page, "content/case-studies/" + slug + ".nb.md"}, "\n")
	if files != want {
		t.Errorf("the branch adds:\n%s\nwant:\n%s", files, want)
	}
	if got := r.git(t, r.bare, "show", "story/issue-42:content/case-studies/"+slug+"-photo.jpg"); got != strings.TrimSpace(string(photo)) {
		t.Error("the pushed photo is not the attachment")
	}
	msg := r.git(t, r.bare, "log", "-1", "--format=%an <%ae>%n%B", "story/issue-42")
	for _, w := range []string{"github-actions[bot] <41898282+github-actions[bot]@users.noreply.github.com>", "case-studies: Sensors and signal processing with FFI", "Co-authored-by: kari-nordmann <1234567+kari-nordmann@users.noreply.github.com>"} {
		if !strings.Contains(msg, w) {
			t.Errorf("commit %q does not have %q", msg, w)
		}
	}
	// The checks CI runs on the pull request pass on the pushed branch.
	pr := r.clone(t, "story/issue-42")
	if code, stdout, stderr := run(t, "check", "--source", pr, "--format", "github"); code != 0 {
		t.Errorf("portal check on the branch: exit %d\n%s%s", code, stdout, stderr)
	}
	if code, _, stderr := run(t, "issue-form", "--source", pr, "--check"); code != 0 {
		t.Errorf("the form on the branch does not list the site's partners: %s", stderr)
	}

	// The same event again (a re-run): nothing to push.
	if out := r.run(t, ev, client); out["outcome"] != "unchanged" || out["sha"] != first {
		t.Errorf("re-run: %v", out)
	}

	// The issue is edited: the same branch moves to the new story.
	edited := editEvent(t, ev, func(body string) string {
		return strings.Replace(body, "Two research groups worked on the same questions.", "Two research groups, at Blindern and at Kjeller, worked on the same questions.", 1)
	}, 0)
	out = r.run(t, edited, client)
	if out["outcome"] != "pushed" || out["sha"] == first {
		t.Fatalf("edit: %v", out)
	}
	if got := r.git(t, r.bare, "show", "story/issue-42:"+page); !strings.Contains(got, "at Blindern and at Kjeller") {
		t.Errorf("the branch does not have the edit:\n%s", got)
	}
	if n := r.git(t, r.bare, "rev-list", "--count", "main..story/issue-42"); n != "1" {
		t.Errorf("the branch has %s commits over main, want 1 (the edit replaces the story's commit)", n)
	}

	// The same story sent again as issue 43: no second branch.
	out = r.run(t, editEvent(t, edited, nil, 43), client)
	if out["outcome"] != "duplicate" || out["duplicate_of"] != "42" {
		t.Errorf("the same story from issue 43: %v", out)
	}
	if refs := r.git(t, r.bare, "for-each-ref", "--format=%(refname)", "refs/heads/story/"); refs != "refs/heads/story/issue-42" {
		t.Errorf("story branches: %s", refs)
	}

	// A reviewer pushes to the branch: later edits leave it alone.
	reviewer := r.clone(t, "story/issue-42")
	sitetest.WriteFile(t, reviewer, page, strings.Replace(r.git(t, r.bare, "show", "story/issue-42:"+page), "joint projects", "two joint projects", 1)+"\n")
	r.git(t, reviewer, "commit", "-qam", "case-studies: a fact checked")
	r.git(t, reviewer, "push", "-q", "origin", "HEAD:story/issue-42")
	reviewed := r.git(t, r.bare, "rev-parse", "story/issue-42")
	if out := r.run(t, ev, client); out["outcome"] != "taken-over" || out["sha"] != reviewed {
		t.Errorf("after a reviewer's push: %v", out)
	}
	if got := r.git(t, r.bare, "rev-parse", "story/issue-42"); got != reviewed {
		t.Error("the reviewer's commit was overwritten")
	}

	// A story that cannot be a page: a reply, and nothing to push.
	bad := editEvent(t, ev, func(body string) string { return strings.Replace(body, "2026-03-02", "the second of March", 1) }, 44)
	replies := t.TempDir()
	code, _, stderr := r.convert(t, bad, client, replies)
	if code != 1 || !strings.Contains(stderr, "`the second of March` is not a date") {
		t.Errorf("a bad date: exit %d\n%s", code, stderr)
	}
	var res struct{ Status string }
	data, _ := os.ReadFile(filepath.Join(replies, story.ResultFile))
	if json.Unmarshal(data, &res); res.Status != story.StatusRefused {
		t.Errorf("result.json: %s", data)
	}
	if reply, _ := os.ReadFile(filepath.Join(replies, story.ReplyFile)); !strings.Contains(string(reply), "**Date / Dato**: `the second of March` is not a date") {
		t.Errorf("reply.md:\n%s", reply)
	}
	if _, err := os.Stat(filepath.Join(replies, story.FileList)); err == nil {
		t.Error("a refused story lists files to commit")
	}
}

// The script refuses a story folder that would write anywhere else: it
// copies, and only to a story's paths.
func TestStoryBranchRefusesOtherPaths(t *testing.T) {
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("no git")
	}
	r := newStoryRepo(t)
	for _, f := range []string{".github/workflows/evil.yml", "content/case-studies/../../x.md", "scripts/test.sh", "content/case-studies/a.md\n.github/workflows/ci.yml", "content/offerings/a.md", "content/case-studies/A.md"} {
		dir := t.TempDir()
		sitetest.WriteFile(t, dir, story.FileList, f+"\n")
		sitetest.WriteFile(t, dir, story.CommitFile, "x\n")
		for _, line := range strings.Split(f, "\n") {
			sitetest.WriteFile(t, dir, filepath.Join(story.FilesDir, filepath.Base(line)), "x")
		}
		work := r.clone(t, "main")
		cmd := exec.Command("bash", filepath.Join(work, ".github", "scripts", "story-branch.sh"), dir, "story/issue-1")
		cmd.Dir, cmd.Env = work, r.env
		out, err := cmd.CombinedOutput()
		if err == nil || !strings.Contains(string(out), "refusing to write") && !strings.Contains(string(out), "not a plain file") {
			t.Errorf("%q: %v\n%s", f, err, out)
		}
	}
	if refs := r.git(t, r.bare, "for-each-ref", "refs/heads/story/"); refs != "" {
		t.Errorf("pushed: %s", refs)
	}
}

// storyRepo is the stand-in for the repository on GitHub: a bare repository
// whose main holds a copy of the fixture site with this repository's theme, form and scripts.
type storyRepo struct {
	bare string
	env  []string // git without the user's or the machine's configuration
}

func newStoryRepo(t *testing.T) *storyRepo {
	t.Helper()
	r := &storyRepo{bare: filepath.Join(t.TempDir(), "origin.git")}
	r.env = append(os.Environ(), "GIT_CONFIG_GLOBAL=/dev/null", "GIT_CONFIG_NOSYSTEM=1", "GIT_AUTHOR_NAME=Test", "GIT_AUTHOR_EMAIL=test@example.org", "GIT_COMMITTER_NAME=Test", "GIT_COMMITTER_EMAIL=test@example.org")
	r.git(t, "", "init", "-q", "--bare", "-b", "main", r.bare)
	src := t.TempDir()
	sitetest.CopyFixture(t, src, "site.yaml", "content")
	sitetest.CopyFromRepo(t, src, "layouts", "static", ".github/ISSUE_TEMPLATE", ".github/scripts")
	if err := story.WriteTemplate(src); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(filepath.Join(src, ".github", "scripts", "story-branch.sh"), 0o755); err != nil {
		t.Fatal(err)
	}
	r.git(t, src, "init", "-q", "-b", "main")
	r.git(t, src, "add", ".")
	r.git(t, src, "commit", "-qm", "the site")
	r.git(t, src, "push", "-q", r.bare, "main")
	return r
}

// git runs git in dir and returns its output, trimmed.
func (r *storyRepo) git(t *testing.T, dir string, args ...string) string {
	t.Helper()
	cmd := exec.Command("git", args...)
	cmd.Dir, cmd.Env = dir, r.env
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("git %s: %v\n%s", strings.Join(args, " "), err, stderr.String())
	}
	return strings.TrimSpace(string(out))
}

// clone checks out branch of the bare repository in a new folder.
func (r *storyRepo) clone(t *testing.T, branch string) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "checkout")
	r.git(t, "", "clone", "-q", "-b", branch, r.bare, dir)
	return dir
}

// convert is the workflow's convert job: portal new --from-issue in a fresh
// checkout of main; with a story written, the check and the preview build.
func (r *storyRepo) convert(t *testing.T, ev []byte, client *http.Client, replies string) (code int, stdout, stderr string) {
	t.Helper()
	work := r.clone(t, "main")
	evFile := filepath.Join(t.TempDir(), "event.json")
	if err := os.WriteFile(evFile, ev, 0o644); err != nil {
		t.Fatal(err)
	}
	var o, e bytes.Buffer
	m := &Main{Env: cli.Env{Stdout: &o, Stderr: &e, Getenv: func(string) string { return "" }}, HTTPClient: client}
	code = m.ExitCode(m.Run(context.Background(), []string{"new", "--from-issue", evFile, "--source", work, "--reply-dir", replies}))
	if code == 0 {
		if c, out, errOut := run(t, "check", "--source", work); c != 0 {
			t.Fatalf("portal check after the conversion: exit %d\n%s%s", c, out, errOut)
		}
		if c, _, errOut := run(t, "build", "--source", work, "-o", filepath.Join(t.TempDir(), "preview")); c != 0 {
			t.Fatalf("the preview build: exit %d\n%s", c, errOut)
		}
	}
	return code, o.String(), e.String()
}

// run is the whole workflow but for GitHub's API: convert, then push with
// story-branch.sh from a second checkout. It returns the script's outputs.
func (r *storyRepo) run(t *testing.T, ev []byte, client *http.Client) map[string]string {
	t.Helper()
	replies := t.TempDir()
	if code, stdout, stderr := r.convert(t, ev, client, replies); code != 0 {
		t.Fatalf("portal new --from-issue: exit %d\n%s%s", code, stdout, stderr)
	}
	var res struct{ Status, Branch string }
	data, _ := os.ReadFile(filepath.Join(replies, story.ResultFile))
	if err := json.Unmarshal(data, &res); err != nil || res.Status != story.StatusReady {
		t.Fatalf("result.json: %s (%v)", data, err)
	}
	work := r.clone(t, "main")
	ghOutput := filepath.Join(t.TempDir(), "github-output")
	cmd := exec.Command(filepath.Join(work, ".github", "scripts", "story-branch.sh"), replies, res.Branch)
	cmd.Dir, cmd.Env = work, append(r.env, "GITHUB_OUTPUT="+ghOutput)
	printed, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("story-branch.sh: %v\n%s", err, printed)
	}
	written, _ := os.ReadFile(ghOutput)
	if string(written) != string(printed) {
		t.Errorf("$GITHUB_OUTPUT has %q, the script printed %q", written, printed)
	}
	out := map[string]string{}
	for _, line := range strings.Split(strings.TrimSpace(string(written)), "\n") {
		k, v, _ := strings.Cut(line, "=")
		out[k] = v
	}
	return out
}

// editEvent is ev with its issue's body changed by edit (nil: unchanged),
// as an "edited" event, renumbered when number is not 0.
func editEvent(t *testing.T, ev []byte, edit func(string) string, number int) []byte {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal(ev, &m); err != nil {
		t.Fatal(err)
	}
	issue := m["issue"].(map[string]any)
	if edit != nil {
		issue["body"] = edit(issue["body"].(string))
	}
	m["action"] = "edited"
	if number != 0 {
		m["action"] = "opened"
		issue["number"] = number
	}
	data, err := json.Marshal(m)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

func TestNewFromIssueUsage(t *testing.T) {
	for _, args := range [][]string{
		{"new", "--from-issue", "event.json", "case-studies", "Title"},
		{"new", "--from-issue", "event.json", "--lang", "nb"},
		{"new", "--reply-dir", "out", "case-studies", "Title"},
	} {
		if code, _, stderr := run(t, args...); code != 2 || !strings.Contains(stderr, "--from-issue") {
			t.Errorf("portal %s: exit %d\n%s", strings.Join(args, " "), code, stderr)
		}
	}
	if code, _, stderr := run(t, "new", "--from-issue", filepath.Join(t.TempDir(), "none.json")); code != 1 || !strings.Contains(stderr, "none.json") {
		t.Errorf("a missing event: exit %d\n%s", code, stderr)
	}
}

// portal issue-form --check fails on a form that no longer lists the
// site's partners, and passes once portal issue-form has written it again.
func TestIssueFormCommand(t *testing.T) {
	root := sitetest.Fixture(t)
	sitetest.CopyFromRepo(t, root, ".github/ISSUE_TEMPLATE")
	if err := story.WriteTemplate(root); err != nil {
		t.Fatal(err)
	}
	if code, stdout, stderr := run(t, "issue-form", "--source", root, "--check"); code != 0 || !strings.Contains(stdout, "up to date") {
		t.Fatalf("the fixture's form: exit %d\n%s%s", code, stdout, stderr)
	}
	sitetest.WriteFile(t, root, "content/partners/equinor.md", "---\ntitle: Equinor\nsources:\n  - {title: A partnership with Equinor, date: 2024}\n---\n")
	if code, _, stderr := run(t, "issue-form", "--source", root, "--check"); code != 1 || !strings.Contains(stderr, "run go run ./cmd/portal issue-form") {
		t.Errorf("a new partner: exit %d\n%s", code, stderr)
	}
	if code, stdout, stderr := run(t, "issue-form", "--source", root); code != 0 || stdout != "wrote "+story.TemplateFile+"\n" {
		t.Fatalf("portal issue-form: exit %d\n%s%s", code, stdout, stderr)
	}
	form, _ := os.ReadFile(filepath.Join(root, story.TemplateFile))
	if !strings.Contains(string(form), "- Equinor\n") {
		t.Error("the form does not list the new partner")
	}
	if code, _, _ := run(t, "issue-form", "--source", root, "--check"); code != 0 {
		t.Error("still stale after portal issue-form")
	}
}
