// Package portal holds the theme this repository ships, so that the
// binary carries it: `portal init` copies it into a new site (package
// internal/starter). The files stay where the example site uses them.
package portal

import "embed"

// Theme is the theme's layouts (with their theme strings per language and
// the archetypes) and its styles and scripts.
//
//go:embed all:layouts static/css static/js
var Theme embed.FS
