// Package locale writes dates as a language's readers write them, by the
// CLDR data of the site.yaml language's locale (languages[].locale, such as
// sv_SE or en_GB), through github.com/go-playground/locales: "1 maj 2024"
// in Swedish, "1. mai 2024" in Norwegian, "1 May 2024" in British English.
// No month or weekday name is written here by hand.
package locale

//go:generate go run ./gen
