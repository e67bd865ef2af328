package storage

import (
	"context"

	"github.com/uio-partner/portal/internal/contact"
)

func openPostgres(ctx context.Context, dsn string) (contact.Store, error) {
	return nil, contact.Errorf(contact.EUNSUPPORTED, "postgres not built yet")
}
