package api

import (
	"errors"
	"net/http"
	"testing"

	"github.com/google/go-cmp/cmp"

	"fitness/internal/fitness"
)

func TestDecodeStrict(t *testing.T) {
	tests := []struct {
		name   string
		body   string
		status int
		fields []fieldError
	}{
		{"good", `{"received_on":"2026-01-02","subjects":[{"name":"A"}]}`, 0, nil},
		{"empty", ``, http.StatusBadRequest, nil},
		{"spaces", "  \n", http.StatusBadRequest, nil},
		{"syntax", `{"summary": }`, http.StatusBadRequest, nil},
		{"truncated", `{"summary": "x"`, http.StatusBadRequest, nil},
		{"two values", `{} {}`, http.StatusBadRequest, nil},
		{"array", `[]`, http.StatusBadRequest, nil},
		{"string", `"x"`, http.StatusBadRequest, nil},
		{"null", `null`, http.StatusBadRequest, nil},
		{"unknown fields with paths", `{"colour":1,"subjects":[{"name":"A"},{"nickname":"B"}]}`,
			http.StatusUnprocessableEntity, []fieldError{
				{"colour", "This field is not recognised."},
				{"subjects[1].nickname", "This field is not recognised."},
			}},
		{"wrong types", `{"summary":3,"subjects":{"name":"A"},"source":true}`,
			http.StatusUnprocessableEntity, []fieldError{
				{"source", "Must be a string, not true or false."},
				{"subjects", "Must be a list, not an object."},
				{"summary", "Must be a string, not a whole number."},
			}},
		{"wrong type in list", `{"subjects":["A"]}`, http.StatusUnprocessableEntity,
			[]fieldError{{"subjects[0]", "Must be an object, not a string."}}},
		{"nulls leave zero values", `{"summary":null,"subjects":null}`, 0, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var dst concernInputJSON
			err := decodeStrict([]byte(tt.body), &dst)
			if tt.status == 0 {
				if err != nil {
					t.Fatalf("decodeStrict: %v", err)
				}
				return
			}
			var p *problem
			if !errors.As(err, &p) {
				t.Fatalf("decodeStrict = %v, want a problem", err)
			}
			if p.Status != tt.status || p.Detail == "" {
				t.Errorf("status %d detail %q, want status %d and a detail", p.Status, p.Detail, tt.status)
			}
			if diff := cmp.Diff(tt.fields, p.Errors); diff != "" {
				t.Errorf("errors (-want +got):\n%s", diff)
			}
		})
	}
}

func TestDecodeStrictMap(t *testing.T) {
	var dst actionRequestJSON
	err := decodeStrict([]byte(`{"action":"x","input":{"a":"1","b":2}}`), &dst)
	var p *problem
	if !errors.As(err, &p) || len(p.Errors) != 1 || p.Errors[0].Field != "input.b" {
		t.Fatalf("decodeStrict = %v, want one error on input.b", err)
	}
}

func TestCheckIfMatch(t *testing.T) {
	c := fitness.Case{Reference: "FTP-2026-00001", Version: 3}
	tests := []struct {
		name   string
		values []string
		status int
	}{
		{"missing", nil, http.StatusPreconditionRequired},
		{"star", []string{"*"}, http.StatusPreconditionRequired},
		{"current", []string{`"v3"`}, 0},
		{"in a list", []string{`"v1", "v3"`}, 0},
		{"in a second header", []string{`"v1"`, `"v3"`}, 0},
		{"stale", []string{`"v2"`}, http.StatusPreconditionFailed},
		{"weak never matches", []string{`W/"v3"`}, http.StatusPreconditionFailed},
		{"unquoted", []string{`v3`}, http.StatusPreconditionFailed},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := checkIfMatch(tt.values, c)
			if tt.status == 0 {
				if err != nil {
					t.Fatalf("checkIfMatch: %v", err)
				}
				return
			}
			if p := problemFor(err); p.Status != tt.status {
				t.Errorf("status %d, want %d", p.Status, tt.status)
			}
		})
	}
}

func TestCanonicalHash(t *testing.T) {
	a, err := canonicalHash([]byte(`{"b": [1, 2.50], "a": {"y": "é", "x": null}}`))
	if err != nil {
		t.Fatal(err)
	}
	b, _ := canonicalHash([]byte("{\"a\":{\"x\":null,\"y\":\"\\u00e9\"},\n\"b\":[1,2.50]}"))
	if a != b {
		t.Errorf("the same JSON written two ways hashes differently")
	}
	c, _ := canonicalHash([]byte(`{"b": [1, 2.5], "a": {"y": "é", "x": null}}`))
	if a == c {
		t.Errorf("different numbers hash the same")
	}
}

func TestProblemFor(t *testing.T) {
	tests := []struct {
		err    error
		status int
	}{
		{fitness.Errorf(fitness.EInvalid, "bad"), http.StatusUnprocessableEntity},
		{fitness.Errorf(fitness.ENotFound, "no"), http.StatusNotFound},
		{fitness.Errorf(fitness.EConflict, "dup"), http.StatusConflict},
		{fitness.Errorf(fitness.EForbidden, "may not"), http.StatusForbidden},
		{fitness.Errorf(fitness.EUnauthorized, "who"), http.StatusUnauthorized},
		{errors.New("disk on fire"), http.StatusInternalServerError},
	}
	for _, tt := range tests {
		p := problemFor(tt.err)
		if p.Status != tt.status {
			t.Errorf("problemFor(%v) status %d, want %d", tt.err, p.Status, tt.status)
		}
		if tt.status == 500 && p.Detail == "disk on fire" {
			t.Errorf("an internal error's message is shown")
		}
	}
}

func FuzzDecodeStrict(f *testing.F) {
	for _, s := range []string{`{}`, `{"subjects":[{"name":"A"}]}`, `{"x":1}`, `[`, `{"summary":"\u00e9"}`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		var dst concernInputJSON
		err := decodeStrict(data, &dst)
		if err == nil {
			return
		}
		var p *problem
		if !errors.As(err, &p) || (p.Status != 400 && p.Status != 422) {
			t.Fatalf("decodeStrict(%q) = %v, want a 400 or 422 problem", data, err)
		}
	})
}
