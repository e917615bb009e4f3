package provider

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/booldefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/mapplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/apify/terraform-provider-apify/internal/apify"
)

// apify_webhook_test_dispatch: a resource, not a data source, so that a
// test is fired once per apply that asks for it and never on a plan.

// defaultTestCreateTimeout bounds firing a test and waiting for it to be
// delivered, unless the configuration's timeouts block says otherwise.
const defaultTestCreateTimeout = 5 * time.Minute

var _ resource.ResourceWithConfigure = (*webhookTestDispatchResource)(nil)

type webhookTestDispatchResource struct{ managedResource }

type webhookTestDispatchModel struct {
	dispatchModel
	Triggers           types.Map
	WaitForFinalStatus types.Bool
	Timeouts           timeouts.Value
}

func (m *webhookTestDispatchModel) fields() map[string]any {
	f := m.dispatchModel.fields()
	f["triggers"], f["wait_for_final_status"], f["timeouts"] = &m.Triggers, &m.WaitForFinalStatus, &m.Timeouts
	return f
}

func newWebhookTestDispatchResource() resource.Resource {
	return &webhookTestDispatchResource{managedResource{typeSuffix: "_webhook_test_dispatch"}}
}

func (r *webhookTestDispatchResource) Schema(ctx context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	attrs := dispatchAttributes()
	// The webhook summary is sensitive as a whole rather than through its
	// request_url: after an apply, OpenTofu 1.10 records the sensitivity
	// of a top-level attribute in the state but not of one nested in a
	// computed object, and its next plan would then show an update that
	// changes nothing.
	if webhook, ok := attrs["webhook"].(schema.SingleNestedAttribute); ok {
		webhook.Sensitive = true
		webhook.MarkdownDescription += " Sensitive as a whole, since its `request_url` may carry a secret. (In the " +
			"dispatch data sources only `request_url` is: OpenTofu 1.10 would plan an update that changes nothing for " +
			"a sensitive attribute nested in a resource's computed object.)"
		if url, ok := webhook.Attributes["request_url"].(schema.StringAttribute); ok {
			url.Sensitive = false
			url.MarkdownDescription = dispatchRequestURLDoc + " Hidden with the whole `webhook`, which is sensitive."
			webhook.Attributes["request_url"] = url
		}
		attrs["webhook"] = webhook
	}
	attrs["id"] = schema.StringAttribute{
		MarkdownDescription: "ID of the TEST dispatch the platform created.",
		Computed:            true,
		PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
	}
	attrs["webhook_id"] = schema.StringAttribute{
		MarkdownDescription: "ID of the webhook to test, such as `apify_webhook.example.id`. A change fires a new test.",
		Required:            true,
		Validators:          []validator.String{stringvalidator.LengthAtLeast(1)},
		PlanModifiers:       []planmodifier.String{stringplanmodifier.RequiresReplace()},
	}
	attrs["triggers"] = schema.MapAttribute{
		MarkdownDescription: "Arbitrary values; any change fires a new test, as `terraform_data`'s `triggers_replace` " +
			"replaces it. Put there what should be tested again when it changes, such as the webhook's `modified_at`.",
		ElementType:   types.StringType,
		Optional:      true,
		PlanModifiers: []planmodifier.Map{mapplanmodifier.RequiresReplace()},
	}
	attrs["wait_for_final_status"] = schema.BoolAttribute{
		MarkdownDescription: fmt.Sprintf("Whether creating waits until the dispatch is no longer `ACTIVE`, reading it "+
			"every %s at first and doubling up to %s, within `timeouts.create`. Defaults to `true`, unlike the data source "+
			"`apify_webhook_dispatch`, whose default `false` keeps a plan from waiting: this resource exists to prove "+
			"the delivery in the apply that fires the test. Changing it does not fire a new test.", shortDuration(apify.DefaultWaitFirstInterval), shortDuration(apify.DefaultWaitMaxInterval)),
		Optional: true,
		Computed: true,
		Default:  booldefault.StaticBool(true),
	}
	resp.Schema = schema.Schema{
		MarkdownDescription: "Fires a test of a webhook when created: the platform sends the webhook a `TEST` event " +
			"(`POST /v2/webhooks/{webhookId}/test`), and the resource holds the dispatch that records its delivery, " +
			"with the same attributes as the `apify_webhook_dispatch` data source. With `wait_for_final_status` (the " +
			"default) the apply waits until the delivery succeeded or failed, so one `terraform apply` proves that a " +
			"webhook it declares delivers.\n\n" +
			"A delivery that `FAILED` is a warning; a `postcondition` on `self.status` turns it into a failed apply, " +
			"as the example shows. A change of `webhook_id` or `triggers` fires a new test; other changes do not. " +
			"A refresh reads the dispatch again (its status may have settled since); destroying it removes it from the " +
			"state only, since a dispatch cannot be deleted.\n\n" +
			"~> **Important** Firing a test is not idempotent, so the provider never repeats one whose request may " +
			"have reached the platform: a dropped connection or a timeout while firing fails the apply, saying that a " +
			"test may have been fired. Only an answer by which the API refused the request (429, or 503 with " +
			"`Retry-After`) is retried.",
		Attributes: attrs,
		Blocks: map[string]schema.Block{
			"timeouts": resourceCreateTimeoutsBlock(ctx, fmt.Sprintf("How long firing the test and waiting for "+
				"its delivery may take, as a duration such as `\"10m\"`. Defaults to `\"%s\"`.", shortDuration(defaultTestCreateTimeout))),
		},
	}
}

func (r *webhookTestDispatchResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan webhookTestDispatchModel
	if !readConfigured(ctx, r.client, req.Plan, &plan, &resp.Diagnostics) {
		return
	}
	createTimeout, diags := plan.Timeouts.Create(ctx, defaultTestCreateTimeout)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	ctx, cancel := context.WithTimeout(ctx, createTimeout)
	defer cancel()

	webhookID := plan.WebhookID.ValueString()
	tflog.Debug(ctx, "Firing a test of the webhook", map[string]any{"webhook_id": webhookID})
	fired, ok := fireTest(ctx, r.client, webhookID, apiTarget{timeout: createTimeout}, &resp.Diagnostics)
	if !ok {
		return
	}
	dispatchID := *fired.ID

	dispatch := fired
	if plan.WaitForFinalStatus.ValueBool() {
		// A dispatch just created may not be readable for a moment.
		settled, err := r.client.WaitForWebhookDispatch(ctx, dispatchID, apify.WaitOptions{NotFoundFor: notReadableFor})
		stillActive, isStillActive := errors.AsType[*apify.StillActiveError](err)
		switch {
		case isStillActive:
			dispatch = stillActive.Dispatch
			addTestStillActiveDiagnostic(&resp.Diagnostics, stillActive, dispatchID, createTimeout)
		case apify.IsNotFound(err):
			// The test was fired: an error would taint the resource, and the
			// next apply would fire a second one. The state keeps what the
			// platform answered when it fired it; a refresh reads on.
			resp.Diagnostics.AddAttributeWarning(path.Root("status"), "Webhook test dispatch not readable yet",
				fmt.Sprintf("The test was fired, but webhook dispatch %q could not be read for %s after it was "+
					"created (the API answered 404). Its ID and the status the platform answered with are in the state; "+
					"the next refresh reads it again, and no second test is fired.", dispatchID, shortDuration(notReadableFor)))
		case err != nil:
			addAPIErrorDiagnostic(&resp.Diagnostics, err, apiTarget{
				subject: fmt.Sprintf("webhook dispatch %q, the test just fired,", dispatchID), timeout: createTimeout,
			})
		default:
			dispatch = settled
		}
	}
	redactDispatches(ctx, r.client, []*apify.WebhookDispatch{dispatch}, path.Root("calls"), &resp.Diagnostics)
	if dispatch.Status != nil && *dispatch.Status == apify.DispatchStatusFailed {
		addTestFailedDiagnostic(&resp.Diagnostics, dispatch, dispatchID, webhookID)
	}
	// Even when the wait failed, the dispatch goes into the state, so that
	// its ID is not lost; Terraform then marks the resource for replacement.
	r.setState(ctx, dispatch, plan, &resp.State, &resp.Diagnostics)
}

// fireTest fires a test of webhookID and returns the dispatch it made,
// or reports why it could not. What the dispatch's calls are redacted of
// is learnt first, while there is time: the wait that follows may use it
// all (an error here is the redaction's to report). target gives the time
// limit and where it is set.
func fireTest(ctx context.Context, client *apify.Client, webhookID string, target apiTarget, diags *diag.Diagnostics) (*apify.WebhookDispatch, bool) {
	_ = client.LearnWebhookSecrets(ctx, webhookID)
	fired, err := client.TestWebhook(ctx, webhookID)
	if err != nil {
		target.action, target.subject = firing, fmt.Sprintf("a test of webhook %q", webhookID)
		target.kind, target.id, target.idPath = "webhook", webhookID, path.Root("webhook_id")
		target.afterRequest = "The request may have reached the platform, so a test may have been fired all the same: " +
			"look for a TEST dispatch of the webhook in Apify Console. The provider does not fire it again, so as not to send two."
		addAPIErrorDiagnostic(diags, err, target)
		return nil, false
	}
	if fired.ID == nil {
		diags.AddError("Unexpected response from the Apify API",
			fmt.Sprintf("The platform fired a test of webhook %q but its answer has no dispatch ID.", webhookID))
		return nil, false
	}
	return fired, true
}

// notReadableFor bounds how long a test dispatch the API does not find
// yet is read again before the wait gives up on it.
const notReadableFor = 30 * time.Second

func (r *webhookTestDispatchResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var state webhookTestDispatchModel
	if !readConfigured(ctx, r.client, req.State, &state, &resp.Diagnostics) {
		return
	}
	id := state.ID.ValueString()
	dispatch, err := r.client.GetWebhookDispatch(ctx, id)
	if apify.IsNotFound(err) {
		// The platform keeps dispatches for a while only. The test happened
		// and was recorded: the state stays as last read, and nothing is
		// fired again.
		tflog.Info(ctx, "The test dispatch is no longer kept by the API; keeping it as last read", map[string]any{"dispatch_id": id})
		return
	}
	if err != nil {
		addAPIErrorDiagnostic(&resp.Diagnostics, err, idTarget(reading, "webhook dispatch", id, path.Root("id")))
		return
	}
	redactDispatches(ctx, r.client, []*apify.WebhookDispatch{dispatch}, path.Root("calls"), &resp.Diagnostics)
	r.setState(ctx, dispatch, state, &resp.State, &resp.Diagnostics)
}

// Update changes only what fires nothing: wait_for_final_status and the
// timeouts. The dispatch stays as last read.
func (r *webhookTestDispatchResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan, state webhookTestDispatchModel
	read(ctx, req.Plan, &plan, &resp.Diagnostics)
	read(ctx, req.State, &state, &resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	state.WaitForFinalStatus = plan.WaitForFinalStatus
	state.Timeouts = plan.Timeouts
	setState(ctx, &resp.State, &resp.Diagnostics, &state)
}

// Delete forgets the dispatch: the API has no way to delete one.
func (r *webhookTestDispatchResource) Delete(_ context.Context, _ resource.DeleteRequest, _ *resource.DeleteResponse) {
}

// setState puts dispatch into state, keeping what the configuration set.
func (r *webhookTestDispatchResource) setState(ctx context.Context, dispatch *apify.WebhookDispatch, held webhookTestDispatchModel, state *tfsdk.State, diags *diag.Diagnostics) {
	m, d := dispatchToModel(dispatch)
	diags.Append(d...)
	// The webhook ID stays as configured; the dispatch names the same one.
	m.WebhookID = held.WebhookID
	held.dispatchModel = m
	setState(ctx, state, diags, &held)
}

func addTestStillActiveDiagnostic(diags *diag.Diagnostics, err *apify.StillActiveError, dispatchID string, createTimeout time.Duration) {
	if errors.Is(err, context.Canceled) {
		diags.AddError("Waiting for the webhook test canceled",
			fmt.Sprintf("The test was fired: webhook dispatch %q was still %s when Terraform canceled the wait: %s. "+
				"Its ID is in the state.", dispatchID, apify.DispatchStatusActive, sentence(err)))
		return
	}
	diags.AddAttributeError(path.Root("wait_for_final_status"), "Webhook dispatch still ACTIVE",
		fmt.Sprintf("The test was fired, but webhook dispatch %q did not settle within the create timeout of %s: %s. "+
			"Its ID is in the state, and the next apply fires a new test. Raise timeouts.create to wait longer, "+
			"or set wait_for_final_status = false and read the status later.",
			dispatchID, shortDuration(createTimeout), sentence(err)))
}

// addTestFailedDiagnostic warns that the platform gave up delivering the
// test, quoting the last call.
func addTestFailedDiagnostic(diags *diag.Diagnostics, d *apify.WebhookDispatch, dispatchID, webhookID string) {
	diags.AddAttributeWarning(path.Root("status"), "Webhook test not delivered", testNotDelivered(d, dispatchID, webhookID)+
		" This is a warning, so that the dispatch is kept in the state; a postcondition on self.status fails the apply on it.")
}

// testNotDelivered says that the platform gave up delivering test
// dispatch d, quoting its last call.
func testNotDelivered(d *apify.WebhookDispatch, dispatchID, webhookID string) string {
	last := "the platform made no delivery call"
	if n := len(d.Calls); n > 0 {
		call := d.Calls[n-1]
		answer := "got no response"
		if call.ResponseStatus != nil {
			answer = fmt.Sprintf("got HTTP %d", *call.ResponseStatus)
		}
		message := "no error message"
		if call.ErrorMessage != nil {
			message = fmt.Sprintf("%q", *call.ErrorMessage)
		}
		last = fmt.Sprintf("the last of %s %s, with %s", apify.Plural(n, "delivery call"), answer, message)
	}
	return fmt.Sprintf("The TEST dispatch %q of webhook %q %s: %s. Check that the webhook's request URL accepts the "+
		"platform's POST requests.", dispatchID, webhookID, deref(d.Status), last)
}
