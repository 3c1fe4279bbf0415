package api

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"reflect"
	"strconv"
	"strings"
)

// maxBody is the largest request body accepted.
const maxBody = 1 << 20

// readBody returns the JSON body of r: 415 unless it is application/json,
// 413 when over maxBody.
func readBody(w http.ResponseWriter, r *http.Request) ([]byte, error) {
	return readBodyUpTo(w, r, maxBody)
}

// readBodyUpTo is readBody for a route taking bodies of up to limit bytes
// (documents sent in base64).
func readBodyUpTo(w http.ResponseWriter, r *http.Request, limit int64) ([]byte, error) {
	mt, params, err := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if err != nil || mt != "application/json" {
		return nil, &problem{Status: http.StatusUnsupportedMediaType,
			Detail: "Send the request body as JSON, with Content-Type: application/json."}
	}
	if cs, ok := params["charset"]; ok && !strings.EqualFold(cs, "utf-8") {
		return nil, &problem{Status: http.StatusUnsupportedMediaType,
			Detail: "Send the request body in UTF-8."}
	}
	data, err := io.ReadAll(http.MaxBytesReader(w, r.Body, limit))
	var tooBig *http.MaxBytesError
	if errors.As(err, &tooBig) {
		return nil, &problem{Status: http.StatusRequestEntityTooLarge,
			Detail: fmt.Sprintf("The request body is over %d bytes.", limit)}
	}
	if err != nil {
		return nil, &problem{Status: http.StatusBadRequest, Type: typeMalformed,
			Title: "The request could not be read", Detail: "The request body could not be read.", cause: err}
	}
	return data, nil
}

// decodeJSON reads r's body strictly into dst, a pointer to a struct.
func decodeJSON(w http.ResponseWriter, r *http.Request, dst any) error {
	data, err := readBody(w, r)
	if err != nil {
		return err
	}
	return decodeStrict(data, dst)
}

// decodeStrict decodes one JSON object into dst. Malformed JSON is a 400;
// fields dst does not have, and values of the wrong type, are a 422 naming
// every such field by its path.
func decodeStrict(data []byte, dst any) error {
	var generic any
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	if err := dec.Decode(&generic); err != nil {
		return malformed(err)
	}
	if _, err := dec.Token(); err != io.EOF {
		return malformedf("The request body must hold one JSON object and nothing after it.")
	}
	if _, ok := generic.(map[string]any); !ok {
		return malformedf("The request body must be a JSON object.")
	}
	fields := map[string]string{}
	checkShape(generic, reflect.TypeOf(dst).Elem(), "", fields)
	if len(fields) > 0 {
		return invalid(fields)
	}
	strict := json.NewDecoder(bytes.NewReader(data))
	strict.DisallowUnknownFields()
	if err := strict.Decode(dst); err != nil {
		return malformed(err) // checkShape should have caught it
	}
	return nil
}

// malformed is the 400 problem for JSON that does not parse.
func malformed(err error) *problem {
	var syn *json.SyntaxError
	switch {
	case errors.Is(err, io.EOF):
		return malformedf("The request body is empty: send a JSON object.")
	case errors.Is(err, io.ErrUnexpectedEOF):
		return malformedf("The request body is not valid JSON: it ends too soon.")
	case errors.As(err, &syn):
		return malformedf("The request body is not valid JSON: %s (at byte %d).", syn.Error(), syn.Offset)
	}
	return malformedf("The request body is not valid JSON: %s.", err.Error())
}

// malformedf is a 400 problem with a formatted detail.
func malformedf(format string, args ...any) *problem {
	return &problem{Status: http.StatusBadRequest, Type: typeMalformed,
		Title: "The request body is not valid JSON", Detail: fmt.Sprintf(format, args...)}
}

// checkShape compares a decoded JSON value with the Go type it will be
// decoded into, recording unknown fields and wrong types by path.
func checkShape(v any, t reflect.Type, path string, fields map[string]string) {
	if v == nil {
		return // null leaves the Go zero value
	}
	switch t.Kind() {
	case reflect.Pointer:
		checkShape(v, t.Elem(), path, fields)
	case reflect.Struct:
		checkStruct(v, t, path, fields)
	case reflect.Map:
		m, ok := v.(map[string]any)
		if !ok {
			fields[path] = "Must be an object, not " + jsonKind(v) + "."
			return
		}
		for k, e := range m {
			checkShape(e, t.Elem(), join(path, k), fields)
		}
	case reflect.Slice:
		a, ok := v.([]any)
		if !ok {
			fields[path] = "Must be a list, not " + jsonKind(v) + "."
			return
		}
		for i, e := range a {
			checkShape(e, t.Elem(), path+"["+strconv.Itoa(i)+"]", fields)
		}
	case reflect.Float32, reflect.Float64:
		if _, ok := v.(json.Number); !ok {
			fields[path] = "Must be a number, not " + jsonKind(v) + "."
		}
	default:
		if want := goKind(t); want != jsonKind(v) {
			fields[path] = "Must be " + want + ", not " + jsonKind(v) + "."
		}
	}
}

// checkStruct checks an object against a struct's json fields.
func checkStruct(v any, t reflect.Type, path string, fields map[string]string) {
	m, ok := v.(map[string]any)
	if !ok {
		fields[path] = "Must be an object, not " + jsonKind(v) + "."
		return
	}
	known := map[string]reflect.Type{}
	for i := range t.NumField() {
		f := t.Field(i)
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		if f.IsExported() && name != "" && name != "-" {
			known[name] = f.Type
		}
	}
	for k, e := range m {
		ft, ok := known[k]
		if !ok {
			fields[join(path, k)] = "This field is not recognised."
			continue
		}
		checkShape(e, ft, join(path, k), fields)
	}
}

// join appends a field name to a path.
func join(path, name string) string {
	if path == "" {
		return name
	}
	return path + "." + name
}

// jsonKind names the kind of a decoded JSON value, with its article.
func jsonKind(v any) string {
	switch v := v.(type) {
	case string:
		return "a string"
	case json.Number:
		if _, err := v.Int64(); err == nil {
			return "a whole number"
		}
		return "a number"
	case bool:
		return "true or false"
	case []any:
		return "a list"
	case map[string]any:
		return "an object"
	}
	return "null"
}

// goKind names the JSON kind a scalar Go type takes, as jsonKind does.
func goKind(t reflect.Type) string {
	switch t.Kind() {
	case reflect.String:
		return "a string"
	case reflect.Bool:
		return "true or false"
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return "a whole number"
	}
	return t.Kind().String()
}
