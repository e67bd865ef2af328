package contacthttp

import (
	"bytes"
	"encoding/json"
	"errors"
	"mime"
	"mime/multipart"
	"net/url"
	"strings"
	"unicode/utf8"

	"github.com/uio-partner/portal/internal/contact"
)

// MaxBody is the largest request body accepted: a long inquiry is a few KB.
const MaxBody = 32 << 10

// Media types the endpoint parses.
const (
	typeURLEncoded = "application/x-www-form-urlencoded"
	typeMultipart  = "multipart/form-data"
	typeJSON       = "application/json"
)

// mediaType returns the body's media type and parameters, or EUNSUPPORTED if
// it is not one we parse, so a wrong type is refused before reading the body.
func mediaType(header string) (string, map[string]string, error) {
	mt, params, err := mime.ParseMediaType(header)
	if err != nil {
		return "", nil, contact.Errorf(contact.EUNSUPPORTED, "unreadable content type")
	}
	switch mt {
	case typeURLEncoded, typeMultipart, typeJSON:
	default:
		return "", nil, contact.Errorf(contact.EUNSUPPORTED, "unsupported content type %q", mt)
	}
	if cs := params["charset"]; cs != "" && !strings.EqualFold(cs, "utf-8") {
		return "", nil, contact.Errorf(contact.EUNSUPPORTED, "unsupported charset %q: use UTF-8", cs)
	}
	return mt, params, nil
}

// ParseForm parses a request body of the given Content-Type into a Form. It
// returns EUNSUPPORTED for other types and EMALFORMED for bodies that do not
// parse or are not UTF-8. Only fields (contact.FormFields) are kept, first
// value wins.
func ParseForm(contentType string, body []byte, fields []string) (contact.Form, error) {
	mt, params, err := mediaType(contentType)
	if err != nil {
		return nil, err
	}
	var values url.Values
	switch mt {
	case typeURLEncoded:
		values, err = url.ParseQuery(string(body))
	case typeMultipart:
		values, err = parseMultipart(body, params["boundary"])
	case typeJSON:
		values, err = parseJSON(body)
	}
	if err != nil {
		return nil, malformed(err)
	}
	for name, vs := range values {
		for _, v := range vs {
			if !utf8.ValidString(name) || !utf8.ValidString(v) {
				return nil, contact.Errorf(contact.EMALFORMED, "the body is not UTF-8")
			}
		}
	}
	f := contact.Form{}
	for _, name := range fields {
		if v := values.Get(name); v != "" {
			f[name] = v
		}
	}
	return f, nil
}

func malformed(err error) error {
	var e *contact.Error
	if errors.As(err, &e) {
		return e
	}
	return contact.Errorf(contact.EMALFORMED, "malformed body")
}

func parseMultipart(body []byte, boundary string) (url.Values, error) {
	if boundary == "" {
		return nil, errors.New("multipart without boundary")
	}
	form, err := multipart.NewReader(bytes.NewReader(body), boundary).ReadForm(MaxBody)
	if err != nil {
		return nil, err
	}
	defer form.RemoveAll()
	return url.Values(form.Value), nil
}

// parseJSON reads a flat object of strings. consent may also be true, and
// started a number, as scripts naturally send them.
func parseJSON(body []byte) (url.Values, error) {
	if !utf8.Valid(body) {
		// encoding/json would silently replace bad bytes; refuse instead.
		return nil, contact.Errorf(contact.EMALFORMED, "body is not UTF-8")
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber()
	var obj map[string]any
	if err := dec.Decode(&obj); err != nil {
		return nil, err
	}
	if dec.More() {
		return nil, errors.New("trailing data after JSON object")
	}
	values := url.Values{}
	for k, v := range obj {
		switch v := v.(type) {
		case string:
			values.Set(k, v)
		case json.Number:
			values.Set(k, v.String())
		case bool:
			if v {
				values.Set(k, "yes")
			}
		case nil:
		default:
			return nil, contact.Errorf(contact.EMALFORMED, "field %s must be a string", k)
		}
	}
	return values, nil
}
