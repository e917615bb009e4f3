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

// addAPIErrorDiagnostic turns an error from the API client into a
// diagnostic that says what failed and what to do about it. what names the
// object read ("webhook dispatch"), id its ID, and idPath the attribute the
// ID came from, where a not-found error is attached.
func addAPIErrorDiagnostic(diags *diag.Diagnostics, err error, what string, idPath path.Path, id string) {
	apiErr, isAPIErr := errors.AsType[*apify.APIError](err)
	switch {
	// First, since a timed-out attempt also wraps context.DeadlineExceeded.
	case isType[*apify.RequestError](err):
		diags.AddError("No answer from the Apify API",
			fmt.Sprintf("Reading %s %q failed: %s. Check that base_url is reachable from this machine; "+
				"on a slow network, raise request_timeout or max_retries in the provider configuration.", what, id, err))

	case errors.Is(err, context.Canceled):
		diags.AddError(fmt.Sprintf("Reading the %s was canceled", what),
			fmt.Sprintf("The read of %s %q stopped before it finished: %s.", what, id, err))

	case errors.Is(err, context.DeadlineExceeded):
		diags.AddError(fmt.Sprintf("Reading the %s timed out", what),
			fmt.Sprintf("The read of %s %q ran out of time: %s.", what, id, err))

	case apify.IsNotFound(err):
		diags.AddAttributeError(idPath, capitalize(what)+" not found",
			fmt.Sprintf("The Apify API has no %s with ID %q that this token can see (%s). "+
				"Check the ID, and that the token belongs to the account that owns the %s.", what, id, err, what))

	case apify.IsUnauthorized(err):
		diags.AddError("Apify API refused the token",
			fmt.Sprintf("Reading %s %q failed: %s. Check that the token in the provider's token attribute "+
				"or in the %s environment variable is a valid Apify API token that has not been revoked, "+
				"and that it is allowed to read webhooks of the account that owns the %s.", what, id, err, envToken, what))

	case isAPIErr && (apiErr.StatusCode == http.StatusTooManyRequests || apiErr.StatusCode >= 500):
		diags.AddError("Apify API unavailable",
			fmt.Sprintf("Reading %s %q failed: %s. The API kept failing, so this is likely temporary: "+
				"try again later, or raise max_retries in the provider configuration.", what, id, err))

	case isAPIErr:
		diags.AddError("Apify API rejected the request",
			fmt.Sprintf("Reading %s %q failed: %s. Check the configuration of this data source.", what, id, err))

	case isType[*apify.DecodeError](err), isType[*apify.ResponseTooLargeError](err):
		diags.AddError("Unexpected response from the Apify API",
			fmt.Sprintf("Reading %s %q failed: %s. If base_url points at a proxy, check that it forwards "+
				"requests to the Apify API unchanged.", what, id, err))

	default:
		diags.AddError(fmt.Sprintf("Reading the %s failed", what),
			fmt.Sprintf("Reading %s %q failed: %s.", what, id, err))
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
