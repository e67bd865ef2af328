package document

import (
	"bytes"
	"compress/zlib"
	"io"
)

// scriptNames are the PDF names of actions that run code or programs: a
// document offering them is refused. /OpenAction and /AA (actions on
// opening and on events) are harmless alone and run script only through
// these.
var scriptNames = map[string]bool{"JS": true, "JavaScript": true, "Launch": true}

// pdfScript refuses a PDF that holds script, in its objects or inside
// compressed streams (object streams can hide dictionaries there). Names
// are read with their #xx escapes decoded, so /J#61vaScript is caught.
// Inflating is bounded by maxInflated for the whole file.
func pdfScript(data []byte) error {
	budget := int64(maxInflated)
	var scan func(b []byte, depth int) error
	scan = func(b []byte, depth int) error {
		if name, ok := findScriptName(b); ok {
			return refuse("the PDF holds script (/%s): a document must not run code when it is opened; print it to PDF again without it", name)
		}
		if depth > 0 {
			return nil
		}
		for rest := b; ; {
			i := bytes.Index(rest, []byte("stream"))
			if i < 0 {
				return nil
			}
			rest = rest[i+len("stream"):]
			if bytes.HasPrefix(rest, []byte("\r\n")) {
				rest = rest[2:]
			} else if bytes.HasPrefix(rest, []byte("\n")) {
				rest = rest[1:]
			} else {
				continue // "endstream" or a word containing it
			}
			end := bytes.Index(rest, []byte("endstream"))
			if end < 0 {
				end = len(rest)
			}
			body := rest[:end]
			rest = rest[end:]
			if budget <= 0 {
				return refuse("the PDF's compressed streams unpack to more than %d MB: too much to check for script", maxInflated>>20)
			}
			zr, err := zlib.NewReader(bytes.NewReader(body))
			if err != nil {
				continue // not Flate: images and the like
			}
			inflated, _ := io.ReadAll(io.LimitReader(zr, budget+1))
			zr.Close()
			budget -= int64(len(inflated))
			if budget < 0 {
				return refuse("the PDF's compressed streams unpack to more than %d MB: too much to check for script", maxInflated>>20)
			}
			if err := scan(inflated, depth+1); err != nil {
				return err
			}
		}
	}
	return scan(data, 0)
}

// findScriptName finds a name of scriptNames in PDF syntax b.
func findScriptName(b []byte) (string, bool) {
	for i := 0; i < len(b); i++ {
		if b[i] != '/' {
			continue
		}
		var name []byte
		j := i + 1
		for ; j < len(b) && !delimiter(b[j]); j++ {
			c := b[j]
			if c == '#' && j+2 < len(b) {
				if h, ok := unhex(b[j+1], b[j+2]); ok {
					c = h
					j += 2
				}
			}
			name = append(name, c)
			if len(name) > 16 {
				break
			}
		}
		if scriptNames[string(name)] {
			return string(name), true
		}
		i = j - 1
	}
	return "", false
}

func delimiter(c byte) bool {
	switch c {
	case ' ', '\t', '\r', '\n', '\f', 0, '(', ')', '<', '>', '[', ']', '{', '}', '/', '%':
		return true
	}
	return false
}

func unhex(a, b byte) (byte, bool) {
	v := func(c byte) (byte, bool) {
		switch {
		case c >= '0' && c <= '9':
			return c - '0', true
		case c >= 'a' && c <= 'f':
			return c - 'a' + 10, true
		case c >= 'A' && c <= 'F':
			return c - 'A' + 10, true
		}
		return 0, false
	}
	x, ok1 := v(a)
	y, ok2 := v(b)
	return x<<4 | y, ok1 && ok2
}
