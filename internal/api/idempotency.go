package api

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"io"
	"net/http"
)

// maxKeyLength is the longest Idempotency-Key accepted.
const maxKeyLength = 255

// replayedHeaders are the response headers stored with an idempotent
// response and replayed with it.
var replayedHeaders = []string{"Content-Type", "Location", "ETag"}

// storedResponse is what the API stores as the body of an
// [IdempotentResponse]: the response body and the headers to replay.
type storedResponse struct {
	Header map[string]string `json:"header"`
	Body   []byte            `json:"body"`
}

// idempotent makes a creating POST safe to retry with an Idempotency-Key
// (draft-ietf-httpapi-idempotency-key-header). The key is reserved for the
// calling user before h runs; a successful response is stored and replayed
// to a retry with the same canonical body; a refused request releases the
// key, since it changed nothing. Requests without a key run as they are.
func (s *server) idempotent(h handlerFunc) handlerFunc { return s.idempotentUpTo(h, maxBody) }

// idempotentUpTo is idempotent for a route taking bodies of up to limit
// bytes.
func (s *server) idempotentUpTo(h handlerFunc, limit int64) handlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		key := r.Header.Get("Idempotency-Key")
		if key == "" {
			return h(w, r)
		}
		if len(key) > maxKeyLength {
			return invalid(map[string]string{"Idempotency-Key": "Must be 255 characters or fewer."})
		}
		data, err := readBodyUpTo(w, r, limit)
		if err != nil {
			return err
		}
		hash, err := canonicalHash(data)
		if err != nil {
			return malformed(err)
		}
		user := actorOf(r).UserID
		stored, err := s.Idempotency.Reserve(r.Context(), user, key, r.Method, r.URL.Path, hash)
		if err != nil {
			return err
		}
		if stored != nil {
			return replay(w, stored)
		}
		r.Body = io.NopCloser(bytes.NewReader(data))
		return s.runReserved(w, r, h, user, key)
	}
}

// runReserved runs h for a reserved key, then stores its response or
// releases the key.
func (s *server) runReserved(w http.ResponseWriter, r *http.Request, h handlerFunc, user, key string) error {
	ctx := context.WithoutCancel(r.Context())
	rec := &recorder{header: http.Header{}}
	if err := h(rec, r); err != nil {
		s.release(ctx, user, key)
		return err
	}
	if rec.status < 200 || rec.status > 299 {
		s.release(ctx, user, key)
	} else if err := s.complete(ctx, user, key, rec); err != nil {
		// The change is made: answer it, and let a retry find the key busy
		// rather than repeat the change.
		s.log.ErrorContext(ctx, "store idempotent response", append(logID(ctx), "error", err.Error())...)
	}
	for k, v := range rec.header {
		w.Header()[k] = v
	}
	w.WriteHeader(rec.status)
	_, _ = w.Write(rec.body.Bytes())
	return nil
}

// complete stores rec as the response of the key.
func (s *server) complete(ctx context.Context, user, key string, rec *recorder) error {
	sr := storedResponse{Header: map[string]string{}, Body: rec.body.Bytes()}
	for _, h := range replayedHeaders {
		if v := rec.header.Get(h); v != "" {
			sr.Header[h] = v
		}
	}
	b, err := json.Marshal(sr)
	if err != nil {
		return err
	}
	return s.Idempotency.Complete(ctx, user, key, rec.status, b)
}

// release forgets the key, logging a failure (the key then expires).
func (s *server) release(ctx context.Context, user, key string) {
	if err := s.Idempotency.Release(ctx, user, key); err != nil {
		s.log.ErrorContext(ctx, "release idempotency key", append(logID(ctx), "error", err.Error())...)
	}
}

// replay answers with a stored response.
func replay(w http.ResponseWriter, stored *IdempotentResponse) error {
	var sr storedResponse
	if err := json.Unmarshal(stored.Body, &sr); err != nil {
		return err
	}
	for k, v := range sr.Header {
		w.Header().Set(k, v)
	}
	w.Header().Set("Idempotent-Replayed", "true")
	w.WriteHeader(stored.Status)
	_, _ = w.Write(sr.Body)
	return nil
}

// canonicalHash returns the SHA-256 of the canonical form of a JSON body:
// object keys sorted, insignificant space removed, numbers as written.
func canonicalHash(data []byte) (string, error) {
	var v any
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	if err := dec.Decode(&v); err != nil {
		return "", err
	}
	b, err := json.Marshal(v)
	if err != nil {
		return "", err
	}
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:]), nil
}

// recorder captures a response so that it can be stored before it is sent.
type recorder struct {
	header http.Header
	status int
	body   bytes.Buffer
}

// Header implements http.ResponseWriter.
func (r *recorder) Header() http.Header { return r.header }

// WriteHeader implements http.ResponseWriter.
func (r *recorder) WriteHeader(status int) {
	if r.status == 0 {
		r.status = status
	}
}

// Write implements http.ResponseWriter.
func (r *recorder) Write(b []byte) (int, error) {
	r.WriteHeader(http.StatusOK)
	return r.body.Write(b)
}
