package storage

import (
	"context"

	"github.com/uio-partner/portal/internal/contact"
	"github.com/uio-partner/portal/internal/contact/postgres"
)

func openPostgres(ctx context.Context, dsn string) (contact.Store, error) {
	return postgres.Open(ctx, dsn)
}
