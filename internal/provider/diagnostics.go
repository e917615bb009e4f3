package provider

import (
	"cmp"
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"

	"github.com/apify/terraform-provider-apify/internal/apify"
)

// Every failed request becomes a diagnostic here, so that each says what
// happened and what to do in the same words, whichever data source or
// resource made it, and points at the attribute to fix.

// apiAction is what a request did, in the words of a diagnostic: the
// first word of its sentence, and its summary's.
type apiAction struct {
	doing, summary string
}

var (
	reading  = apiAction{"Reading", "Read"}
	creating = apiAction{"Creating", "Create"}
	updating = apiAction{"Updating", "Update"}
	deleting = apiAction{"Deleting", "Delete"}
	firing   = apiAction{"Firing", "Firing"}
	starting = apiAction{"Starting", "Start"}
)

// apiTarget is what a failed request was doing, for the diagnostic.
type apiTarget struct {
	// action is what was done; reading unless set.
	action apiAction
	// subject names what it was done to in a sentence:
	// `webhook dispatch "Zib4xbZsmvZeK55ua"`.
	subject string
	// afterRequest is said when the request may have reached the API and
	// failed without an answer: for a write, what may have happened.
	afterRequest string
	// kind and id are what a 404 says does not exist, idPath the attribute
	// the ID came from, where the diagnostic is attached.
	kind   string
	id     string
	idPath path.Path
	// timeout is the time limit of the whole operation (timeouts.read),
	// named when it runs out, and limitIn where it is set: "the timeouts
	// block" unless said otherwise.
	timeout time.Duration
	limitIn string
}

// idTarget is the target of action on the kind's object id, which came
// from the attribute at.
func idTarget(action apiAction, kind, id string, at path.Path) apiTarget {
	return apiTarget{action: action, subject: fmt.Sprintf("%s %q", kind, id), kind: kind, id: id, idPath: at}
}

// addAPIErrorDiagnostic turns an error from the API client into a
// diagnostic that says what failed and what to do about it. Error texts
// are quoted through sentence, so that every detail reads as sentences.
func addAPIErrorDiagnostic(diags *diag.Diagnostics, err error, target apiTarget) {
	apiErr, isAPIErr := errors.AsType[*apify.APIError](err)
	action := cmp.Or(target.action, reading)
	operation := action.summary
	// What the request was doing, to start a sentence: `Reading webhook "x"`.
	doing := action.doing + " " + target.subject
	after := ""
	if target.afterRequest != "" {
		after = " " + target.afterRequest
	}
	_, untrusted := errors.AsType[*tls.CertificateVerificationError](err)
	switch {
	case errors.Is(err, context.Canceled):
		diags.AddError(operation+" canceled",
			fmt.Sprintf("%s stopped before it finished: %s.%s", doing, sentence(err), after))

	// Before RequestError: an attempt that the read's time limit cut off
	// is a timeout of the read, not of the attempt.
	case errors.Is(err, context.DeadlineExceeded) && apify.IsStopped(err):
		limit := "its time limit"
		if target.timeout > 0 {
			limit = "its time limit of " + shortDuration(target.timeout)
		}
		diags.AddError(operation+" timed out",
			fmt.Sprintf("%s did not finish within %s, retries and waits included. If the API is slow "+
				"or busy, raise the time limit in %s.%s", doing, limit, cmp.Or(target.limitIn, "the timeouts block"), after))

	case untrusted:
		diags.AddError("Apify API certificate not trusted",
			fmt.Sprintf("%s failed: %s. If a proxy or gateway on your network presents certificates of its own, "+
				"point SSL_CERT_FILE (a PEM file) or SSL_CERT_DIR at its CA certificate; otherwise check base_url.",
				doing, sentence(err)))

	case apify.IsNoAnswer(err):
		diags.AddError("No answer from the Apify API",
			fmt.Sprintf("%s failed: %s. Check that base_url is reachable from this machine; "+
				"on a slow network, raise request_timeout or max_retries in the provider configuration.%s", doing, sentence(err), after))

	case apify.IsNotFound(err) && target.id != "":
		diags.AddAttributeError(target.idPath, capitalize(target.kind)+" not found",
			fmt.Sprintf("The Apify API has no %s with ID %q that this token can see (%s). "+
				"Check the ID, and that the token belongs to the account that owns the %s.", target.kind, target.id, sentence(err), target.kind))

	case apify.IsWrongEndpoint(err):
		diags.AddError("Apify API address not found",
			fmt.Sprintf("%s failed: %s. The API answered that the address itself does not exist, which says "+
				"nothing about the %s: check base_url (or %s). It must be the API's root, such as %s.",
				doing, sentence(err), cmp.Or(target.kind, "object read"), envBaseURL, apify.DefaultBaseURL))

	case apify.IsUnauthorized(err):
		diags.AddError("Apify API refused the token",
			fmt.Sprintf("%s failed: %s. Check that the token in the provider's token attribute "+
				"or in the %s environment variable is a valid Apify API token that has not been revoked, "+
				"and that it is allowed to manage the account's webhooks, tasks and schedules.", doing, sentence(err), envToken))

	case isAPIErr && (apiErr.StatusCode == http.StatusTooManyRequests || apiErr.StatusCode >= 500):
		advice := "The API kept failing, so this is likely temporary: try again later, or raise max_retries in the provider configuration."
		if apiErr.Attempts <= 1 {
			advice = "This is likely temporary: try again later."
		}
		// A 5xx may come after the API acted; a 429 never does.
		if apiErr.StatusCode != http.StatusTooManyRequests {
			advice += after
		}
		diags.AddError("Apify API unavailable", fmt.Sprintf("%s failed: %s. %s", doing, sentence(err), advice))

	case isAPIErr:
		diags.AddError("Apify API rejected the request",
			fmt.Sprintf("%s failed: %s. Check the configuration against the API's message.", doing, sentence(err)))

	case apify.IsUnexpectedResponse(err):
		// A write whose answer cannot be read may have been carried out.
		diags.AddError("Unexpected response from the Apify API",
			fmt.Sprintf("%s failed: %s. If base_url points at a proxy, check that it forwards "+
				"requests to the Apify API unchanged.%s", doing, sentence(err), after))

	default:
		diags.AddError(operation+" failed", fmt.Sprintf("%s failed: %s.", doing, sentence(err)))
	}
}

// sentence is err's text fit to stand inside a sentence that ends in a
// full stop: without one of its own, which API messages often have.
func sentence(err error) string {
	return strings.TrimRight(strings.TrimSpace(err.Error()), ".")
}

// capitalize upper-cases the first letter of an ASCII phrase.
func capitalize(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}
