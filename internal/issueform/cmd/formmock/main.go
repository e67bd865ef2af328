// Command formmock draws an issue form's fields as a web page, for a
// picture of the form in CONTRIBUTING.md when GitHub itself cannot be
// reached to take one. It is a likeness made from the template, not
// GitHub's page: the page says so at its top.
//
//	go run ./internal/issueform/cmd/formmock -o form.html .github/ISSUE_TEMPLATE/case-study.yml
//	chromium --headless --screenshot=docs/screenshots/story-form.png --window-size=900,2000 form.html
package main

import (
	"bytes"
	"flag"
	"fmt"
	"html/template"
	"os"

	"github.com/uio-partner/portal/internal/issueform"
	"github.com/yuin/goldmark"
)

func main() {
	out := flag.String("o", "form.html", "the page to write")
	flag.Parse()
	if flag.NArg() != 1 {
		fmt.Fprintln(os.Stderr, "usage: formmock [-o form.html] TEMPLATE.yml")
		os.Exit(2)
	}
	if err := run(flag.Arg(0), *out); err != nil {
		fmt.Fprintln(os.Stderr, "formmock:", err)
		os.Exit(1)
	}
}

func run(in, out string) error {
	data, err := os.ReadFile(in)
	if err != nil {
		return err
	}
	t, err := issueform.ParseTemplate(data)
	if err != nil {
		return err
	}
	funcs := template.FuncMap{"markdown": func(s string) (template.HTML, error) {
		var b bytes.Buffer
		err := goldmark.Convert([]byte(s), &b) // the template's own text, not anyone's input
		return template.HTML(b.String()), err
	}}
	page := template.Must(template.New("form").Funcs(funcs).Parse(form))
	var b bytes.Buffer
	if err := page.Execute(&b, map[string]any{"T": t, "File": in}); err != nil {
		return err
	}
	return os.WriteFile(out, b.Bytes(), 0o644)
}

// form resembles GitHub's new-issue page with an issue form.
const form = `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{{.T.Name}}</title>
<style>
body{margin:0;background:#fff;color:#1f2328;font:14px/1.5 -apple-system,BlinkMacSystemFont,"Segoe UI","Noto Sans",Helvetica,Arial,sans-serif}
.note{background:#fff8c5;border-bottom:1px solid #d4a72c66;padding:8px 24px;font-size:12px}
main{max-width:780px;margin:24px auto;padding:0 24px}
.head{border:1px solid #d0d7de;border-radius:6px;padding:12px 16px;margin-bottom:16px}
.head b{font-size:16px}.head p{margin:4px 0 0;color:#59636e}
h1.title{font-size:14px;margin:0 0 6px}
.el{margin:0 0 20px}
label,.label{display:block;font-weight:600;margin-bottom:4px}
.req{color:#d1242f}
.desc{color:#59636e;font-size:12px;margin:0 0 6px}
.box{border:1px solid #d0d7de;border-radius:6px;padding:5px 12px;min-height:20px;background:#f6f8fa;color:#818b98}
.input{background:#fff}
.area{min-height:80px;white-space:pre-wrap;background:#fff;display:flex;flex-direction:column;justify-content:space-between}
.drop{border-top:1px dashed #d0d7de;margin:6px -12px -5px;padding:4px 12px;font-size:12px;color:#59636e;background:#f6f8fa;border-radius:0 0 6px 6px}
.select{display:inline-block;border:1px solid #d0d7de;border-radius:6px;padding:4px 12px;background:#f6f8fa;color:#1f2328;font-weight:500}
.md{border-bottom:1px solid #d0d7de;margin-bottom:20px}.md h3{font-size:16px}
.check{display:flex;gap:8px;align-items:flex-start}.check span{width:13px;height:13px;border:1px solid #818b98;border-radius:3px;margin-top:3px;flex:none}
.submit{background:#1f883d;color:#fff;border-radius:6px;padding:5px 16px;font-weight:500;display:inline-block}
</style></head><body>
<div class="note">A likeness of the GitHub form, drawn from {{.File}} for this guide (GitHub's own page differs in detail).</div>
<main>
<div class="head"><b>{{.T.Name}}</b><p>{{.T.Description}}</p></div>
<h1 class="title">Add a title <span class="req">*</span></h1>
<div class="box input" style="color:#1f2328;margin-bottom:20px">{{.T.Title}}</div>
{{range .T.Body}}<div class="el{{if eq .Type "markdown"}} md{{end}}">
{{- if eq .Type "markdown"}}{{markdown .Attributes.Value}}
{{- else}}<div class="label">{{.Attributes.Label}}{{if .Validations}}{{if .Validations.Required}} <span class="req">*</span>{{end}}{{end}}</div>
{{- with .Attributes.Description}}<p class="desc">{{.}}</p>{{end}}
{{- if eq .Type "input"}}<div class="box input">{{.Attributes.Placeholder}}</div>
{{- else if eq .Type "textarea"}}<div class="box area"><span>{{.Attributes.Placeholder}}</span><div class="drop">Paste, drop, or click to add files</div></div>
{{- else if eq .Type "dropdown"}}<div class="select">{{if .Attributes.Multiple}}Selections: {{end}}None ▾</div>
{{- else if eq .Type "checkboxes"}}{{range .Attributes.Boxes}}<div class="check"><span></span><div>{{.Label}}{{if .Required}} <span class="req" style="border:0;width:auto">*</span>{{end}}</div></div>{{end}}
{{- end}}{{end}}</div>
{{end}}<div class="submit">Create</div>
</main></body></html>
`
