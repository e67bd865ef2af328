package config

import (
	"regexp"
	"strconv"
	"strings"

	"github.com/uio-partner/portal/internal/diag"
	"gopkg.in/yaml.v3"
)

var yamlLine = regexp.MustCompile(`^(?:yaml: )?line (\d+): (.*)$`)

// yamlDiagnostics turns a yaml.v3 error, whose messages carry "line N", into
// positioned diagnostics. offset is added to the line numbers (front matter
// starts below the opening delimiter).
func yamlDiagnostics(file string, offset int, err error) error {
	var msgs []string
	if te, ok := err.(*yaml.TypeError); ok {
		msgs = te.Errors
	} else {
		msgs = []string{err.Error()}
	}
	var list diag.List
	for _, m := range msgs {
		line := 0
		if sm := yamlLine.FindStringSubmatch(m); sm != nil {
			line, _ = strconv.Atoi(sm[1])
			m = sm[2]
		}
		m = strings.TrimPrefix(m, "yaml: ")
		if yamlParserProblems[m] {
			line++ // 0-based in yaml.v3's parser errors; no line means line 0
		}
		if line > 0 {
			line += offset
		}
		list.Add(diag.Errorf(file, line, 0, "invalid YAML: %s", m))
	}
	return list
}

// yamlParserProblems are the messages of yaml.v3's parser (as opposed to
// scanner) errors. yaml.v3 prints their line 0-based (parser.fail adds 1
// only for scanner errors), so "summary: [a" on line 4 was reported as
// line 3, and on line 1 with no line at all.
var yamlParserProblems = map[string]bool{
	"did not find expected <stream-start>":   true,
	"did not find expected <document start>": true,
	"did not find expected node content":     true,
	"did not find expected '-' indicator":    true,
	"did not find expected key":              true,
	"did not find expected ',' or ']'":       true,
	"did not find expected ',' or '}'":       true,
	"found undefined tag handle":             true,
	"found duplicate %YAML directive":        true,
	"found incompatible YAML document":       true,
	"found duplicate %TAG directive":         true,
}

// YAMLDiagnostics is yamlDiagnostics for other packages that parse YAML in files.
func YAMLDiagnostics(file string, lineOffset int, err error) error {
	return yamlDiagnostics(file, lineOffset, err)
}
