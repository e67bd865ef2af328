package devserver

import (
	"bytes"
	"html/template"
	"net/http"
	"os"
	"path"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/uio-partner/portal/internal/diag"
	"github.com/uio-partner/portal/internal/site"
)

// reloadScript reloads the page when a build finishes, or when the page came
// from an older build than the server's (after the connection dropped). It
// also marks every placeholder on the page, the text still to be written,
// and says in a bar at the bottom how many there are: the preview shows
// unfinished pages that the build would refuse to publish.
const reloadScript = `(function () {
  var me = document.currentScript, data = (me && me.dataset) || {};
  var events = new EventSource("` + EventsPath + `");
  events.addEventListener("hello", function (e) { if (data.version && e.data !== data.version) location.reload(); });
  events.addEventListener("reload", function () { location.reload(); });
  var marker = data.placeholder;
  if (!marker) return;
  var found = 0, walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT), nodes = [];
  while (walker.nextNode()) if (walker.currentNode.nodeValue.indexOf(marker) >= 0) nodes.push(walker.currentNode);
  nodes.forEach(function (n) {
    var parts = n.nodeValue.split(marker), frag = document.createDocumentFragment();
    parts.forEach(function (text, i) {
      if (i > 0) {
        var m = document.createElement("mark");
        m.className = "portal-placeholder";
        m.style.cssText = "background:#ffd400;color:#000;outline:2px solid #b00020;padding:0 .2em";
        m.textContent = marker;
        frag.appendChild(m);
        found++;
      }
      if (text) frag.appendChild(document.createTextNode(text));
    });
    n.parentNode.replaceChild(frag, n);
  });
  var head = (document.title + " " + Array.prototype.map.call(document.querySelectorAll("meta[content]"), function (m) { return m.content; }).join(" ")).split(marker).length - 1;
  if (!found && !head) return;
  var bar = document.createElement("div");
  bar.setAttribute("role", "status");
  bar.className = "portal-placeholder-bar";
  bar.style.cssText = "position:fixed;left:0;right:0;bottom:0;z-index:2147483647;background:#b00020;color:#fff;font:16px/1.4 system-ui,sans-serif;padding:.5rem 1rem";
  bar.textContent = "Preview: " + (found + head) + " placeholder" + (found + head === 1 ? "" : "s") + " (" + marker + ") on this page still to be written" + (head ? ", " + head + " in the title or description" : "") + ". portal build will not publish it until they are.";
  document.body.appendChild(bar);
})();
`

// scriptTag is what the dev server adds to every HTML response it sends; it
// is never written into the built files. marker is the site's placeholder
// marker, which the script highlights.
func scriptTag(version int, marker string) []byte {
	return []byte(`<script src="` + ScriptPath + `" data-version="` + strconv.Itoa(version) + `" data-placeholder="` + template.HTMLEscapeString(marker) + `"></script>`)
}

// inject adds the reload script before </body>, or at the end when the
// minifier left the optional closing tags out.
func inject(page []byte, version int, marker string) []byte {
	tag := scriptTag(version, marker)
	i := bytes.LastIndex(bytes.ToLower(page), []byte("</body>"))
	if i < 0 {
		return append(append([]byte{}, page...), tag...)
	}
	out := make([]byte, 0, len(page)+len(tag))
	out = append(out, page[:i]...)
	out = append(out, tag...)
	return append(out, page[i:]...)
}

// serveFile serves a file of the build in root; HTML gets the reload script.
func (s *Server) serveFile(w http.ResponseWriter, r *http.Request, root string, version int) {
	p := path.Clean("/" + r.URL.Path)
	if strings.HasSuffix(r.URL.Path, "/") && p != "/" {
		p += "/"
	}
	name := filepath.Join(root, filepath.FromSlash(p))
	fi, err := os.Stat(name)
	if err == nil && fi.IsDir() {
		if !strings.HasSuffix(p, "/") {
			http.Redirect(w, r, p+"/", http.StatusMovedPermanently)
			return
		}
		name = filepath.Join(root, filepath.FromSlash(site.File(p)))
		fi, err = os.Stat(name)
	}
	if err != nil || fi.IsDir() {
		s.serveNotFound(w, r, root, p, version)
		return
	}
	if strings.HasSuffix(name, ".html") {
		data, err := os.ReadFile(name)
		if err != nil {
			http.Error(w, err.Error(), http.StatusInternalServerError)
			return
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Write(inject(data, version, s.marker()))
		return
	}
	f, err := os.Open(name)
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	defer f.Close()
	http.ServeContent(w, r, name, fi.ModTime(), f)
}

// serveNotFound answers with the site's 404 page in the request's language,
// as a static host configured for the site would.
func (s *Server) serveNotFound(w http.ResponseWriter, r *http.Request, root, p string, version int) {
	candidates := []string{site.NotFoundURL("/")}
	if cfg := s.config(); cfg != nil {
		lang, _ := site.SplitLang(cfg, p)
		candidates = append([]string{site.NotFoundURL(site.HomeURL(cfg, lang))}, candidates...)
	}
	for _, c := range candidates {
		data, err := os.ReadFile(filepath.Join(root, filepath.FromSlash(c)))
		if err == nil {
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			w.WriteHeader(http.StatusNotFound)
			w.Write(inject(data, version, s.marker()))
			return
		}
	}
	http.NotFound(w, r)
}

var errorPage = template.Must(template.New("error").Parse(`<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Build failed — portal serve</title>
<style>
body { font: 16px/1.5 system-ui, sans-serif; margin: 2rem auto; max-width: 60rem; padding: 0 1rem; color: #1a1a1a; }
h1 { color: #b00020; font-size: 1.5rem; }
ol { padding-left: 1.5rem; }
li { margin: .5rem 0; }
code { font: 14px/1.4 ui-monospace, monospace; background: #f4f4f4; padding: .1rem .3rem; }
.warning { color: #7a5500; }
</style>
</head>
<body>
<h1>The site could not be built</h1>
<p>Fix {{if eq (len .List) 1}}this problem{{else}}these {{len .List}} problems{{end}} and save: this page reloads by itself.
Until then the last good build is not shown.</p>
<ol>
{{range .List}}<li>{{with .Pos}}<code>{{.}}</code>: {{end}}{{if eq .Severity.String "warning"}}<span class="warning">warning:</span> {{end}}{{.Msg}}</li>
{{end}}</ol>
</body>
</html>
`))

// serveErrorPage shows a failed build's diagnostics, HTML-escaped.
func serveErrorPage(w http.ResponseWriter, list diag.List, version int) {
	var b bytes.Buffer
	if err := errorPage.Execute(&b, struct{ List diag.List }{list}); err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(http.StatusInternalServerError)
	w.Write(inject(b.Bytes(), version, ""))
}
