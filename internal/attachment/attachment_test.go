package attachment_test

import (
	"bytes"
	"context"
	"errors"
	"net/url"
	"strings"
	"testing"

	"github.com/uio-partner/portal/internal/attachment"
	"github.com/uio-partner/portal/internal/attachment/attachmenttest"
	"github.com/uio-partner/portal/internal/images/imagetest"
)

const asset = "https://github.com/user-attachments/assets/0b8c9d1e-2f3a-4b5c-8d7e-6f5a4b3c2d1e"

func TestAllowed(t *testing.T) {
	for raw, want := range map[string]bool{
		asset: true,
		"https://github.com/uio-partner/portal/assets/1188925/7f480a78-17d1-445f-8ec2-5599dc98b38b":    true,
		"https://user-images.githubusercontent.com/1188925/233099814-7f480a78.png":                     true,
		"https://private-user-images.githubusercontent.com/1/2.png?jwt=x":                              true,
		"https://GitHub.com/user-attachments/assets/0b8c9d1e-2f3a-4b5c-8d7e-6f5a4b3c2d1e":              true,
		"http://github.com/user-attachments/assets/0b8c9d1e-2f3a-4b5c-8d7e-6f5a4b3c2d1e":               false, // not https
		"https://github.com:8443/user-attachments/assets/0b8c9d1e-2f3a-4b5c-8d7e-6f5a4b3c2d1e":         false,
		"https://x@github.com/user-attachments/assets/0b8c9d1e-2f3a-4b5c-8d7e-6f5a4b3c2d1e":            false,
		"https://github.com/uio-partner/portal/raw/main/static/x.jpg":                                  false, // a repository file, not an upload
		"https://github.com/user-attachments/files/123/report.pdf":                                     false,
		"https://github.com/user-attachments/assets/../../login":                                       false,
		"https://github.com.evil.example/user-attachments/assets/0b8c9d1e-2f3a-4b5c-8d7e-6f5a4b3c2d1e": false,
		"https://evil.example/photo.jpg":                                                               false,
		"https://github-production-user-asset-6210df.s3.amazonaws.com/1/2.png":                         false, // only as a redirect's target
		"https://raw.githubusercontent.com/o/r/main/x.jpg":                                             false,
	} {
		u, err := url.Parse(raw)
		if err != nil {
			t.Fatal(err)
		}
		if got := attachment.Allowed(u); got != want {
			t.Errorf("Allowed(%s) = %v, want %v", raw, got, want)
		}
	}
}

func uuid(name string) string {
	return "https://github.com/user-attachments/assets/" + name
}

func TestFetch(t *testing.T) {
	jpg := attachmenttest.JPEG(t, 64, 48)
	big := bytes.Repeat([]byte{0xff}, 30<<20)
	copy(big, jpg)
	files := map[string][]byte{
		"00000000-0000-4000-8000-000000000001": jpg,
		"00000000-0000-4000-8000-000000000002": big,
		"00000000-0000-4000-8000-000000000003": []byte("<!DOCTYPE html><html><script>alert(1)</script></html>"),
		"00000000-0000-4000-8000-000000000004": imagetest.HEIC(),
		"00000000-0000-4000-8000-000000000005": imagetest.Bomb(40000, 40000),
		"00000000-0000-4000-8000-000000000006": jpg[:20],
		"00000000-0000-4000-8000-000000000007": []byte("GIF89a\x01\x00\x01\x00\x00\x00\x00;"),
		"old.png":                              imagetest.Bomb(640, 480),
	}
	gh := attachmenttest.NewGitHub(t, files)
	f := &attachment.Fetcher{Client: gh.Client()}
	ctx := context.Background()

	p, err := f.Fetch(ctx, uuid("00000000-0000-4000-8000-000000000001"))
	if err != nil {
		t.Fatal(err)
	}
	if p.Type != "image/jpeg" || p.Ext != ".jpg" || p.Width != 64 || p.Height != 48 || !bytes.Equal(p.Data, jpg) {
		t.Errorf("photo = %s %s %d×%d, %d bytes", p.Type, p.Ext, p.Width, p.Height, len(p.Data))
	}
	if p, err := f.Fetch(ctx, "https://user-images.githubusercontent.com/1/old.png"); err != nil || p.Ext != ".png" || p.Width != 640 {
		t.Errorf("old upload host: %v %+v", err, p)
	}

	for _, tt := range []struct {
		name, url, code, msg string
	}{
		{"30 MB, announced", uuid("00000000-0000-4000-8000-000000000002"), attachment.ESize, "the photo is 30.0 MB; the limit is 20.0 MB"},
		{"30 MB, not announced", uuid("00000000-0000-4000-8000-000000000002") + "?chunked=1", attachment.ESize, "larger than 20.0 MB"},
		{"a web page named as a photo", uuid("00000000-0000-4000-8000-000000000003"), attachment.EType, "not a photo (its content is text (text/html))"},
		{"HEIC", uuid("00000000-0000-4000-8000-000000000004"), attachment.EType, "export it as JPEG"},
		{"decompression bomb", uuid("00000000-0000-4000-8000-000000000005"), attachment.EType, "40000×40000 pixels"},
		{"truncated JPEG", uuid("00000000-0000-4000-8000-000000000006"), attachment.EType, "damaged or incomplete"},
		{"GIF", uuid("00000000-0000-4000-8000-000000000007"), attachment.EType, "a gif file"},
		{"missing", uuid("00000000-0000-4000-8000-000000000009"), attachment.EFetch, "404 Not Found"},
		{"another host", "https://evil.example/photo.jpg", attachment.EHost, "not a file uploaded to GitHub"},
		{"plain http", "http://github.com/user-attachments/assets/00000000-0000-4000-8000-000000000001", attachment.EHost, "not a file uploaded to GitHub"},
		{"a redirect to another host", uuid("00000000-0000-4000-8000-000000000001") + "?to=https://evil.example/x.jpg", attachment.EHost, "sent the photo's download on to evil.example"},
		{"a redirect to plain http", uuid("00000000-0000-4000-8000-000000000001") + "?to=http://user-images.githubusercontent.com/1/old.png", attachment.EHost, "not one of its upload hosts"},
		{"a redirect loop", uuid("00000000-0000-4000-8000-000000000001") + "?loop=1", attachment.EFetch, "round in circles"},
	} {
		_, err := f.Fetch(ctx, tt.url)
		var e *attachment.Error
		if !errors.As(err, &e) || e.Code != tt.code || !strings.Contains(e.Msg, tt.msg) {
			t.Errorf("%s: %v, want %s error containing %q", tt.name, err, tt.code, tt.msg)
		}
		if err != nil && strings.Contains(err.Error(), "secret") {
			t.Errorf("%s: the message shows the signed address: %v", tt.name, err)
		}
	}
	for _, r := range gh.Requests() {
		if strings.HasPrefix(r, "evil.example") {
			t.Errorf("fetched %s", r)
		}
	}
}

func TestFetchLimitSetting(t *testing.T) {
	gh := attachmenttest.NewGitHub(t, map[string][]byte{"00000000-0000-4000-8000-000000000001": attachmenttest.JPEG(t, 64, 48)})
	f := &attachment.Fetcher{Client: gh.Client(), MaxBytes: 100}
	if _, err := f.Fetch(context.Background(), uuid("00000000-0000-4000-8000-000000000001")); err == nil || !strings.Contains(err.Error(), "limit is 0.0 MB") {
		t.Errorf("err = %v", err)
	}
}
