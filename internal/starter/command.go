package starter

import (
	"context"
	"fmt"
	"strings"

	"github.com/uio-partner/portal/internal/cli"
	"github.com/uio-partner/portal/internal/contact/workday"
)

// Command is `portal init DIR --name NAME --languages sv,en --country SE`.
// Its help lists the languages a site can start in and the countries with
// a holiday calendar.
func Command(e *cli.Env) *cli.Command {
	run := func(ctx context.Context, args []string) error {
		fs := e.Flags("init", "DIR --name \"Karolinska Institutet\" --languages sv,en --country SE [--timezone ZONE] [--base-url URL]\n\n"+
			"Languages: "+strings.Join(Languages(), ", ")+" (the first is the default, served at /)\nCountries: "+workday.CountryList())
		var o Options
		var langs string
		fs.StringVar(&o.Name, "name", "", "the institution's name")
		fs.StringVar(&langs, "languages", "", "the site's languages, comma-separated, the default first")
		fs.StringVar(&o.Country, "country", "", "ISO 3166-1 code of the country whose public holidays working days skip")
		fs.StringVar(&o.Timezone, "timezone", "", "IANA time zone working days are counted in (default: the country's)")
		fs.StringVar(&o.BaseURL, "base-url", DefaultBaseURL, "the site's public address (change it in site.yaml later)")
		pos, err := cli.ParseInterspersed(fs, args)
		if err != nil {
			return err
		}
		if len(pos) != 1 {
			fmt.Fprintln(e.Stderr, "portal init: name one folder for the new site")
			fs.Usage()
			return cli.ErrUsage
		}
		o.Dir = pos[0]
		for _, l := range strings.Split(langs, ",") {
			if l = strings.TrimSpace(l); l != "" {
				o.Languages = append(o.Languages, l)
			}
		}
		written, err := Write(o)
		if err != nil {
			return err
		}
		fmt.Fprintf(e.Stdout, "wrote %d files into %s\nNext: cd %s && portal serve (README.md says what is where)\n", len(written), o.Dir, o.Dir)
		return nil
	}
	return &cli.Command{Name: "init", Summary: "start a new site in an empty folder: --name, --languages sv,en, --country SE", Run: run}
}
