// Package attachment downloads a photo someone attached to a GitHub issue.
// It fetches only from GitHub's own upload hosts, follows redirects only to
// them, stops at MaxBytes, and keeps the file only when its bytes are a
// JPEG, PNG or WebP photo, whatever its name or the server says it is.
package attachment

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"image"
	_ "image/jpeg" // the formats whose size is read from the header
	_ "image/png"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"time"

	"github.com/uio-partner/portal/internal/images"
)

// MaxBytes is the largest photo fetched: the largest picture portal check
// accepts, as the form tells authors. A phone photo is 3-6 MB; GitHub takes
// images of up to 10 MB (25 MB for other files).
const MaxBytes = images.MaxFileBytes

// MaxPixels bounds a photo's size as its header states it, before anything
// decodes it: a few kilobytes can claim 40,000×40,000 pixels.
const MaxPixels = 100_000_000

// maxRedirects is how many redirects a fetch follows: GitHub answers an
// attachment address with one, to a signed address on its storage host.
const maxRedirects = 3

// uploadPath matches the paths of GitHub's attachment addresses on
// github.com: /user-attachments/assets/<uuid> (since 2024) and
// /<owner>/<repo>/assets/<user id>/<uuid> (2023-2024).
var uploadPath = regexp.MustCompile(`^/(user-attachments/assets/[0-9a-fA-F-]{36}|[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+/assets/[0-9]+/[0-9a-fA-F-]{36})$`)

// uploadHosts serve attachments themselves: user-images (before 2023) and
// private-user-images (signed addresses, what github.com redirects to for
// private repositories).
var uploadHosts = map[string]bool{
	"user-images.githubusercontent.com":         true,
	"private-user-images.githubusercontent.com": true,
}

// storageHost is where github.com redirects an attachment of a public
// repository, with a signature valid for five minutes. It is allowed only
// as a redirect's target, never as an address in an issue.
const storageHost = "github-production-user-asset-6210df.s3.amazonaws.com"

// Allowed reports whether u is an address of a file uploaded to GitHub: an
// https address on github.com's attachment paths or on an upload host.
func Allowed(u *url.URL) bool {
	if u.Scheme != "https" || u.User != nil || u.Port() != "" {
		return false
	}
	switch h := strings.ToLower(u.Hostname()); {
	case h == "github.com":
		return uploadPath.MatchString(u.EscapedPath())
	default:
		return uploadHosts[h]
	}
}

// allowedRedirect reports whether a redirect may be followed to u.
func allowedRedirect(u *url.URL) bool {
	return Allowed(u) || u.Scheme == "https" && u.User == nil && u.Port() == "" && strings.ToLower(u.Hostname()) == storageHost
}

// Codes say why a fetch failed; the messages say it to the author.
const (
	EHost  = "host"  // the address is not one of GitHub's upload hosts
	ESize  = "size"  // larger than MaxBytes
	EType  = "type"  // not a JPEG, PNG or WebP photo
	EFetch = "fetch" // the download failed
)

// Error is a failed fetch, with a message for the author.
type Error struct {
	Code string
	Msg  string
}

func (e *Error) Error() string { return e.Msg }

func errorf(code, format string, args ...any) error {
	return &Error{Code: code, Msg: fmt.Sprintf(format, args...)}
}

// Photo is a fetched photo.
type Photo struct {
	Data          []byte
	Type          string // image/jpeg, image/png or image/webp
	Ext           string // .jpg, .png or .webp
	Width, Height int    // from the header; 0 for WebP, which no decoder here reads
}

// Fetcher downloads attachments.
type Fetcher struct {
	// Client makes the requests; nil means one with a one-minute timeout.
	// Its redirect policy is replaced by the fetcher's own. Tests give one
	// whose transport reaches a local server in place of GitHub: the hosts
	// allowed stay the ones above.
	Client *http.Client
	// MaxBytes overrides the package's MaxBytes when positive.
	MaxBytes int64
}

// Fetch downloads the photo at raw, an address from an issue.
func (f *Fetcher) Fetch(ctx context.Context, raw string) (*Photo, error) {
	u, err := url.Parse(raw)
	if err != nil || !Allowed(u) {
		return nil, errorf(EHost, "the photo's address is not a file uploaded to GitHub: drag the photo file into the form's photo field, which uploads it to GitHub, rather than linking to it")
	}
	limit := int64(MaxBytes)
	if f.MaxBytes > 0 {
		limit = f.MaxBytes
	}
	client := http.Client{Timeout: time.Minute}
	if f.Client != nil {
		client = *f.Client
	}
	client.CheckRedirect = func(req *http.Request, via []*http.Request) error {
		if len(via) > maxRedirects {
			return errorf(EFetch, "GitHub sent the photo's download round in circles")
		}
		if !allowedRedirect(req.URL) {
			return errorf(EHost, "GitHub sent the photo's download on to %s, which is not one of its upload hosts", req.URL.Hostname())
		}
		return nil
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u.String(), nil)
	if err != nil {
		return nil, errorf(EFetch, "the photo cannot be downloaded: %v", err)
	}
	resp, err := client.Do(req)
	if err != nil {
		var e *Error
		if errors.As(err, &e) {
			return nil, e
		}
		return nil, errorf(EFetch, "the photo could not be downloaded from GitHub (%v); save the issue again to retry", redact(err))
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return nil, errorf(EFetch, "GitHub answered %s for the photo; attach it again", resp.Status)
	}
	if resp.ContentLength > limit {
		return nil, errorf(ESize, "the photo is %s; the limit is %s: export it smaller (2000 pixels wide is plenty)", megabytes(resp.ContentLength), megabytes(limit))
	}
	data, err := io.ReadAll(io.LimitReader(resp.Body, limit+1))
	if err != nil {
		return nil, errorf(EFetch, "the photo's download broke off (%v); save the issue again to retry", redact(err))
	}
	if int64(len(data)) > limit {
		return nil, errorf(ESize, "the photo is larger than %s: export it smaller (2000 pixels wide is plenty)", megabytes(limit))
	}
	return sniff(data)
}

// sniff decides what the bytes are, from the bytes alone.
func sniff(data []byte) (*Photo, error) {
	if images.Sniff(data) == images.HEIC {
		return nil, errorf(EType, "the photo is a HEIC file (an iPhone's own format), which browsers cannot show: export it as JPEG (on an iPhone: Settings → Camera → Formats → Most Compatible) and attach that")
	}
	p := &Photo{Data: data, Type: http.DetectContentType(data)}
	switch p.Type {
	case "image/jpeg":
		p.Ext = ".jpg"
	case "image/png":
		p.Ext = ".png"
	case "image/webp":
		p.Ext = ".webp"
		return p, nil
	default:
		if t, _, _ := strings.Cut(p.Type, ";"); strings.HasPrefix(t, "image/") {
			return nil, errorf(EType, "the photo is a %s file; the site takes JPEG, PNG or WebP photos: export it as JPEG and attach that", strings.TrimPrefix(t, "image/"))
		}
		return nil, errorf(EType, "the attachment is not a photo (its content is %s): attach a JPEG, PNG or WebP picture", describe(p.Type))
	}
	c, _, err := image.DecodeConfig(bytes.NewReader(data))
	if err != nil {
		return nil, errorf(EType, "the photo cannot be read: the file is damaged or incomplete; export it again as JPEG")
	}
	if c.Width <= 0 || c.Height <= 0 || int64(c.Width)*int64(c.Height) > MaxPixels {
		return nil, errorf(EType, "the photo says it is %d×%d pixels, which is more than a photo has; export it again as JPEG", c.Width, c.Height)
	}
	p.Width, p.Height = c.Width, c.Height
	return p, nil
}

// describe names a sniffed type for a message.
func describe(mime string) string {
	t, _, _ := strings.Cut(mime, ";")
	switch {
	case t == "application/octet-stream":
		return "not a kind a browser knows"
	case strings.HasPrefix(t, "text/"):
		return "text (" + t + ")"
	}
	return t
}

func megabytes(n int64) string { return fmt.Sprintf("%.1f MB", float64(n)/(1<<20)) }

// redact removes the address from a client error: a signed address is a
// credential for a few minutes, and the reply is public.
func redact(err error) error {
	var ue *url.Error
	if errors.As(err, &ue) {
		return ue.Err
	}
	return err
}
