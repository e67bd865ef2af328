// Package pgtest gives each test binary a PostgreSQL database of its own, so
// that packages testing against PostgreSQL can run at the same time (go test
// runs packages in parallel) without emptying each other's tables.
//
// The server is the one PORTAL_TEST_POSTGRES names (scripts/with-postgres.sh
// starts a throwaway one). A package that uses DSN calls Main from its
// TestMain, which drops the database when the package's tests are done.
package pgtest

import (
	"context"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"

	"github.com/jackc/pgx/v5"
)

// EnvDSN is the variable naming the test server's database.
const EnvDSN = "PORTAL_TEST_POSTGRES"

var (
	once    sync.Once
	created string // this binary's database URL, once made
	name    string // and its name
	errMake error
)

// DSN returns the URL of this test binary's own database, creating it on
// first use. Without PORTAL_TEST_POSTGRES the test is skipped, except under
// CI, where a silent skip would hide the PostgreSQL path.
func DSN(tb testing.TB) string {
	tb.Helper()
	admin := os.Getenv(EnvDSN)
	if admin == "" {
		if os.Getenv("CI") != "" {
			tb.Fatal(EnvDSN + " is unset under CI: run the tests through scripts/with-postgres.sh")
		}
		tb.Skip(EnvDSN + " unset; run through scripts/with-postgres.sh to test PostgreSQL")
	}
	once.Do(func() { created, errMake = makeDatabase(admin) })
	if errMake != nil {
		tb.Fatal(errMake)
	}
	return created
}

// unsafeName matches what may not appear in an unquoted database name.
var unsafeName = regexp.MustCompile(`[^a-z0-9_]+`)

// makeDatabase creates a database named after the test binary and the
// process (two runs of one package may overlap), replacing any leftover of
// the same name.
func makeDatabase(admin string) (string, error) {
	ctx := context.Background()
	cfg, err := pgx.ParseConfig(admin)
	if err != nil {
		return "", fmt.Errorf("%s: %w", EnvDSN, err)
	}
	bin := strings.TrimSuffix(strings.ToLower(filepath.Base(os.Args[0])), ".test")
	name = fmt.Sprintf("portal_%s_%d", unsafeName.ReplaceAllString(bin, "_"), os.Getpid())
	conn, err := pgx.ConnectConfig(ctx, cfg)
	if err != nil {
		return "", err
	}
	defer conn.Close(ctx)
	if _, err := conn.Exec(ctx, "DROP DATABASE IF EXISTS "+name); err != nil {
		return "", err
	}
	if _, err := conn.Exec(ctx, "CREATE DATABASE "+name); err != nil {
		return "", err
	}
	return withDatabase(admin, name)
}

// withDatabase returns the connection string admin with its database
// replaced by db: a postgres:// URL gets a new path; in a key=value string a
// later dbname wins.
func withDatabase(admin, db string) (string, error) {
	if !strings.HasPrefix(admin, "postgres://") && !strings.HasPrefix(admin, "postgresql://") {
		return admin + " dbname=" + db, nil
	}
	u, err := url.Parse(admin)
	if err != nil {
		return "", fmt.Errorf("%s: %w", EnvDSN, err)
	}
	u.Path = "/" + db
	return u.String(), nil
}

// Main runs the package's tests and then drops its database, if one was made.
func Main(m *testing.M) {
	code := m.Run()
	if created != "" {
		ctx := context.Background()
		if conn, err := pgx.Connect(ctx, os.Getenv(EnvDSN)); err == nil {
			// WITH (FORCE): pools a failed test left open must not keep it.
			if _, err := conn.Exec(ctx, "DROP DATABASE IF EXISTS "+name+" WITH (FORCE)"); err != nil {
				fmt.Fprintf(os.Stderr, "pgtest: %v\n", err)
			}
			conn.Close(ctx)
		}
	}
	os.Exit(code)
}
