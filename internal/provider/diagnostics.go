package provider

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"

	"github.com/apify/terraform-provider-apify/internal/apify"
)

// apiTarget is what a failed request was reading, for the diagnostic.
type apiTarget struct {
	// reading names it in a sentence: `webhook dispatch "Zib4xbZsmvZeK55ua"`.
	reading string
	// kind and id are what a 404 says does not exist, idPath the attribute
	// the ID came from, where the diagnostic is attached.
	kind   string
	id     string
	idPath path.Path
}

// addAPIErrorDiagnostic turns an error from the API client into a
// diagnostic that says what failed and what to do about it.
func addAPIErrorDiagnostic(diags *diag.Diagnostics, err error, target apiTarget) {
	apiErr, isAPIErr := errors.AsType[*apify.APIError](err)
	switch {
	// First, since a timed-out attempt also wraps context.DeadlineExceeded.
	case isType[*apify.RequestError](err):
		diags.AddError("No answer from the Apify API",
			fmt.Sprintf("Reading %s failed: %s. Check that base_url is reachable from this machine; "+
				"on a slow network, raise request_timeout or max_retries in the provider configuration.", target.reading, err))

	case errors.Is(err, context.Canceled):
		diags.AddError("Read canceled",
			fmt.Sprintf("Reading %s stopped before it finished: %s.", target.reading, err))

	case errors.Is(err, context.DeadlineExceeded):
		diags.AddError("Read timed out",
			fmt.Sprintf("Reading %s ran out of time: %s. Raise the read timeout in the data source's timeouts block "+
				"if the API is slow to answer.", target.reading, err))

	case apify.IsNotFound(err) && target.id != "":
		diags.AddAttributeError(target.idPath, capitalize(target.kind)+" not found",
			fmt.Sprintf("The Apify API has no %s with ID %q that this token can see (%s). "+
				"Check the ID, and that the token belongs to the account that owns the %s.", target.kind, target.id, err, target.kind))

	case apify.IsUnauthorized(err):
		diags.AddError("Apify API refused the token",
			fmt.Sprintf("Reading %s failed: %s. Check that the token in the provider's token attribute "+
				"or in the %s environment variable is a valid Apify API token that has not been revoked, "+
				"and that it is allowed to read the account's webhooks.", target.reading, err, envToken))

	case isAPIErr && (apiErr.StatusCode == http.StatusTooManyRequests || apiErr.StatusCode >= 500):
		diags.AddError("Apify API unavailable",
			fmt.Sprintf("Reading %s failed: %s. The API kept failing, so this is likely temporary: "+
				"try again later, or raise max_retries in the provider configuration.", target.reading, err))

	case isAPIErr:
		diags.AddError("Apify API rejected the request",
			fmt.Sprintf("Reading %s failed: %s. Check the configuration of this data source.", target.reading, err))

	case isType[*apify.DecodeError](err), isType[*apify.ResponseTooLargeError](err), isType[*apify.RedirectError](err):
		diags.AddError("Unexpected response from the Apify API",
			fmt.Sprintf("Reading %s failed: %s. If base_url points at a proxy, check that it forwards "+
				"requests to the Apify API unchanged.", target.reading, err))

	default:
		diags.AddError("Read failed", fmt.Sprintf("Reading %s failed: %s.", target.reading, err))
	}
}

func isType[E error](err error) bool {
	_, ok := errors.AsType[E](err)
	return ok
}

// capitalize upper-cases the first letter of an ASCII phrase.
func capitalize(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}
