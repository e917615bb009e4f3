package apifytest

import (
	"hash/fnv"
	"math/rand/v2"
	"net/http"
)

// rateLimitStorm answers a share of the requests for each dispatch with
// 429. Whether the n-th request for a dispatch is refused depends only on
// the seed, the dispatch ID and n, so a storm plays out the same whatever
// order parallel requests arrive in.
type rateLimitStorm struct {
	fraction float64
	seed     uint64
	served   map[string]uint64
}

// SetRateLimitStorm makes the server answer about fraction (0 to 1) of
// the requests for single dispatches with 429 Too Many Requests, without
// Retry-After. A fraction of 0 ends the storm.
func (s *Server) SetRateLimitStorm(fraction float64, seed uint64) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.storm = rateLimitStorm{fraction: fraction, seed: seed, served: map[string]uint64{}}
}

// RateLimited returns how many requests the storm has refused so far.
func (s *Server) RateLimited() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.rateLimited
}

// hits reports whether the storm refuses this request for id; the caller
// holds s.mu.
func (st *rateLimitStorm) hits(id string) bool {
	if st.fraction <= 0 {
		return false
	}
	n := st.served[id]
	st.served[id] = n + 1
	h := fnv.New64a()
	_, _ = h.Write([]byte(id))
	return rand.New(rand.NewPCG(st.seed, h.Sum64()^n)).Float64() < st.fraction
}

func rateLimitedFault() Fault {
	return Status(http.StatusTooManyRequests, "rate-limit-exceeded", "You have exceeded the rate limit. Please try again later.")
}
