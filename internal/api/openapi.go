package api

import (
	_ "embed"
	"encoding/json"
	"fmt"
	"net/http"

	"go.yaml.in/yaml/v3"
)

// contractYAML is the API contract as written and reviewed.
//
//go:embed openapi.yaml
var contractYAML []byte

// ContractYAML returns the API contract (OpenAPI 3.1) as written.
func ContractYAML() []byte { return append([]byte(nil), contractYAML...) }

// ContractJSON returns the API contract converted to JSON (keys sorted).
func ContractJSON() ([]byte, error) {
	var doc any
	if err := yaml.Unmarshal(contractYAML, &doc); err != nil {
		return nil, fmt.Errorf("api: read openapi.yaml: %w", err)
	}
	v, err := jsonValue(doc)
	if err != nil {
		return nil, fmt.Errorf("api: convert openapi.yaml: %w", err)
	}
	b, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		return nil, fmt.Errorf("api: convert openapi.yaml: %w", err)
	}
	return b, nil
}

// jsonValue turns a decoded YAML value into one JSON can encode: mappings
// must have string keys (quote numeric keys such as response codes).
func jsonValue(v any) (any, error) {
	switch v := v.(type) {
	case map[string]any:
		out := make(map[string]any, len(v))
		for k, e := range v {
			j, err := jsonValue(e)
			if err != nil {
				return nil, fmt.Errorf("%s: %w", k, err)
			}
			out[k] = j
		}
		return out, nil
	case map[any]any:
		return nil, fmt.Errorf("a mapping has a key that is not a string")
	case []any:
		out := make([]any, len(v))
		for i, e := range v {
			j, err := jsonValue(e)
			if err != nil {
				return nil, fmt.Errorf("[%d]: %w", i, err)
			}
			out[i] = j
		}
		return out, nil
	}
	return v, nil
}

// getOpenAPI serves the contract as JSON.
func (s *server) getOpenAPI(w http.ResponseWriter, r *http.Request) error {
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "public, max-age=300")
	_, _ = w.Write(s.contract)
	return nil
}
