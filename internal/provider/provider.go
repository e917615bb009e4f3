// Package provider is the Terraform side of the Apify provider: its
// configuration, its data sources, and the mapping from the API's models
// to Terraform values.
package provider

import (
	"context"
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/provider/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/apify/terraform-provider-apify/internal/apify"
)

// Environment variables the provider configuration falls back to.
const (
	envToken   = "APIFY_TOKEN"
	envBaseURL = "APIFY_API_BASE_URL"
)

// maxMaxRetries bounds max_retries: with waits of up to 10 s, more retries
// than this would hold a read for longer than any timeout allows, and the
// bound keeps the value far inside an int on 32-bit builds.
const maxMaxRetries = 100

var _ provider.Provider = (*apifyProvider)(nil)

type apifyProvider struct {
	version string
}

type apifyProviderModel struct {
	Token          types.String
	BaseURL        types.String
	MaxRetries     types.Number
	RequestTimeout types.String
}

func (m *apifyProviderModel) fields() map[string]any {
	return map[string]any{"token": &m.Token, "base_url": &m.BaseURL, "max_retries": &m.MaxRetries, "request_timeout": &m.RequestTimeout}
}

// New returns a constructor of the provider for the given release version.
func New(version string) func() provider.Provider {
	return func() provider.Provider {
		return &apifyProvider{version: version}
	}
}

func (p *apifyProvider) Metadata(_ context.Context, _ provider.MetadataRequest, resp *provider.MetadataResponse) {
	resp.TypeName = "apify"
	resp.Version = p.version
}

func (p *apifyProvider) Schema(_ context.Context, _ provider.SchemaRequest, resp *provider.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "The Apify provider manages the Actor tasks, schedules and webhooks of the " +
			"[Apify](https://apify.com) platform, runs tasks and Actors (actions, Terraform 1.14 and later), lists an " +
			"account's objects for `terraform query`, and reads what the platform did with them (runs, webhook " +
			"dispatches), through the [Apify API v2](https://docs.apify.com/api/v2). It authenticates with an Apify API token.",
		Attributes: map[string]schema.Attribute{
			"token": schema.StringAttribute{
				MarkdownDescription: "Apify API token, sent as `Authorization: Bearer` and never in a URL. " +
					"Defaults to the `" + envToken + "` environment variable. Find your tokens in Apify Console " +
					"under **Settings → API & Integrations**.\n\n" +
					"~> **Important** Prefer `" + envToken + "` to writing the token in configuration: " +
					"a value in configuration ends up in version control and in plan files. Spaces and line breaks " +
					"around the token are ignored, so `file(\"token.txt\")` works; an empty string counts as not set.",
				Optional:  true,
				Sensitive: true,
			},
			"base_url": schema.StringAttribute{
				MarkdownDescription: "Root URL of the Apify API; the provider appends `/v2/...`. A trailing slash or `/v2` " +
					"(as Apify's documentation writes the root, `https://api.apify.com/v2`) is fine. " +
					"Defaults to the `" + envBaseURL + "` environment variable, then `" + apify.DefaultBaseURL + "`; " +
					"an empty string counts as not set. " +
					"It must be an absolute `https://` URL without query or fragment; plain `http://` is accepted only " +
					"for `localhost` and loopback addresses, such as a local test server.",
				Optional: true,
			},
			"max_retries": schema.NumberAttribute{
				MarkdownDescription: fmt.Sprintf("How many times a request is retried after the first attempt when the API "+
					"answers 429 or 5xx, or the connection fails. Waits start at %s and double up to %s, "+
					"or follow the API's `Retry-After` up to %s. `0` turns retries off; at most `%d`. Defaults to `%d`.",
					shortDuration(apify.DefaultRetryWaitMin), shortDuration(apify.DefaultRetryWaitMax), shortDuration(apify.MaxRetryAfter),
					maxMaxRetries, apify.DefaultMaxRetries),
				Optional:   true,
				Validators: []validator.Number{wholeNumberBetween(0, maxMaxRetries)},
			},
			"request_timeout": schema.StringAttribute{
				MarkdownDescription: fmt.Sprintf("Time limit of each attempt, including reading the response, as a "+
					"duration longer than zero such as `\"30s\"` or `\"2m\"`. An attempt that runs out of time is retried like a "+
					"failed connection. Defaults to `\"%s\"`.", shortDuration(apify.DefaultRequestTimeout)),
				Optional:   true,
				Validators: []validator.String{positiveDuration()},
			},
		},
	}
}

func (p *apifyProvider) Configure(ctx context.Context, req provider.ConfigureRequest, resp *provider.ConfigureResponse) {
	var config apifyProviderModel
	read(ctx, req.Config, &config, &resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}

	// A value known only after apply leaves the provider unconfigured
	// during plan, as the framework advises: new resources can still be
	// planned, and whatever needs the API then (a data source, the refresh
	// of a resource in the state) says why it cannot call it.
	// At apply Terraform configures the provider again with every value
	// known.
	if config.Token.IsUnknown() || config.BaseURL.IsUnknown() || config.MaxRetries.IsUnknown() || config.RequestTimeout.IsUnknown() {
		tflog.Debug(ctx, "The provider configuration has values known only after apply; not configuring it during plan")
		return
	}

	token := stringOrEnv(config.Token, envToken)
	if token == "" {
		resp.Diagnostics.AddAttributeError(path.Root("token"), "Missing Apify API token",
			"The Apify provider needs an API token. Set the "+envToken+" environment variable (preferred) or the "+
				"token attribute of the provider block. Find your tokens in Apify Console under Settings → API & Integrations.")
	}

	rawBaseURL := stringOrEnv(config.BaseURL, envBaseURL)
	if rawBaseURL == "" {
		rawBaseURL = apify.DefaultBaseURL
	}
	baseURL, err := apify.ParseBaseURL(rawBaseURL)
	if err != nil {
		resp.Diagnostics.AddAttributeError(path.Root("base_url"), "Invalid Apify API base URL",
			fmt.Sprintf("The base URL (from base_url or %s) cannot be used: %s.", envBaseURL, err))
	}

	maxRetries := int64(apify.DefaultMaxRetries)
	if !config.MaxRetries.IsNull() {
		maxRetries = wholeNumber(config.MaxRetries)
	}

	// The schema's validator has refused a value that does not parse or is
	// not positive.
	timeout := apify.DefaultRequestTimeout
	if !config.RequestTimeout.IsNull() {
		timeout, _ = time.ParseDuration(config.RequestTimeout.ValueString())
	}
	if resp.Diagnostics.HasError() {
		return
	}

	client := apify.NewClient(apify.Config{
		BaseURL:        baseURL,
		Token:          token,
		UserAgent:      "terraform-provider-apify/" + p.version,
		MaxRetries:     int(maxRetries),
		RequestTimeout: timeout,
		Logger:         newClientLogger(token),
	})
	resp.DataSourceData = client
	resp.ResourceData = client
	resp.ListResourceData = client
	resp.ActionData = client
}

// stringOrEnv returns the configured value, or the environment variable
// when the attribute is not set. White space around either is dropped, as
// `file("token.txt")` and shell variables bring a line break with them,
// and an empty value counts as not set.
func stringOrEnv(v types.String, env string) string {
	if s := strings.TrimSpace(v.ValueString()); s != "" {
		return s
	}
	return strings.TrimSpace(os.Getenv(env))
}

func (p *apifyProvider) DataSources(_ context.Context) []func() datasource.DataSource {
	return []func() datasource.DataSource{
		newWebhookDispatchDataSource,
		newWebhookDispatchesDataSource,
		newWebhookDataSource,
		newWebhooksDataSource,
		newActorDataSource,
		newActorTaskDataSource,
		newScheduleDataSource,
		newActorRunDataSource,
	}
}

func (p *apifyProvider) Resources(_ context.Context) []func() resource.Resource {
	return []func() resource.Resource{
		newWebhookResource,
		newWebhookTestDispatchResource,
		newActorTaskResource,
		newScheduleResource,
	}
}

// notConfigured reports, with a diagnostic, a call that needs the API
// while the provider is not configured: during a plan whose provider
// configuration has values known only after apply (see Configure).
func notConfigured(client *apify.Client, diags *diag.Diagnostics) bool {
	if client != nil {
		return false
	}
	diags.AddError("Apify provider configuration not known yet",
		"The Apify provider's configuration has values known only after apply (a token or base_url taken from "+
			"another resource, say), and this needs to call the Apify API during plan. Set those values to ones known "+
			"in advance, or use the environment variables they fall back to ("+envToken+", "+envBaseURL+").")
	return true
}

// readConfigured reads m from a request's configuration, plan or state
// once the provider is configured, and reports whether it could.
func readConfigured(ctx context.Context, client *apify.Client, from attributeSource, m model, diags *diag.Diagnostics) bool {
	if notConfigured(client, diags) {
		return false
	}
	read(ctx, from, m, diags)
	return !diags.HasError()
}

// dataSource and managedResource are what every data source and resource
// of the provider starts from: its type name after the provider's
// ("_webhook" of "apify_webhook"), and the client the provider configured.
type dataSource struct {
	typeSuffix string
	client     *apify.Client
}

func (d *dataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + d.typeSuffix
}

func (d *dataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.client = clientFromProviderData(req.ProviderData, &resp.Diagnostics)
}

type managedResource struct {
	typeSuffix string
	client     *apify.Client
}

func (r *managedResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + r.typeSuffix
}

func (r *managedResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	r.client = clientFromProviderData(req.ProviderData, &resp.Diagnostics)
}

// clientFromProviderData recovers the client that Configure stored. It is
// nil while the provider is not configured yet, as during validation.
func clientFromProviderData(data any, diags *diag.Diagnostics) *apify.Client {
	if data == nil {
		return nil
	}
	client, ok := data.(*apify.Client)
	if !ok {
		diags.AddError("Unexpected provider data",
			fmt.Sprintf("Expected *apify.Client, got %T. This is a bug in the provider; please report it.", data))
	}
	return client
}

// shortDuration formats a duration as people write it in configuration:
// "20m" rather than Go's "20m0s".
func shortDuration(d time.Duration) string {
	s := d.String()
	if strings.HasSuffix(s, "m0s") {
		s = strings.TrimSuffix(s, "0s")
	}
	if strings.HasSuffix(s, "h0m") {
		s = strings.TrimSuffix(s, "0m")
	}
	return s
}

// quotedList formats values for a description: `A`, `B`, `C`.
func quotedList(values []string) string {
	return "`" + strings.Join(values, "`, `") + "`"
}
