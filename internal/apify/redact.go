package apify

// Redaction: what the API echoes back is scrubbed of the token and of a
// request's secrets before it reaches an error.

import (
	"regexp"
	"slices"
	"strings"
)

// secretFields matches the JSON string values of the fields a webhook
// keeps its secrets in, to the end of the text if an excerpt cut one off.
var secretFields = regexp.MustCompile(`("(?:requestUrl|headersTemplate)"\s*:\s*)"(?:[^"\\]|\\.)*"?`)

// redact removes the token, the request's secrets, and the values of a
// webhook's secret fields from text that came from the network: a body
// quoted in an error, or a message that echoes the request back.
func (c *Client) redact(s string, secrets []string) string {
	s = secretFields.ReplaceAllString(s, `$1"[redacted]"`)
	// Longest first, so that a secret is not cut up by one inside it.
	all := append([]string{c.token}, secrets...)
	slices.SortFunc(all, func(a, b string) int { return len(b) - len(a) })
	for _, secret := range all {
		if secret != "" {
			s = strings.ReplaceAll(s, secret, "[redacted]")
		}
	}
	return s
}
