package contact_test

import (
	"context"
	"encoding/base64"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/uio-partner/portal/internal/contact"
	"github.com/uio-partner/portal/internal/contact/sqlite"
)

var (
	keyA = []byte("key-a-key-a-key-a-key-a-key-a-00")
	keyB = []byte("key-b-key-b-key-b-key-b-key-b-00")
	keyC = []byte("key-c-key-c-key-c-key-c-key-c-00")
)

func TestTokenCases(t *testing.T) {
	ctx := context.Background()
	now := time.Date(2026, 12, 1, 12, 0, 0, 0, time.UTC)
	k := contact.NewKeyring(keyA, nil)
	good := k.Sign("inq1", "unit@example.org", contact.LinkClaim, now.Add(contact.LinkTTL))
	raw, _ := base64.RawURLEncoding.DecodeString(good)
	flip := func(i int) string {
		b := append([]byte(nil), raw...)
		b[i] ^= 1
		return base64.RawURLEncoding.EncodeToString(b)
	}
	tests := []struct {
		name, token, id, action string
		at                      time.Time
		code, says              string
	}{
		{"valid", good, "inq1", contact.LinkClaim, now, "", ""},
		{"missing", "", "inq1", contact.LinkClaim, now, contact.EFORBIDDEN, "no token"},
		{"truncated", good[:len(good)-5], "inq1", contact.LinkClaim, now, contact.EFORBIDDEN, "incomplete"},
		{"not base64", "!!!" + good, "inq1", contact.LinkClaim, now, contact.EFORBIDDEN, "incomplete"},
		{"forged mac", flip(len(raw) - 1), "inq1", contact.LinkClaim, now, contact.EFORBIDDEN, "not valid"},
		{"forged expiry", flip(2), "inq1", contact.LinkClaim, now, contact.EFORBIDDEN, "not valid"},
		{"forged recipient", flip(12), "inq1", contact.LinkClaim, now, contact.EFORBIDDEN, "not valid"},
		{"other inquiry", good, "inq2", contact.LinkClaim, now, contact.EFORBIDDEN, "another inquiry"},
		{"wrong action", good, "inq1", contact.LinkAnswered, now, contact.EFORBIDDEN, "“I’ll take it” link"},
		{"expired", good, "inq1", contact.LinkClaim, now.Add(contact.LinkTTL), contact.EGONE, "expired on 2027-01-30"},
		{"other key", contact.NewKeyring(keyB, nil).Sign("inq1", "unit@example.org", contact.LinkClaim, now.Add(time.Hour)), "inq1", contact.LinkClaim, now, contact.EFORBIDDEN, "not valid"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			l, err := k.Check(ctx, tt.token, tt.id, tt.action, tt.at)
			if contact.ErrorCode(err) != tt.code || !strings.Contains(contact.ErrorMessage(err), tt.says) {
				t.Fatalf("Check = %v; want code %q saying %q", err, tt.code, tt.says)
			}
			if err == nil && (!l.For("UNIT@example.org") || l.For("other@example.org")) {
				t.Errorf("link not bound to its recipient")
			}
		})
	}
}

// TestTokenRotation: after a rotation the previous key still checks links
// already mailed; two rotations later it does not.
func TestTokenRotation(t *testing.T) {
	ctx := context.Background()
	now := time.Now()
	old := contact.NewKeyring(keyA, nil).Sign("inq", "u@example.org", contact.LinkAnswered, now.Add(time.Hour))
	if _, err := contact.NewKeyring(keyB, keyA).Check(ctx, old, "inq", contact.LinkAnswered, now); err != nil {
		t.Errorf("previous key refused: %v", err)
	}
	if _, err := contact.NewKeyring(keyC, keyB).Check(ctx, old, "inq", contact.LinkAnswered, now); contact.ErrorCode(err) != contact.EFORBIDDEN {
		t.Errorf("a key two rotations old accepted: %v", err)
	}
	// An instance that has not seen a rotation by another fetches the keys
	// again when a link fits none of its own.
	stale := contact.NewKeyring(keyA, nil)
	stale.ReloadFrom(func(context.Context) ([]byte, []byte, error) { return keyB, keyA, nil })
	fresh := contact.NewKeyring(keyB, keyA).Sign("inq", "u@example.org", contact.LinkClaim, now.Add(time.Hour))
	if _, err := stale.Check(ctx, fresh, "inq", contact.LinkClaim, now); err != nil {
		t.Errorf("a stale instance refused a link signed with the new key: %v", err)
	}
}

func TestOpenKeyring(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	file := filepath.Join(dir, "secret")
	if err := os.WriteFile(file, []byte(string(keyB)+"\n"+string(keyA)+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	short := filepath.Join(dir, "short")
	_ = os.WriteFile(short, []byte("tooshort\n"), 0o600)
	now := time.Now()
	byA := contact.NewKeyring(keyA, nil).Sign("i", "u@example.org", contact.LinkClaim, now.Add(time.Hour))
	db, err := sqlite.Open(ctx, filepath.Join(dir, "c.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	for _, tc := range []struct {
		name, secret, previous, file, source string
		acceptsA                             bool
	}{
		{"env", string(keyA), "", "", "PORTAL_SECRET", true},
		{"env with previous", string(keyB), string(keyA), "", "PORTAL_SECRET", true},
		{"env wins over file", string(keyC), "", file, "PORTAL_SECRET", false},
		{"file", "", "", file, file, true},
		{"database", "", "", "", "the store (SQLite: a .linkkey file beside the database; PostgreSQL: its secrets table)", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			k, source, err := contact.OpenKeyring(ctx, db, tc.secret, tc.previous, tc.file, os.ReadFile)
			if err != nil || source != tc.source {
				t.Fatalf("OpenKeyring = %s, %v; want from %s", source, err, tc.source)
			}
			if _, err := k.Check(ctx, byA, "i", contact.LinkClaim, now); (err == nil) != tc.acceptsA {
				t.Errorf("link signed with key A: %v, want accepted=%v", err, tc.acceptsA)
			}
		})
	}
	k1, _, _ := contact.OpenKeyring(ctx, db, "", "", "", os.ReadFile)
	k2, _, _ := contact.OpenKeyring(ctx, db, "", "", "", os.ReadFile) // a restart, or a second instance
	if _, err := k2.Check(ctx, k1.Sign("i", "u@example.org", contact.LinkClaim, now.Add(time.Hour)), "i", contact.LinkClaim, now); err != nil {
		t.Errorf("the database key changed between starts: %v", err)
	}
	for _, bad := range []struct{ secret, file string }{{"tooshort", ""}, {"", short}, {"", filepath.Join(dir, "missing")}} {
		if _, _, err := contact.OpenKeyring(ctx, db, bad.secret, "", bad.file, os.ReadFile); err == nil {
			t.Errorf("OpenKeyring(%q, %q) accepted", bad.secret, bad.file)
		}
	}
}

// TestClientHasher: a client's network is stored only as a keyed hash, the
// same for the same network within a day, and another one the next day,
// under a key that exists only in memory.
func TestClientHasher(t *testing.T) {
	var c contact.ClientHasher
	now := time.Date(2027, 3, 1, 10, 0, 0, 0, time.UTC)
	a, again, other := c.Key("192.0.2.1/32", now), c.Key("192.0.2.1/32", now.Add(time.Hour)), c.Key("2001:db8::/64", now)
	if a != again || a == other || strings.Contains(a, "192") || len(a) != 24 {
		t.Errorf("Key: %q %q %q", a, again, other)
	}
	if next := c.Key("192.0.2.1/32", now.Add(24*time.Hour)); next == a {
		t.Error("the client key survived the day")
	}
	var d contact.ClientHasher
	if d.Key("192.0.2.1/32", now) == a {
		t.Error("two hashers (a restart) share a key")
	}
}

// RotateStoredKey makes a new key current and keeps the one before for
// checking; a database without a key gets one first. With PORTAL_SECRET set
// it refuses: the database's key is not in use.
func TestRotateStoredKey(t *testing.T) {
	ctx := context.Background()
	db := openDB(t)
	if err := contact.RotateStoredKey(ctx, db, ""); err != nil {
		t.Fatal(err)
	}
	first, prev, _ := db.Secrets(ctx, contact.NewSecret())
	if len(first) == 0 || len(prev) == 0 {
		t.Fatalf("after rotating a database without a key: current %x, previous %x; want both", first, prev)
	}
	if err := contact.RotateStoredKey(ctx, db, ""); err != nil {
		t.Fatal(err)
	}
	cur, prev, _ := db.Secrets(ctx, contact.NewSecret())
	if string(prev) != string(first) || string(cur) == string(first) {
		t.Errorf("after a second rotation the previous key is %x, want %x", prev, first)
	}
	if err := contact.RotateStoredKey(ctx, db, strings.Repeat("k", 40)); err == nil || !strings.Contains(err.Error(), "PORTAL_SECRET is set") {
		t.Errorf("with PORTAL_SECRET set: %v", err)
	}
	if again, _, _ := db.Secrets(ctx, contact.NewSecret()); string(again) != string(cur) {
		t.Error("a refused rotation changed the key")
	}
}
