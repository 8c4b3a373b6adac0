// Stand-in for the module github.com/traefik/traefik/dynamic/ext, which Traefik's module zip
// leaves out (a nested module) and the Go module proxy here does not serve: the extension
// points of dynamic.HTTP and dynamic.Router, empty in Traefik's open-source builds. Written
// into a copy of Traefik by scripts/k8s/traefik-build.mjs.
package ext

// HTTP extends dynamic.HTTP.
type HTTP struct{}

// Router extends dynamic.Router.
type Router struct{}
