package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/uio-partner/portal/internal/cli"
	"github.com/uio-partner/portal/internal/contact"
	"github.com/uio-partner/portal/internal/contact/sqlite"
	"github.com/uio-partner/portal/internal/contact/storetest"
)

// run runs portal in-process with env as its environment.
func runEnv(t *testing.T, env map[string]string, args ...string) (string, error) {
	t.Helper()
	var out, errOut bytes.Buffer
	m := &Main{Env: cli.Env{Stdout: &out, Stderr: &errOut, Getenv: func(k string) string { return env[k] }}}
	err := m.Run(context.Background(), args)
	return out.String(), err
}

func seed(t *testing.T) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "contact.db")
	db, err := sqlite.Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	now := time.Now()
	for i, q := range []*contact.Inquiry{
		storetest.NewInquiry(1, now.Add(-400*24*time.Hour)),
		storetest.NewInquiry(2, now),
		storetest.NewInquiry(3, now),
	} {
		if i == 1 {
			q.Name, q.Email = "=HYPERLINK(\"http://evil\")", "ola@example.no"
		}
		if _, _, err := db.Save(context.Background(), q, storetest.Messages(t, q)); err != nil {
			t.Fatal(err)
		}
	}
	return path
}

func TestContactExportPurgeDelete(t *testing.T) {
	path := seed(t)
	env := map[string]string{"PORTAL_DB": path} // --db from the environment

	out, err := runEnv(t, env, "contact", "export", "--format", "csv")
	if err != nil {
		t.Fatal(err)
	}
	if lines := strings.Count(out, "\n"); lines != 4 || !strings.Contains(out, `"'=HYPERLINK(""http://evil"")"`) {
		t.Errorf("csv export (%d lines):\n%s", lines, out)
	}
	file := filepath.Join(t.TempDir(), "inquiries.csv") // owner-only: see contact's TestExport
	if _, err := runEnv(t, env, "contact", "export", "--out", file); err != nil {
		t.Error(err)
	} else if data, _ := os.ReadFile(file); string(data) != out {
		t.Errorf("--out wrote:\n%s\nwant what standard output gets:\n%s", data, out)
	}
	out, err = runEnv(t, env, "contact", "export", "--format", "json", "--since", time.Now().AddDate(0, 0, -1).Format(time.DateOnly))
	var got []contact.Inquiry
	if err != nil || json.Unmarshal([]byte(out), &got) != nil || len(got) != 2 {
		t.Errorf("json export since yesterday: %v %v\n%s", err, len(got), out)
	}
	if _, err := runEnv(t, env, "contact", "export", "--format", "xml"); err == nil {
		t.Error("xml export did not fail")
	}

	if out, err = runEnv(t, env, "contact", "purge", "--older-than", "365d"); err != nil || out != "purged 1 inquiries older than 365d\n" {
		t.Errorf("purge: %q %v", out, err)
	}
	if out, err = runEnv(t, env, "contact", "delete", "--email", "OLA@example.no"); err != nil || out != "deleted 1 inquiries and 2 pending notifications\n" { // the unit mail and the acknowledgement
		t.Errorf("delete: %q %v", out, err)
	}
	if _, err := runEnv(t, env, "contact", "delete"); err != cli.ErrUsage {
		t.Errorf("delete without --email: %v, want usage", err)
	}
	if _, err := runEnv(t, env, "contact", "purge", "--older-than", "soon"); err != cli.ErrUsage {
		t.Errorf("purge with bad age: %v, want usage", err)
	}
	out, _ = runEnv(t, env, "contact", "export")
	if strings.Count(out, "\n") != 2 {
		t.Errorf("after purge and delete:\n%s", out)
	}
}
