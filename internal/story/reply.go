package story

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"strings"

	"github.com/uio-partner/portal/internal/diag"
)

// The files WriteReady and WriteRefused put in the workflow's folder. The
// workflow posts them with the GitHub CLI, and .github/scripts/story-branch.sh
// commits FilesDir's copies; none of them is run.
const (
	ResultFile      = "result.json"     // status, issue, branch, slug, title, files
	ReplyFile       = "reply.md"        // the reply on the issue
	PullRequestFile = "pull-request.md" // the pull request's description
	CheckFile       = "check.md"        // the check's findings, a comment on the pull request
	TitleFile       = "title.txt"       // the pull request's title
	CommitFile      = "commit.txt"      // the commit message
	FileList        = "files.txt"       // the written files, one slash path a line
	FilesDir        = "files"           // a copy of each written file at its path
	StatusReady     = "ready"           // the story is written; open or update its pull request
	StatusRefused   = "refused"         // the story cannot be a page as it is; reply.md says why
)

// result is ResultFile.
type result struct {
	Status string   `json:"status"`
	Issue  int      `json:"issue"`
	Branch string   `json:"branch"`
	Slug   string   `json:"slug,omitempty"`
	Title  string   `json:"title,omitempty"`
	Files  []string `json:"files,omitempty"`
}

// WriteReady writes the written story's messages, and a copy of its files
// from root, into dir.
func (r *Result) WriteReady(dir, root string) error {
	files := map[string]string{
		ReplyFile:       r.Reply(),
		PullRequestFile: r.PullRequestBody(),
		CheckFile:       r.CheckComment(),
		TitleFile:       r.PullRequestTitle() + "\n",
		CommitFile:      r.CommitMessage(),
		FileList:        strings.Join(r.Files, "\n") + "\n",
	}
	for _, f := range r.Files {
		data, err := os.ReadFile(filepath.Join(root, filepath.FromSlash(f)))
		if err != nil {
			return err
		}
		files[path.Join(FilesDir, f)] = string(data)
	}
	return writeAll(dir, result{Status: StatusReady, Issue: r.Issue.Number, Branch: r.Branch, Slug: r.Slug, Title: r.Title, Files: r.Files}, files)
}

// WriteRefused writes the reply to a story that cannot be a page as it is.
func (e *Refusal) WriteRefused(dir string) error {
	return writeAll(dir, result{Status: StatusRefused, Issue: e.Issue, Branch: Branch(e.Issue)}, map[string]string{ReplyFile: e.Reply()})
}

func writeAll(dir string, res result, files map[string]string) error {
	data, err := json.MarshalIndent(res, "", "  ")
	if err != nil {
		return err
	}
	files[ResultFile] = string(data) + "\n"
	for name, text := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			return err
		}
	}
	return nil
}

// Reply is the reply on the issue, after the line with the pull request's
// link that the workflow puts first.
func (r *Result) Reply() string {
	var b strings.Builder
	b.WriteString(r.words.all(" / ", "storyReplyReady") + "\n\n")
	fmt.Fprintf(&b, "- The page will be at `%s`", r.langs[0].url)
	for _, l := range r.langs[1:] {
		if r.has(l.file) {
			fmt.Fprintf(&b, ", in %s at `%s`", l.name, l.url)
		}
	}
	b.WriteString(". The pull request has a preview of it.\n")
	switch n := len(r.Findings); n {
	case 0:
		b.WriteString("- The site's check found no problems.\n")
	default:
		fmt.Fprintf(&b, "- The site's check has %d %s (advice, not errors), listed in the pull request.\n", n, plural(n, "remark", "remarks"))
	}
	b.WriteString("- Next, the communications team reviews it and publishes it, and says so here.\n")
	b.WriteString("- " + r.words.all(" / ", "storyReplyEdit") + "\n")
	return b.String()
}

// PullRequestTitle is the pull request's title.
func (r *Result) PullRequestTitle() string { return "Case study: " + oneLine(r.Title) }

// PullRequestBody is the pull request's description: what was written,
// from where, and what the review is for.
func (r *Result) PullRequestBody() string {
	var b strings.Builder
	fmt.Fprintf(&b, "Closes #%d: a case study sent with the story form", r.Issue.Number)
	if login := r.Issue.User.login(); login != "" {
		fmt.Fprintf(&b, " by @%s", login)
	}
	fmt.Fprintf(&b, ", %s.\n\n", code(r.Title))
	b.WriteString("### What it adds\n\n")
	for _, f := range r.Files {
		fmt.Fprintf(&b, "- `%s`: %s\n", f, r.describe(f))
	}
	if len(r.Notes) > 0 {
		b.WriteString("\n### For the review\n\n")
		for _, n := range r.Notes {
			fmt.Fprintf(&b, "- %s\n", n)
		}
	}
	b.WriteString("\n### Before merging\n\n")
	b.WriteString("- [ ] The story is right, and the people and organisations it names agreed to be named.\n")
	b.WriteString("- [ ] The summary makes a company want to read on.\n")
	for _, l := range r.langs[1:] {
		if !r.has(l.file) {
			fmt.Fprintf(&b, "- [ ] The %s version: there is none yet; add `%s`, or merge without it (the %s page is shown at the %[1]s address with a note).\n", l.name, l.file, r.langs[0].name)
		}
	}
	if r.has("content/partners/") {
		b.WriteString("- [ ] The new partner pages say what they should (a summary, the website).\n")
	}
	b.WriteString("\nThe check's findings are in a comment below; the full checks and the preview (the `preview` artifact of the Tests workflow) run once someone with write access approves them. ")
	fmt.Fprintf(&b, "Edits to issue #%d replace this branch's commit; once anyone else pushes to the branch, the issue no longer changes it.\n", r.Issue.Number)
	return b.String()
}

// describe says what a written file is.
func (r *Result) describe(f string) string {
	switch {
	case f == TemplateFile:
		return "the story form, which now lists the new partner"
	case strings.HasPrefix(f, "content/partners/"):
		return "a new partner page, with only its name"
	}
	for _, l := range r.langs[1:] {
		if f == l.file {
			return "the story in " + l.name
		}
	}
	if strings.HasSuffix(f, ".md") {
		return "the story"
	}
	return "the photo, beside the story: shown at the top of the page, on its card and in link previews"
}

func (r *Result) has(part string) bool {
	for _, f := range r.Files {
		if strings.Contains(f, part) {
			return true
		}
	}
	return false
}

// CheckComment is the check's findings about the story's files.
func (r *Result) CheckComment() string {
	var b strings.Builder
	if len(r.Findings) == 0 {
		b.WriteString("**portal check**: no problems in the story's files.\n")
		return b.String()
	}
	fmt.Fprintf(&b, "**portal check**: no errors; %d %s in the story's files:\n\n", len(r.Findings), plural(len(r.Findings), "warning", "warnings"))
	for _, f := range r.Findings {
		fmt.Fprintf(&b, "- %s (`%s`): %s\n", f.Where, f.position(), codeAll(f.Msg))
	}
	return b.String()
}

func (f Finding) position() string {
	d := f.Diagnostic
	if d.Line == 0 {
		return d.File
	}
	return fmt.Sprintf("%s:%d", d.File, d.Line)
}

// CommitMessage is the commit's message, crediting the author.
func (r *Result) CommitMessage() string {
	msg := fmt.Sprintf("case-studies: %s\n\nFrom the story form, issue #%d.\n", oneLine(r.Title), r.Issue.Number)
	if c := r.Issue.User.coAuthor(); c != "" {
		msg += "\n" + c + "\n"
	}
	return msg
}

// Reply is the reply to a story that cannot be a page yet.
func (e *Refusal) Reply() string {
	var b strings.Builder
	b.WriteString(e.words.all(" / ", "storyRefused") + "\n\n")
	for _, p := range e.Problems {
		if p.Field != "" {
			fmt.Fprintf(&b, "- **%s**: %s\n", p.Field, p.Msg)
		} else {
			fmt.Fprintf(&b, "- %s\n", p.Msg)
		}
	}
	b.WriteString("\n" + e.words.all(" / ", "storyRefusedEdit") + "\n")
	return b.String()
}

// login is the author's login when it is one GitHub could have given.
func (u User) login() string {
	if loginRE.MatchString(u.Login) {
		return u.Login
	}
	return ""
}

var loginRE = regexp.MustCompile(`^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})$`)

// codeAll is an author's text as inline code, however long.
func codeAll(s string) string {
	return "`" + strings.ReplaceAll(oneLine(s), "`", "'") + "`"
}

func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// Diagnostics are the findings as the check writes them, for the log.
func (r *Result) Diagnostics() diag.List {
	var l diag.List
	for i := range r.Findings {
		l = append(l, &r.Findings[i].Diagnostic)
	}
	return l
}

// FromIssue converts the story in the issues event in eventFile (Convert,
// with req.Event read from it) and, when replyDir is set, writes there what
// the workflow posts: the replies and the pull request's texts (WriteReady),
// or the reply that says why the story cannot be a page as it is
// (WriteRefused), when the error is that *Refusal.
func FromIssue(ctx context.Context, req Request, eventFile, replyDir string) (*Result, error) {
	event, err := os.ReadFile(eventFile)
	if err != nil {
		return nil, err
	}
	req.Event = event
	res, err := Convert(ctx, req)
	var refusal *Refusal
	if errors.As(err, &refusal) && replyDir != "" {
		if werr := refusal.WriteRefused(replyDir); werr != nil {
			return nil, werr
		}
	}
	if err != nil {
		return nil, err
	}
	if replyDir != "" {
		if err := res.WriteReady(replyDir, req.Root); err != nil {
			return nil, err
		}
	}
	return res, nil
}
