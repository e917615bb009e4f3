package apify

// The base URL policy: which addresses the client talks to, and how a
// path is built on them.

import (
	"errors"
	"fmt"
	"net"
	"net/url"
	"strings"
)

// ParseBaseURL checks a configured API root. It must be an absolute http(s)
// URL with no query, fragment or credentials, and plain http is allowed
// only for loopback hosts: anywhere else the token would cross the network
// in clear text. Apify's documentation gives the root as
// https://api.apify.com/v2, so a trailing /v2 is taken off: the client
// appends it to every path itself.
func ParseBaseURL(raw string) (*url.URL, error) {
	raw = strings.TrimSpace(raw)
	// Without "://" url.Parse reads "api.apify.com" as a path and
	// "127.0.0.1:8080" as a scheme and fails; either way the fix is the same.
	if !strings.Contains(raw, "://") {
		return nil, fmt.Errorf("%q has no scheme; give an absolute URL such as https://api.apify.com", raw)
	}
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, fmt.Errorf("%q is not an absolute http(s) URL; give one such as https://api.apify.com", raw)
	}
	if u.RawQuery != "" || u.ForceQuery || u.Fragment != "" {
		return nil, fmt.Errorf("%q has a query or fragment; give only the scheme, host and an optional path prefix", raw)
	}
	if u.User != nil {
		return nil, errors.New("the URL has credentials in it; give the token in the provider's token attribute or APIFY_TOKEN instead")
	}
	if u.Scheme == "http" && !isLoopback(u.Hostname()) {
		return nil, fmt.Errorf("%q uses plain http, so the API token would travel in clear text; use https:// (plain http is accepted only for localhost and loopback addresses)", raw)
	}
	u.Path = strings.TrimSuffix(strings.TrimRight(u.Path, "/"), "/v2")
	u.RawPath = ""
	return u, nil
}

func isLoopback(host string) bool {
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// pathSegment escapes s as exactly one path segment, so that an ID such as
// "a/b?c#d" can never reach another endpoint. "." and ".." are encoded as
// well: HTTP stacks would otherwise resolve them as relative references.
func pathSegment(s string) string {
	if s == "." || s == ".." {
		return strings.ReplaceAll(s, ".", "%2E")
	}
	return url.PathEscape(s)
}
