package e2e

import (
	"bytes"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/apify/terraform-provider-apify/internal/apify/apifytest"
)

// The registry docs promise that the provider honours HTTPS_PROXY and a
// custom CA in SSL_CERT_FILE, as corporate networks need; these tests run
// the built provider under Terraform with both.

const readOneDispatch = `
provider "apify" {}

data "apify_webhook_dispatch" "one" {
  id = "` + apifytest.DispatchSucceeded + `"
}

output "status" {
  value = data.apify_webhook_dispatch.one.status
}
`

func TestCustomCAFromSSLCertFile(t *testing.T) {
	t.Parallel()
	fake, caFile := startTLSFake(t)

	ws := newWorkspace(t, fake, readOneDispatch)
	ws.Env = append(ws.Env, "APIFY_TOKEN="+fake.Token)
	var out bytes.Buffer
	if err := ws.Run(t.Context(), &out, &out, "plan", "-input=false", "-no-color"); err == nil {
		t.Fatalf("plan succeeded without trusting the fake's certificate:\n%s", out.String())
	}
	if got := strings.Join(strings.Fields(out.String()), " "); !strings.Contains(got, "Apify API certificate not trusted") ||
		!strings.Contains(got, "certificate signed by unknown authority") || !strings.Contains(got, "point SSL_CERT_FILE") {
		t.Errorf("the error does not name the certificate:\n%s", tail(out.String()))
	}

	ws.Env = append(ws.Env, "SSL_CERT_FILE="+caFile)
	out.Reset()
	if err := ws.Run(t.Context(), &out, &out, "apply", "-auto-approve", "-input=false", "-no-color"); err != nil {
		t.Fatalf("apply with SSL_CERT_FILE failed: %v\n%s", err, tail(out.String()))
	}
	if !strings.Contains(out.String(), `status = "SUCCEEDED"`) {
		t.Errorf("the dispatch was not read:\n%s", tail(out.String()))
	}
}

func TestHTTPSProxy(t *testing.T) {
	t.Parallel()
	fake, caFile := startTLSFake(t)
	proxy := newTunnelProxy(t, strings.TrimPrefix(fake.URL, "https://"))

	// The provider never resolves or dials example.com: it asks the proxy
	// for a tunnel, and the proxy connects it to the fake on loopback,
	// whose certificate is also valid for example.com.
	ws := newWorkspace(t, fake, readOneDispatch)
	ws.Env = append(ws.Env, "APIFY_TOKEN="+fake.Token, "APIFY_API_BASE_URL=https://example.com",
		"HTTPS_PROXY="+proxy.url, "SSL_CERT_FILE="+caFile, "NO_PROXY=")
	var out bytes.Buffer
	if err := ws.Run(t.Context(), &out, &out, "apply", "-auto-approve", "-input=false", "-no-color"); err != nil {
		t.Fatalf("apply through the proxy failed: %v\n%s", err, tail(out.String()))
	}
	if !strings.Contains(out.String(), `status = "SUCCEEDED"`) {
		t.Errorf("the dispatch was not read:\n%s", tail(out.String()))
	}
	if got := proxy.targets(); len(got) == 0 || got[0] != "example.com:443" {
		t.Errorf("the proxy was asked for tunnels to %v, want example.com:443", got)
	}
}

// startTLSFake starts a fake API over HTTPS and writes its certificate to
// a PEM file, whose path it returns.
func startTLSFake(t *testing.T) (*apifytest.Server, string) {
	t.Helper()
	fake := apifytest.Track(t, apifytest.NewTLSServer())
	caFile := filepath.Join(t.TempDir(), "ca.pem")
	if err := os.WriteFile(caFile, fake.CertificatePEM(), 0o600); err != nil {
		t.Fatal(err)
	}
	return fake, caFile
}

// tunnelProxy is an HTTP proxy that answers CONNECT for any host with a
// tunnel to one loopback address.
type tunnelProxy struct {
	url string

	mu     sync.Mutex
	asked  []string
	server *http.Server
}

func newTunnelProxy(t *testing.T, to string) *tunnelProxy {
	t.Helper()
	listener, err := new(net.ListenConfig).Listen(t.Context(), "tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	p := &tunnelProxy{url: "http://" + listener.Addr().String()}
	p.server = &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodConnect {
			http.Error(w, "only CONNECT", http.StatusMethodNotAllowed)
			return
		}
		p.mu.Lock()
		p.asked = append(p.asked, r.Host)
		p.mu.Unlock()
		upstream, err := new(net.Dialer).DialContext(r.Context(), "tcp", to)
		if err != nil {
			http.Error(w, err.Error(), http.StatusBadGateway)
			return
		}
		w.WriteHeader(http.StatusOK)
		client, buf, err := http.NewResponseController(w).Hijack()
		if err != nil {
			_ = upstream.Close()
			return
		}
		go func() {
			_, _ = io.Copy(upstream, buf)
			_ = upstream.Close()
		}()
		_, _ = io.Copy(client, upstream)
		_ = client.Close()
	})}
	go func() { _ = p.server.Serve(listener) }()
	t.Cleanup(func() { _ = p.server.Close() })
	return p
}

func (p *tunnelProxy) targets() []string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return append([]string(nil), p.asked...)
}
