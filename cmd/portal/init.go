package main

import (
	"context"
	"fmt"
	"strings"

	"github.com/uio-partner/portal/internal/cli"
	"github.com/uio-partner/portal/internal/contact/workday"
	"github.com/uio-partner/portal/internal/starter"
)

// runInit is `portal init DIR --name NAME --languages sv,en --country SE`.
func (m *Main) runInit(ctx context.Context, args []string) error {
	fs := m.Flags("init", "DIR --name \"Karolinska Institutet\" --languages sv,en --country SE [--timezone ZONE] [--base-url URL]\n\n"+
		"Languages: "+strings.Join(starter.Languages(), ", ")+" (the first is the default, served at /)\nCountries: "+workday.CountryList())
	var o starter.Options
	var langs string
	fs.StringVar(&o.Name, "name", "", "the institution's name")
	fs.StringVar(&langs, "languages", "", "the site's languages, comma-separated, the default first")
	fs.StringVar(&o.Country, "country", "", "ISO 3166-1 code of the country whose public holidays working days skip")
	fs.StringVar(&o.Timezone, "timezone", "", "IANA time zone working days are counted in (default: the country's)")
	fs.StringVar(&o.BaseURL, "base-url", starter.DefaultBaseURL, "the site's public address (change it in site.yaml later)")
	pos, err := cli.ParseInterspersed(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		fmt.Fprintln(m.Stderr, "portal init: name one folder for the new site")
		fs.Usage()
		return cli.ErrUsage
	}
	o.Dir = pos[0]
	for _, l := range strings.Split(langs, ",") {
		if l = strings.TrimSpace(l); l != "" {
			o.Languages = append(o.Languages, l)
		}
	}
	written, err := starter.Write(o)
	if err != nil {
		return err
	}
	fmt.Fprintf(m.Stdout, "wrote %d files into %s\nNext: cd %s && portal serve (README.md says what is where)\n", len(written), o.Dir, o.Dir)
	return nil
}
