package fitness

// IdempotentResponse is the stored outcome of an API request made with an
// Idempotency-Key, replayed when the same request is retried. Storage keeps
// it; the API declares the store's interface in terms of it.
type IdempotentResponse struct {
	Status int
	Body   []byte
}
