package contact

import (
	"context"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/binary"
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"
)

// Link actions: what a link in a mail does when its button is pressed.
const (
	LinkClaim    = "claim"
	LinkAnswered = "answered"
)

// LinkTTL is how long a link in a mail works.
const LinkTTL = 60 * 24 * time.Hour

// MinSecretLen is the shortest key accepted from PORTAL_SECRET or
// --secret-file: shorter is guessable.
const MinSecretLen = 32

// A token is base64url of: version (1 byte), expiry (Unix seconds, 4),
// action (1), a digest of the inquiry id (3), a digest of the recipient
// address (12), and the first 16 bytes of HMAC-SHA256 under the key over
// all of that and the full inquiry id. The MAC binds the id, the recipient,
// the action and the expiry; the digests in clear let a failure say what
// went wrong (another inquiry's link, a link for another address) and let
// the server tell which recipient clicked without the address in the URL.
const (
	tokenVersion = 1
	idDigestLen  = 3
	rcptLen      = 12
	macLen       = 16
	signedLen    = 1 + 4 + 1 + idDigestLen + rcptLen
	tokenLen     = signedLen + macLen
)

var actionCodes = map[string]byte{LinkClaim: 'c', LinkAnswered: 'a'}

// Keyring signs and checks link tokens. Checking accepts the current and
// the previous key, so a rotation does not break links already mailed.
type Keyring struct {
	mu       sync.RWMutex
	current  []byte
	previous []byte

	// reload, if set, fetches the keys again (they live in the database and
	// another instance may have rotated them); tried when no key fits.
	reload     func(ctx context.Context) (current, previous []byte, err error)
	lastReload time.Time
}

// NewKeyring returns a keyring with a current and an optional previous key.
func NewKeyring(current, previous []byte) *Keyring {
	return &Keyring{current: current, previous: previous}
}

// NewSecret returns a fresh random key.
func NewSecret() []byte {
	b := make([]byte, 32)
	_, _ = rand.Read(b) // crypto/rand.Read never fails (Go 1.24+)
	return b
}

// ReloadFrom makes the keyring fetch its keys with load when a token fits
// none of them, at most every ten seconds (forged tokens must not turn into
// a load on the database).
func (k *Keyring) ReloadFrom(load func(ctx context.Context) (current, previous []byte, err error)) {
	k.mu.Lock()
	defer k.mu.Unlock()
	k.reload = load
}

func (k *Keyring) keys() (current, previous []byte) {
	k.mu.RLock()
	defer k.mu.RUnlock()
	return k.current, k.previous
}

// Sign returns the token for action on inquiry id by recipient, valid until
// expires.
func (k *Keyring) Sign(id, recipient, action string, expires time.Time) string {
	cur, _ := k.keys()
	b := make([]byte, signedLen, tokenLen)
	b[0] = tokenVersion
	binary.BigEndian.PutUint32(b[1:5], uint32(expires.Unix()))
	b[5] = actionCodes[action]
	copy(b[6:6+idDigestLen], digest(id))
	copy(b[6+idDigestLen:], RecipientDigest(recipient))
	b = append(b, mac(cur, b, id)...)
	return base64.RawURLEncoding.EncodeToString(b)
}

// Link is what a valid token says.
type Link struct {
	Action  string
	Expires time.Time
	rcpt    []byte
}

// For reports whether the link was made for addr.
func (l *Link) For(addr string) bool { return hmac.Equal(l.rcpt, RecipientDigest(addr)) }

// Check verifies token for action on inquiry id at now. The error says what
// is wrong, for the person who clicked: EFORBIDDEN for a missing, damaged,
// forged, other inquiry's or other action's token; EGONE for an expired one.
func (k *Keyring) Check(ctx context.Context, token, id, action string, now time.Time) (*Link, error) {
	if token == "" {
		return nil, Errorf(EFORBIDDEN, "This link has no token. Open it again from the mail, as a whole.").Worded("linkNoToken")
	}
	b, err := base64.RawURLEncoding.DecodeString(token)
	if err != nil || len(b) != tokenLen || b[0] != tokenVersion {
		return nil, Errorf(EFORBIDDEN, "This link is incomplete or damaged: perhaps it was cut when it was copied. Open it again from the mail, as a whole.").Worded("linkDamaged")
	}
	signed, sum := b[:signedLen], b[signedLen:]
	if !k.verify(ctx, signed, sum, id) {
		if !hmac.Equal(b[6:6+idDigestLen], digest(id)) {
			return nil, Errorf(EFORBIDDEN, "This link belongs to another inquiry, not to this one.").Worded("linkOtherInquiry")
		}
		return nil, Errorf(EFORBIDDEN, "This link is not valid: it was changed, or it was not made by this portal.").Worded("linkForged")
	}
	l := &Link{Expires: time.Unix(int64(binary.BigEndian.Uint32(b[1:5])), 0), rcpt: b[6+idDigestLen : signedLen]}
	for a, c := range actionCodes {
		if c == b[5] {
			l.Action = a
		}
	}
	if l.Action != action {
		text := "linkIsAnsweredLink" // only two actions: the link is the other one
		if l.Action == LinkClaim {
			text = "linkIsTakeLink"
		}
		return nil, Errorf(EFORBIDDEN, "This is the %s link of the inquiry, not the %s link.", LinkLabel(l.Action), LinkLabel(action)).Worded(text)
	}
	if !now.Before(l.Expires) {
		return nil, Errorf(EGONE, "This link expired on %s: links work for %d days.",
			FormatStamp(l.Expires), int(LinkTTL/(24*time.Hour))).Worded("linkExpired", l.Expires, int(LinkTTL/(24*time.Hour)))
	}
	return l, nil
}

// Refresh fetches the keys again if they come from the database, so an
// instance picks up a rotation by another; a no-op otherwise.
func (k *Keyring) Refresh(ctx context.Context) error {
	k.mu.RLock()
	load := k.reload
	k.mu.RUnlock()
	if load == nil {
		return nil
	}
	cur, prev, err := load(ctx)
	if err != nil {
		return err
	}
	k.setKeys(cur, prev)
	return nil
}

func (k *Keyring) setKeys(cur, prev []byte) {
	k.mu.Lock()
	k.current, k.previous = cur, prev
	k.mu.Unlock()
}

// verify checks sum against the current and the previous key, reloading the
// keys once if neither fits.
func (k *Keyring) verify(ctx context.Context, signed, sum []byte, id string) bool {
	fits := func() bool {
		cur, prev := k.keys()
		return hmac.Equal(sum, mac(cur, signed, id)) || (prev != nil && hmac.Equal(sum, mac(prev, signed, id)))
	}
	if fits() {
		return true
	}
	k.mu.Lock()
	load := k.reload
	if load == nil || time.Since(k.lastReload) < 10*time.Second {
		k.mu.Unlock()
		return false
	}
	k.lastReload = time.Now()
	k.mu.Unlock()
	cur, prev, err := load(ctx)
	if err != nil {
		return false
	}
	k.setKeys(cur, prev)
	return fits()
}

// LinkLabel is the button text of an action, as the mails and pages show it.
func LinkLabel(action string) string {
	if action == LinkClaim {
		return "“I’ll take it”"
	}
	return "“Answered”"
}

// RecipientDigest identifies an address in a token without showing it.
func RecipientDigest(addr string) []byte {
	s := sha256.Sum256([]byte("rcpt\x00" + strings.ToLower(strings.TrimSpace(addr))))
	return s[:rcptLen]
}

func digest(id string) []byte {
	s := sha256.Sum256([]byte("id\x00" + id))
	return s[:idDigestLen]
}

func mac(key, signed []byte, id string) []byte {
	h := hmac.New(sha256.New, key)
	h.Write([]byte("portal inquiry link\x00"))
	h.Write(signed)
	h.Write([]byte(id))
	return h.Sum(nil)[:macLen]
}

// OpenKeyring returns the keyring for links, taking the keys from the first
// place that has them: secret and previous (PORTAL_SECRET,
// PORTAL_SECRET_PREVIOUS), then the file at path (--secret-file: the
// current key on its first line, the previous one on its second), then the
// store (Keys: beside an SQLite database, in PostgreSQL), where the first
// instance to start stores a fresh key, so that
// restarts keep links valid and instances on one database agree. It says
// which it used.
func OpenKeyring(ctx context.Context, keys Keys, secret, previous, path string, readFile func(string) ([]byte, error)) (*Keyring, string, error) {
	check := func(what, key string) error {
		if key != "" && len(key) < MinSecretLen {
			return fmt.Errorf("%s is %d characters long: a key needs at least %d (for example `openssl rand -hex 32`)", what, len(key), MinSecretLen)
		}
		return nil
	}
	switch {
	case secret != "":
		if err := errors.Join(check("PORTAL_SECRET", secret), check("PORTAL_SECRET_PREVIOUS", previous)); err != nil {
			return nil, "", err
		}
		return NewKeyring([]byte(secret), nonEmpty(previous)), "PORTAL_SECRET", nil
	case path != "":
		data, err := readFile(path)
		if err != nil {
			return nil, "", fmt.Errorf("--secret-file: %w", err)
		}
		lines := strings.Split(strings.TrimSpace(string(data)), "\n")
		cur, prev := strings.TrimSpace(lines[0]), ""
		if len(lines) > 1 {
			prev = strings.TrimSpace(lines[1])
		}
		if cur == "" {
			return nil, "", fmt.Errorf("--secret-file %s is empty", path)
		}
		if err := errors.Join(check(path+" line 1", cur), check(path+" line 2", prev)); err != nil {
			return nil, "", err
		}
		return NewKeyring([]byte(cur), nonEmpty(prev)), path, nil
	}
	load := func(ctx context.Context) ([]byte, []byte, error) { return keys.Secrets(ctx, NewSecret()) }
	cur, prev, err := load(ctx)
	if err != nil {
		return nil, "", err
	}
	k := NewKeyring(cur, prev)
	k.ReloadFrom(load)
	return k, "the store (SQLite: a .linkkey file beside the database; PostgreSQL: its secrets table)", nil
}

func nonEmpty(s string) []byte {
	if s == "" {
		return nil
	}
	return []byte(s)
}

// RotateStoredKey makes a new link-signing key current in the database and
// the current one previous, so links mailed before stay valid until the
// next rotation. A database that has no key yet gets one first, so there is
// a key to move. secret is PORTAL_SECRET (see StoredKeyInUse).
func RotateStoredKey(ctx context.Context, keys Keys, secret string) error {
	if err := StoredKeyInUse(secret); err != nil {
		return err
	}
	if _, _, err := keys.Secrets(ctx, NewSecret()); err != nil {
		return err
	}
	return keys.RotateSecret(ctx, NewSecret())
}

// StoredKeyInUse says why rotating the database's key would change
// nothing: while secret (PORTAL_SECRET) is set, that key is not used.
func StoredKeyInUse(secret string) error {
	if secret != "" {
		return errors.New("PORTAL_SECRET is set, so the key in the database is not used: rotate by moving PORTAL_SECRET to PORTAL_SECRET_PREVIOUS and setting a new PORTAL_SECRET")
	}
	return nil
}
