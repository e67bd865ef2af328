package story

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/uio-partner/portal/internal/attachment"
	"github.com/uio-partner/portal/internal/check"
	"github.com/uio-partner/portal/internal/config"
	"github.com/uio-partner/portal/internal/content"
	"github.com/uio-partner/portal/internal/diag"
	address "github.com/uio-partner/portal/internal/site"
)

// Request is one story to convert.
type Request struct {
	Root    string              // the site's checkout, where the files are written
	Event   []byte              // the issues event, as GitHub gives it to a workflow
	Fetcher *attachment.Fetcher // downloads the photo; nil means the default
	Now     time.Time           // the clock; zero means time.Now
	// CacheDir is the picture cache the check may use. Empty means a
	// temporary one, removed afterwards: the conversion leaves nothing in
	// the checkout but the story's files.
	CacheDir string
}

// Result is a story written into the site.
type Result struct {
	Issue  Issue
	Slug   string
	Title  string
	Branch string
	// Files are the files written (and the form, rewritten when the story
	// adds a partner), as slash paths under Root, sorted.
	Files []string
	// Findings are the check's warnings about Files.
	Findings []Finding
	// Notes tell the reviewers what the author should know was changed or
	// left out.
	Notes []string
	// langs are the site's languages, the default first, each with the
	// story's file and address in it, for the replies.
	langs []storyLang
	words *words // the reply's greeting in the site's languages
}

// storyLang is the story in one of the site's languages, written or not.
type storyLang struct {
	name string // as English names it: the replies are in English
	file string // content/case-studies/<slug>.md, or <slug>.<code>.md
	url  string
}

// storyLangs are the files and addresses the story has in the site's
// languages.
func (s *site) storyLangs(slug string) []storyLang {
	def := s.cfg.DefaultLanguage()
	var out []storyLang
	for _, l := range s.cfg.Languages {
		name := slug + ".md"
		if l.Code != def {
			name = slug + "." + l.Code + ".md"
		}
		out = append(out, storyLang{name: s.words.languageName("en", l), file: path.Join(content.Dir, Section, name),
			url: address.Prefix(l.Code, def) + "/" + Section + "/" + slug + "/"})
	}
	return out
}

// Finding is a finding of the check about a written file, with where the
// author finds it in the form.
type Finding struct {
	diag.Diagnostic
	Where string // e.g. "The story / Historien, line 3"
}

// out is a file to write.
type out struct {
	file  string // slash path under the root
	data  []byte
	where func(line int) string // where in the form a line of the file comes from
}

// Convert writes the story of the issue in req.Event into the site at
// req.Root and checks it. A story that cannot be published as it is
// returns a *Refusal (nothing written); any other error is the converter's
// own.
func Convert(ctx context.Context, req Request) (*Result, error) {
	if req.Now.IsZero() {
		req.Now = time.Now()
	}
	if req.Fetcher == nil {
		req.Fetcher = &attachment.Fetcher{}
	}
	ev, err := ParseEvent(req.Event)
	if err != nil {
		return nil, err
	}
	s, err := loadSite(req.Root)
	if err != nil {
		return nil, err
	}
	sub, err := read(s, &ev.Issue, req.Now)
	if err != nil {
		return nil, err
	}
	refuse := func(ps ...Problem) error { return &Refusal{Issue: ev.Issue.Number, Problems: ps, words: s.words} }
	var photo *attachment.Photo
	if sub.PhotoURL != "" {
		p, problem := fetchPhoto(ctx, req.Fetcher, sub.PhotoURL, s.f.photo)
		if problem != nil {
			return nil, refuse(*problem)
		}
		photo = p
	}
	files, problems, err := s.files(ev, sub, photo)
	if err != nil {
		return nil, err
	}
	if len(problems) > 0 {
		return nil, refuse(problems...)
	}
	written, err := write(req.Root, files)
	var exists *existsError
	if errors.As(err, &exists) {
		return nil, refuse(Problem{Field: s.f.title, Msg: fmt.Sprintf("the site has a file %s already: choose another title", code(exists.file))})
	}
	if err != nil {
		return nil, err
	}
	if len(sub.NewPartners) > 0 {
		// The form lists the partners: the new ones join the list in the
		// same pull request, so the form and the site never disagree.
		form, err := s.rewriteForm(req.Root, written)
		if err != nil {
			written.undo()
			return nil, err
		}
		files = append(files, form...)
	}
	res := &Result{Issue: ev.Issue, Slug: sub.Slug, Title: sub.Versions[0].Title, Branch: Branch(ev.Issue.Number), Notes: sub.Notes, langs: s.storyLangs(sub.Slug), words: s.words}
	var errs []Problem
	where := map[string]func(int) string{}
	for _, f := range files {
		res.Files = append(res.Files, f.file)
		where[f.file] = f.where
	}
	slices.Sort(res.Files)
	cacheDir := req.CacheDir
	if cacheDir == "" {
		tmp, err := os.MkdirTemp("", "portal-story-cache-")
		if err != nil {
			written.undo()
			return nil, err
		}
		defer os.RemoveAll(tmp)
		cacheDir = tmp
	}
	for _, d := range check.Run(ctx, check.Options{Source: req.Root, CacheDir: cacheDir}) {
		loc, ours := where[d.File]
		if !ours {
			continue // the site's own findings are not the author's
		}
		f := Finding{Diagnostic: *d, Where: loc(d.Line)}
		// A placeholder is only a warning in the check, but the build
		// never publishes a page that holds one.
		if d.Severity == diag.Error || strings.HasPrefix(d.Msg, "placeholder:") {
			errs = append(errs, Problem{Field: f.Where, Msg: d.Msg})
			continue
		}
		res.Findings = append(res.Findings, f)
	}
	if len(errs) > 0 {
		written.undo()
		return nil, refuse(errs...)
	}
	return res, nil
}

// files are the files a story makes: its pages, its photo, pages for new
// partners and, with those, the form that lists them. problems are what the
// site cannot take from the form as it is.
func (s *site) files(ev *Event, sub *submission, photo *attachment.Photo) (files []out, problems []Problem, err error) {
	sec := s.cfg.Section(Section)
	source := fmt.Sprintf("Source: the story form, issue #%d (%s).", ev.Issue.Number, ev.Issue.HTMLURL)
	image := ""
	if photo != nil {
		image = sub.Slug + "-photo" + photo.Ext
		files = append(files, out{file: path.Join(content.Dir, Section, image), data: photo.Data, where: func(int) string { return s.f.photo }})
	}
	for i, v := range sub.Versions {
		name := sub.Slug + ".md"
		if i > 0 {
			name = sub.Slug + "." + v.Lang + ".md"
		}
		fields := []field{{"title", v.Title}, {"summary", v.Summary}, {"date", sub.Date}, {"partners", sub.Partners}}
		if name, _ := s.sourcesField(); name != "" && len(sub.Sources) > 0 {
			fields = append(fields, field{name, sub.Sources}) // the same sources in every language
		}
		optional := []field{{"sectors", sub.Sectors}, {"faculties", sub.Faculties}, {"image", image}, {"imageAlt", v.ImageAlt}}
		for _, f := range optional {
			if !isEmpty(f.value) && sec.Allows(f.name) {
				fields = append(fields, f)
			}
		}
		file := path.Join(content.Dir, Section, name)
		data, err := page(source, fields, v.Text)
		if err != nil {
			return nil, nil, err
		}
		if err := verify(s.cfg, file, data, Section, sub.Slug, v.Lang, fields, v.Text); err != nil {
			return nil, nil, fmt.Errorf("the story does not read back as written (a bug in the converter): %w", err)
		}
		files = append(files, out{file: file, data: data, where: locator(s.cfg, &s.f, file, data, v.Lang)})
	}
	if len(sub.NewPartners) > 0 {
		t := s.cfg.Taxonomy(partnersTaxonomy)
		psec := s.cfg.Section(t.Section)
		if !slices.Equal(psec.Required, []string{"title"}) {
			return nil, []Problem{{Field: s.f.newPartners, Msg: "the site needs more about a new partner than its name: ask the communications team to add its page, then choose it from the list"}}, nil
		}
		for _, name := range sub.NewPartners {
			slug := content.Slugify(name)
			file := path.Join(content.Dir, t.Section, slug+".md")
			fields := []field{{"title", name}}
			data, err := page(fmt.Sprintf("Source: a partner named in the story form, issue #%d (%s); add what the page should say about it.", ev.Issue.Number, ev.Issue.HTMLURL), fields, "")
			if err != nil {
				return nil, nil, err
			}
			if err := verify(s.cfg, file, data, t.Section, slug, s.cfg.DefaultLanguage(), fields, ""); err != nil {
				return nil, nil, fmt.Errorf("a partner page does not read back as written (a bug in the converter): %w", err)
			}
			files = append(files, out{file: file, data: data, where: func(int) string { return s.f.newPartners }})
		}
	}
	return files, nil, nil
}

func isEmpty(v any) bool {
	switch v := v.(type) {
	case string:
		return v == ""
	case []string:
		return len(v) == 0
	case []content.Source:
		return len(v) == 0
	}
	return false
}

// locator says where in the form a line of a written page came from.
func locator(cfg *config.Config, f *formLabels, file string, data []byte, lang string) func(int) string {
	p, _ := content.Parse(cfg, file, data, content.Regular, Section, "", lang)
	v := f.version(lang)
	story := v.story
	byField := map[string]string{"title": v.title, "summary": v.summary, "date": f.date, "partners": f.partners, "sectors": f.sectors, "faculties": f.faculties, "image": f.photo, "imageAlt": v.photoAlt}
	if name, _ := sourcesField(cfg); name != "" {
		byField[name] = f.sourceTitle
	}
	return func(line int) string {
		if p == nil {
			return story
		}
		if line >= p.BodyLine {
			return fmt.Sprintf("%s, line %d", story, line-p.BodyLine+1)
		}
		for name, l := range p.Lines {
			if l == line {
				return byField[name]
			}
		}
		return story
	}
}

// rewriteForm writes the form again, when the site has one, for the site
// as it is now.
func (s *site) rewriteForm(root string, w *writtenFiles) ([]out, error) {
	full := filepath.Join(root, filepath.FromSlash(TemplateFile))
	old, err := os.ReadFile(full)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	data, err := Template(root)
	if err != nil {
		return nil, err
	}
	if _, saved := w.replaced[full]; !saved {
		w.replaced[full] = old
	}
	if err := os.WriteFile(full, data, 0o644); err != nil {
		return nil, err
	}
	return []out{{file: TemplateFile, data: data, where: func(int) string { return "" }}}, nil
}

// existsError is a file the story would write over.
type existsError struct{ file string }

func (e *existsError) Error() string {
	return fmt.Sprintf("%s exists already: the story would overwrite it", e.file)
}

// writtenFiles undoes a write.
type writtenFiles struct {
	root     string
	created  []string          // full paths
	replaced map[string][]byte // full path -> the bytes it had
}

func (w *writtenFiles) undo() {
	for _, p := range w.created {
		os.Remove(p)
	}
	for p, data := range w.replaced {
		os.WriteFile(p, data, 0o644)
	}
}

// write creates files under root, never over an existing file; whatever
// was written is undone when one fails.
func write(root string, files []out) (w *writtenFiles, err error) {
	w = &writtenFiles{root: root, replaced: map[string][]byte{}}
	defer func() {
		if err != nil {
			w.undo()
		}
	}()
	for _, f := range files {
		full := filepath.Join(root, filepath.FromSlash(f.file))
		if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
			return w, err
		}
		fh, err := os.OpenFile(full, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
		if errors.Is(err, fs.ErrExist) {
			return w, &existsError{f.file}
		}
		if err != nil {
			return w, err
		}
		w.created = append(w.created, full)
		if _, err := fh.Write(f.data); err != nil {
			fh.Close()
			return w, err
		}
		if err := fh.Close(); err != nil {
			return w, err
		}
	}
	return w, nil
}
