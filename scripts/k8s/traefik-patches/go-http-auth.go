// What Traefik uses of its containous fork of go-http-auth (which the Go module proxy here
// does not serve), on top of upstream abbot/go-http-auth v0.4.0. Added to a copy of that
// module by scripts/k8s/traefik-build.mjs.
package auth

import (
	"net/http"
	"strings"
)

// CheckSecret reports whether password matches secret, the hash of an htpasswd entry.
func CheckSecret(password, secret string) bool {
	compare := compareFuncs[0].compare
	for _, cmp := range compareFuncs[1:] {
		if strings.HasPrefix(secret, cmp.prefix) {
			compare = cmp.compare
			break
		}
	}
	return compare([]byte(secret), []byte(password)) == nil
}

// RequireAuthStale is RequireAuth with stale=true: the nonce was stale, not the credentials.
func (a *DigestAuth) RequireAuthStale(w http.ResponseWriter, r *http.Request) {
	a.RequireAuth(staleChallenge{w, a.Headers.V().Authenticate}, r)
}

// staleChallenge adds stale=true to the challenge that RequireAuth writes.
type staleChallenge struct {
	http.ResponseWriter
	header string
}

func (s staleChallenge) WriteHeader(code int) {
	s.Header().Set(s.header, s.Header().Get(s.header)+", stale=true")
	s.ResponseWriter.WriteHeader(code)
}
