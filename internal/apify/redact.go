package apify

// Redaction: a webhook's request URL and headers template hold secrets
// (Apify recommends a token in the URL), and the platform and receivers
// echo them back: in API errors, and in the error messages and response
// bodies of a dispatch's calls. Every such text is scrubbed of them, and
// of the API token, before it leaves the client.

import (
	"bytes"
	"context"
	"encoding/json"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"sync"
	"unicode"
)

// secretFields matches the JSON string values of the fields a webhook
// keeps its secrets in, to the end of the text if an excerpt cut one off.
var secretFields = regexp.MustCompile(`("(?:requestUrl|headersTemplate)"\s*:\s*)"(?:[^"\\]|\\.)*"?`)

// minSecretLength is the shortest part of a URL or a template redacted on
// its own: shorter values are as likely common words, which would garble
// every message they occur in. The whole URL and template are always
// redacted.
const minSecretLength = 8

// minPathSecretLength is the shortest segment of a URL's path redacted on
// its own: services such as Slack and Discord put the token in the path,
// where shorter segments are words (runs, webhooks, apify).
const minPathSecretLength = 16

// WebhookSecrets returns what of a webhook's request URL and headers
// template no text may show: the URL; its credentials, path segments of
// minPathSecretLength or more, query values and fragment; the template,
// its header values when it is JSON, and each word of it long enough to
// be a credential. Each comes also percent-encoded and JSON-escaped, as
// the platform or a receiver may print it.
func WebhookSecrets(requestURL string, headersTemplate *string) []string {
	// Credentials are secret however short; other parts only when long.
	always := []string{requestURL}
	var long []string
	if unescaped, err := url.PathUnescape(requestURL); err == nil {
		always = append(always, unescaped)
	}
	if u, err := url.Parse(requestURL); err == nil {
		for _, values := range u.Query() {
			long = append(long, values...)
		}
		if u.User != nil {
			always = append(always, u.User.Username())
			if password, ok := u.User.Password(); ok {
				always = append(always, password)
			}
		}
		long = append(long, u.Fragment)
		for _, segment := range append(strings.Split(u.Path, "/"), strings.Split(u.EscapedPath(), "/")...) {
			if len(segment) >= minPathSecretLength {
				always = append(always, segment)
			}
		}
	}
	if headersTemplate != nil {
		always = append(always, *headersTemplate)
		var headers map[string]any
		if json.Unmarshal([]byte(*headersTemplate), &headers) == nil {
			for _, v := range headers {
				if value, ok := v.(string); ok {
					long = append(long, value)
				}
			}
		}
		long = append(long, strings.FieldsFunc(*headersTemplate, func(r rune) bool {
			return !unicode.IsLetter(r) && !unicode.IsDigit(r) && !strings.ContainsRune("-_.~+/=", r)
		})...)
	}
	for _, p := range long {
		if len(p) >= minSecretLength {
			always = append(always, p)
		}
	}
	return secretForms(always)
}

// secretForms gives each of secrets as the platform or a receiver may
// print it: plain, percent-encoded and JSON-escaped.
func secretForms(secrets []string) []string {
	var forms []string
	for _, p := range secrets {
		if p != "" {
			forms = append(forms, p, url.QueryEscape(p), url.PathEscape(p), jsonEscaped(p, false), jsonEscaped(p, true))
		}
	}
	slices.Sort(forms)
	return slices.Compact(forms)
}

// jsonEscaped is s as it reads inside a JSON string, with or without the
// escapes of <, > and & that some encoders add.
func jsonEscaped(s string, escapeHTML bool) string {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(escapeHTML)
	_ = enc.Encode(s)
	return strings.TrimSuffix(strings.TrimPrefix(strings.TrimSpace(b.String()), `"`), `"`)
}

// longestFirst sorts secrets so that replacing them in order does not
// cut a secret up by replacing one inside it first.
func longestFirst(secrets []string) []string {
	sorted := slices.Clone(secrets)
	slices.SortFunc(sorted, func(a, b string) int { return len(b) - len(a) })
	return sorted
}

// scrub replaces in s the values of a webhook's secret fields, and every
// secret of longestFirst (sorted by longestFirst), with "[redacted]".
func scrub(s string, longestFirst []string) string {
	s = secretFields.ReplaceAllString(s, `$1"[redacted]"`)
	for _, secret := range longestFirst {
		if secret != "" {
			s = strings.ReplaceAll(s, secret, "[redacted]")
		}
	}
	return s
}

// redact removes the token, the request's secrets, and the values of a
// webhook's secret fields from text that came from the network: a body
// quoted in an error, or a message that echoes the request back.
func (c *Client) redact(s string, secrets []string) string {
	return scrub(s, longestFirst(append([]string{c.token}, secrets...)))
}

// RedactDispatch removes from the error messages and response bodies of
// d's calls the token and every secret of d's webhook: its request URL as
// the dispatch names it, and its URL and headers template as the API has
// them now. The request URL d names keeps its scheme, host and path, with
// its credentials, query values and fragment replaced, so that no state
// holds the secret a write-only URL keeps out of the webhook's. The
// webhook is read once per client. When it cannot be read (it was
// deleted, say), what the dispatch names is redacted all the same and the
// error says why the rest could not be.
func (c *Client) RedactDispatch(ctx context.Context, d *WebhookDispatch) error {
	var secrets []string
	if d.Webhook != nil && d.Webhook.RequestURL != nil {
		secrets = WebhookSecrets(*d.Webhook.RequestURL, nil)
		redacted := redactURL(*d.Webhook.RequestURL)
		d.Webhook.RequestURL = &redacted
	}
	var err error
	if d.WebhookID != nil && *d.WebhookID != "" {
		var current []string
		current, err = c.secretsOfWebhook(ctx, *d.WebhookID)
		secrets = append(secrets, current...)
	}
	secrets = longestFirst(append(secrets, c.token))
	for i := range d.Calls {
		for _, text := range []*string{d.Calls[i].ErrorMessage, d.Calls[i].ResponseBody} {
			if text != nil {
				*text = scrub(*text, secrets)
			}
		}
	}
	return err
}

// LearnWebhookSecrets reads ahead what RedactDispatch needs to know of a
// webhook, for a caller whose context may have ended by the time it
// redacts a dispatch of it (a wait cut off by its deadline).
func (c *Client) LearnWebhookSecrets(ctx context.Context, webhookID string) error {
	_, err := c.secretsOfWebhook(ctx, webhookID)
	return err
}

// redactURL is raw with its credentials, its path segments of
// minPathSecretLength or more, each query value (or a query part without
// a value) and its fragment replaced by "[redacted]", the rest as
// written; a URL without a host, or that does not parse, is redacted
// whole.
func redactURL(raw string) string {
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" {
		return "[redacted]"
	}
	var b strings.Builder
	b.WriteString(u.Scheme + "://")
	if u.User != nil {
		b.WriteString("[redacted]@")
	}
	b.WriteString(u.Host)
	segments := strings.Split(u.EscapedPath(), "/")
	for i, segment := range segments {
		if len(segment) >= minPathSecretLength {
			segments[i] = "[redacted]"
		}
	}
	b.WriteString(strings.Join(segments, "/"))
	if u.RawQuery != "" {
		parts := strings.Split(u.RawQuery, "&")
		for i, part := range parts {
			switch key, value, hasValue := strings.Cut(part, "="); {
			case part == "" || hasValue && value == "":
			case hasValue:
				parts[i] = key + "=[redacted]"
			default:
				parts[i] = "[redacted]"
			}
		}
		b.WriteString("?" + strings.Join(parts, "&"))
	}
	if u.Fragment != "" {
		b.WriteString("#[redacted]")
	}
	return b.String()
}

// webhookSecrets caches the secrets of each webhook a client has read
// for RedactDispatch, so that a plan reading a thousand dispatches of one
// webhook reads the webhook once. A change of the webhook through the
// client forgets its entry.
type webhookSecrets struct {
	mu      sync.Mutex
	entries map[string]*secretsEntry
}

type secretsEntry struct {
	done    chan struct{}
	secrets []string
	err     error
}

func (c *Client) secretsOfWebhook(ctx context.Context, id string) ([]string, error) {
	for {
		c.secrets.mu.Lock()
		if c.secrets.entries == nil {
			c.secrets.entries = map[string]*secretsEntry{}
		}
		e, found := c.secrets.entries[id]
		if !found {
			e = &secretsEntry{done: make(chan struct{})}
			c.secrets.entries[id] = e
		}
		c.secrets.mu.Unlock()
		if !found {
			var w *Webhook
			if w, e.err = c.GetWebhook(ctx, id); e.err == nil {
				e.secrets = WebhookSecrets(deref(w.RequestURL), w.HeadersTemplate)
			} else if !IsNotFound(e.err) {
				// Only a webhook that does not exist stays known as such; after
				// any other error the next dispatch reads the webhook again.
				c.forget(id, e)
			}
			close(e.done)
		}
		select {
		case <-e.done:
		case <-ctx.Done():
			select {
			case <-e.done: // answered all the same
			default:
				return nil, ctx.Err()
			}
		}
		// The read of another caller ended with that caller's context: this
		// one reads again.
		if found && ctx.Err() == nil && IsStopped(e.err) {
			continue
		}
		return e.secrets, e.err
	}
}

// forget drops what the client knows of a webhook's secrets: only e, if
// it is still that, when e is set.
func (c *Client) forget(id string, e *secretsEntry) {
	c.secrets.mu.Lock()
	defer c.secrets.mu.Unlock()
	if e == nil || c.secrets.entries[id] == e {
		delete(c.secrets.entries, id)
	}
}
