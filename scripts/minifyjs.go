//go:build ignore

// minifyjs minifies JavaScript from stdin to stdout with the site build's
// minifier (tdewolff/minify), for scripts/snowball-js.sh.
//
//	go run scripts/minifyjs.go < in.js > out.js
package main

import (
	"os"

	"github.com/tdewolff/minify/v2/js"
)

func main() {
	if err := js.Minify(nil, os.Stdout, os.Stdin, nil); err != nil {
		os.Stderr.WriteString("minifyjs: " + err.Error() + "\n")
		os.Exit(1)
	}
}
