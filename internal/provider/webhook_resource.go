package provider

import (
	"context"
	"fmt"
	"maps"

	"github.com/hashicorp/terraform-plugin-framework-validators/resourcevalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/setvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/apify/terraform-provider-apify/internal/apify"
)

// apify_webhook as a resource: the webhook a pipeline declares, with its
// secrets kept out of plans (and, write-only, out of the state).

var (
	_ resource.ResourceWithConfigure        = (*webhookResource)(nil)
	_ resource.ResourceWithImportState      = (*webhookResource)(nil)
	_ resource.ResourceWithConfigValidators = (*webhookResource)(nil)
	_ resource.ResourceWithModifyPlan       = (*webhookResource)(nil)
	_ resource.ResourceWithIdentity         = (*webhookResource)(nil)
)

type webhookResource struct{ managedResource }

type webhookResourceModel struct {
	webhookModel
	webhookTemplatesModel
	// The write-only attributes are always null in plans and states; only
	// the configuration holds their values. Their versions say when to
	// send them.
	RequestURLWO             types.String
	RequestURLWOVersion      types.Int64
	HeadersTemplateWO        types.String
	HeadersTemplateWOVersion types.Int64
}

func (m *webhookResourceModel) fields() map[string]any {
	f := m.webhookModel.fields()
	maps.Copy(f, m.webhookTemplatesModel.fields())
	f["request_url_wo"], f["request_url_wo_version"] = &m.RequestURLWO, &m.RequestURLWOVersion
	f["headers_template_wo"], f["headers_template_wo_version"] = &m.HeadersTemplateWO, &m.HeadersTemplateWOVersion
	return f
}

// usesRequestURLWO and usesHeadersTemplateWO say whether m takes the value
// from the write-only attribute, so that no state ever holds it.
func (m webhookResourceModel) usesRequestURLWO() bool {
	return m.RequestURL.IsNull() && !m.RequestURLWOVersion.IsNull()
}

func (m webhookResourceModel) usesHeadersTemplateWO() bool {
	return m.HeadersTemplate.IsNull() && !m.HeadersTemplateWOVersion.IsNull()
}

func newWebhookResource() resource.Resource {
	return &webhookResource{managedResource{typeSuffix: "_webhook"}}
}

func (r *webhookResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = webhookResourceSchema()
}

// webhookResourceSchema is the schema of apify_webhook.
func webhookResourceSchema() schema.Schema {
	return schema.Schema{
		MarkdownDescription: "Manages an Apify webhook: the platform sends an HTTP POST request to `request_url` when an " +
			"event of `event_types` happens to the Actor or task of `condition`. Its dispatches can then be read with " +
			"`apify_webhook_dispatches`, and `apify_webhook_test_dispatch` proves in the same apply that it delivers.\n\n" +
			"Import it by ID with `terraform import` or an `import` block (Terraform 1.5 and later), or by its resource " +
			"identity (Terraform 1.12 and OpenTofu 1.12 and later). A webhook this " +
			"resource cannot represent fails to import with the reason: an integration without `request_url` " +
			"(Slack, email), an ad-hoc webhook, or one that watches a single Actor run, or both an Actor and a task. " +
			"A managed webhook changed into one of those outside Terraform is a warning on refresh, planned back " +
			"to the configuration; destroy deletes it all the same.\n\n" +
			"Every change is an update in place. A webhook deleted outside Terraform is planned to be created again, " +
			"and one changed in Apify Console is planned back to the configuration.\n\n" +
			"~> **Important** `request_url` and `headers_template` often carry credentials. They are sensitive: " +
			"plans, logs and errors never show them, but the state holds them, so keep the state where secrets belong. " +
			"On Terraform 1.11 and OpenTofu 1.11 and newer, prefer `request_url_wo` and `headers_template_wo`, which " +
			"no plan or state holds.",
		Attributes: map[string]schema.Attribute{
			"id":          keptString(webhookDoc("id")),
			"user_id":     keptString(webhookDoc("user_id")),
			"created_at":  keptString(webhookDoc("created_at")),
			"modified_at": computedString(webhookDoc("modified_at")),
			"event_types": schema.SetAttribute{
				MarkdownDescription: webhookDoc("event_types") + " At least one. A value in the wrong case is an error; " +
					"one the provider does not know is a warning, so that event types the API adds later still work.",
				ElementType: types.StringType,
				Required:    true,
				Validators: []validator.Set{
					setvalidator.SizeAtLeast(1),
					setvalidator.ValueStringsAre(eventTypeValidator()),
				},
			},
			"condition": schema.SingleNestedAttribute{
				MarkdownDescription: webhookDoc("condition") + " Set exactly one of `actor_id` and `actor_task_id`.",
				Required:            true,
				Attributes: map[string]schema.Attribute{
					"actor_id": schema.StringAttribute{
						MarkdownDescription: webhookDoc("actor_id"),
						Optional:            true,
						Validators:          []validator.String{stringvalidator.LengthAtLeast(1)},
					},
					"actor_task_id": schema.StringAttribute{
						MarkdownDescription: webhookDoc("actor_task_id"),
						Optional:            true,
						Validators:          []validator.String{stringvalidator.LengthAtLeast(1)},
					},
				},
			},
			"request_url": schema.StringAttribute{
				MarkdownDescription: webhookDoc("request_url") + " An absolute `http://` or `https://` URL. One that " +
					"the platform stores in another form (the host in other case, `/` for an empty path) plans no change. " +
					"Set exactly one of `request_url` and `request_url_wo`.",
				Optional:      true,
				Sensitive:     true,
				Validators:    []validator.String{absoluteHTTPURL()},
				PlanModifiers: []planmodifier.String{keepEquivalentForm(sameURL)},
			},
			"request_url_wo": schema.StringAttribute{
				MarkdownDescription: "`request_url` as a write-only attribute: sent to the API, never kept in the plan " +
					"or the state. " + writeOnlyDoc("request_url_wo_version"),
				Optional:   true,
				Sensitive:  true,
				WriteOnly:  true,
				Validators: []validator.String{absoluteHTTPURL(), stringvalidator.AlsoRequires(path.MatchRoot("request_url_wo_version"))},
			},
			"request_url_wo_version": writeOnlyVersion("request_url_wo"),
			"payload_template": schema.StringAttribute{
				MarkdownDescription: webhookDoc("payload_template") + " Not only white space. One that differs from " +
					"the stored template only in white space outside its strings plans no change.",
				Optional:      true,
				Validators:    []validator.String{template(false)},
				PlanModifiers: []planmodifier.String{keepEquivalentForm(sameTemplate)},
			},
			"headers_template": schema.StringAttribute{
				MarkdownDescription: webhookDoc("headers_template") + " Not only white space, and without the headers " +
					"the platform sets itself: " + quotedList(platformHeaders) + ". One that differs from the stored " +
					"template only in white space outside its strings plans no change. Conflicts with `headers_template_wo`.",
				Optional:  true,
				Sensitive: true,
				Validators: []validator.String{
					template(true),
					stringvalidator.ConflictsWith(path.MatchRoot("headers_template_wo")),
				},
				PlanModifiers: []planmodifier.String{keepEquivalentForm(sameTemplate)},
			},
			"headers_template_wo": schema.StringAttribute{
				MarkdownDescription: "`headers_template` as a write-only attribute: sent to the API, never kept in the " +
					"plan or the state. " + writeOnlyDoc("headers_template_wo_version"),
				Optional:   true,
				Sensitive:  true,
				WriteOnly:  true,
				Validators: []validator.String{template(true), stringvalidator.AlsoRequires(path.MatchRoot("headers_template_wo_version"))},
			},
			"headers_template_wo_version": writeOnlyVersion("headers_template_wo"),
			"description": schema.StringAttribute{
				MarkdownDescription: webhookDoc("description"),
				Optional:            true,
				Validators:          []validator.String{stringvalidator.LengthAtLeast(1)},
			},
			"ignore_ssl_errors":          optionalBool(webhookDoc("ignore_ssl_errors"), false),
			"do_not_retry":               optionalBool(webhookDoc("do_not_retry"), false),
			"should_interpolate_strings": optionalBool(webhookDoc("should_interpolate_strings"), false),
		},
	}
}

// IdentitySchema gives the webhook its identity, the ID, which engines
// from Terraform 1.12 and OpenTofu 1.12 on keep beside the state and
// import by.
func (r *webhookResource) IdentitySchema(_ context.Context, _ resource.IdentitySchemaRequest, resp *resource.IdentitySchemaResponse) {
	resp.IdentitySchema = idIdentitySchema("webhook", "YiKoxjkaS9gjGTqhF")
}

func (r *webhookResource) ConfigValidators(_ context.Context) []resource.ConfigValidator {
	return []resource.ConfigValidator{
		resourcevalidator.ExactlyOneOf(
			path.MatchRoot("condition").AtName("actor_id"),
			path.MatchRoot("condition").AtName("actor_task_id"),
		),
		resourcevalidator.ExactlyOneOf(path.MatchRoot("request_url"), path.MatchRoot("request_url_wo")),
	}
}

// ModifyPlan keeps modified_at when nothing else changes, and refuses to
// drop the headers template of an imported webhook that the configuration
// leaves out, as one Terraform generates does (sensitive attributes are
// generated as null).
func (r *webhookResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	keepWhenUnchanged(ctx, req, resp, "modified_at")
	if req.State.Raw.IsNull() || req.Plan.Raw.IsNull() || !wasImported(ctx, req, &resp.Diagnostics) {
		return
	}
	var state, plan webhookResourceModel
	read(ctx, req.State, some{"headers_template": &state.HeadersTemplate}, &resp.Diagnostics)
	read(ctx, req.Plan, some{"headers_template": &plan.HeadersTemplate, "headers_template_wo_version": &plan.HeadersTemplateWOVersion}, &resp.Diagnostics)
	if !state.HeadersTemplate.IsNull() && plan.HeadersTemplate.IsNull() && !plan.usesHeadersTemplateWO() {
		resp.Diagnostics.AddAttributeError(path.Root("headers_template"), "Webhook headers template not configured",
			"The imported webhook has a headers template, and this configuration sets none, which would remove it. A "+
				"configuration that Terraform generates on import writes it as null, since it is sensitive. Set headers_template "+
				"(or headers_template_wo) to the template Apify Console shows on the webhook; to remove it, apply once with it "+
				"set, then remove it from the configuration.")
	}
}

func (r *webhookResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan webhookResourceModel
	if !readConfigured(ctx, r.client, req.Plan, &plan, &resp.Diagnostics) {
		return
	}
	in := webhookInput(ctx, plan, &resp.Diagnostics)
	sendWriteOnly(ctx, req.Config, plan, webhookResourceModel{}, &in, &resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	// One key for this create, however often the client retries it: the
	// API creates the webhook once.
	key := apify.NewIdempotencyKey()
	in.IdempotencyKey = &key
	tflog.Debug(ctx, "Creating webhook")
	created, err := r.client.CreateWebhook(ctx, in)
	if err != nil {
		addAPIErrorDiagnostic(&resp.Diagnostics, err, apiTarget{
			action: creating, subject: "the webhook",
			afterRequest: "The webhook may have been created all the same: look for it in Apify Console, and import it " +
				"with `terraform import` rather than apply again, which would create a second one.",
		})
		return
	}
	setWebhookState(ctx, created, plan, &resp.State, resp.Identity, &resp.Diagnostics)
}

func (r *webhookResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var prior webhookResourceModel
	if !readConfigured(ctx, r.client, req.State, &prior, &resp.Diagnostics) {
		return
	}
	id := prior.ID.ValueString()
	webhook, err := r.client.GetWebhook(ctx, id)
	// Not importing: a webhook that does not exist is removed from the
	// state, and an import of one fails with Terraform's "Cannot import
	// non-existent remote object".
	if readFailed(ctx, resp, err, prior.ID, false, "webhook", "") {
		return
	}
	reason := unmanageable(webhook)
	if reason != "" {
		// An import (a state of only the ID) of such a webhook fails. One
		// already managed that was changed into it is read as far as it
		// can be, so that the plan sets it back and destroy still works.
		if prior.EventTypes.IsNull() {
			resp.Diagnostics.AddError("Webhook cannot be managed by apify_webhook",
				fmt.Sprintf("Webhook %q %s, which apify_webhook cannot represent. Manage it in Apify Console, "+
					"or read it with the apify_webhook data source.", id, reason))
			return
		}
		resp.Diagnostics.AddWarning("Webhook changed beyond what apify_webhook represents",
			fmt.Sprintf("Webhook %q %s, which apify_webhook cannot represent; it was changed outside Terraform. "+
				"Apply to set it back to the configuration, or remove it from the state with `terraform state rm` "+
				"and manage it in Apify Console. Destroy deletes it as usual.", id, reason))
	}
	if prior.EventTypes.IsNull() {
		// An import: a state of only the ID.
		markImported(ctx, resp)
	}
	setWebhookState(ctx, webhook, prior, &resp.State, resp.Identity, &resp.Diagnostics)
	if reason != "" && !resp.Diagnostics.HasError() {
		// What makes it so may have no attribute here (an ad-hoc flag, a
		// run in the condition): a null condition plans the update that
		// sends the configured webhook whole.
		resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("condition"), types.ObjectNull(managedConditionAttrTypes))...)
	}
}

func (r *webhookResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	if notConfigured(r.client, &resp.Diagnostics) {
		return
	}
	var plan, state webhookResourceModel
	read(ctx, req.Plan, &plan, &resp.Diagnostics)
	read(ctx, req.State, &state, &resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	in := webhookInput(ctx, plan, &resp.Diagnostics)
	sendWriteOnly(ctx, req.Config, plan, state, &in, &resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	id := state.ID.ValueString()
	updated, err := r.client.UpdateWebhook(ctx, id, in)
	if err != nil {
		addAPIErrorDiagnostic(&resp.Diagnostics, err, idTarget(updating, "webhook", id, path.Root("id")))
		return
	}
	updatedAfterImport(ctx, resp)
	setWebhookState(ctx, updated, plan, &resp.State, resp.Identity, &resp.Diagnostics)
}

func (r *webhookResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	deleteByID(ctx, r.client, req, resp, "webhook", (*apify.Client).DeleteWebhook)
}

func (r *webhookResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	importByID(ctx, "apify_webhook", "the webhook's ID, such as YiKoxjkaS9gjGTqhF", req, resp)
}

// setWebhookState puts webhook into state. Where the API stores a value in a
// form of its own (a URL with "/" added, a template reformatted), the
// value of held, which the plan or the prior state holds, is kept:
// otherwise the next plan would change it back forever.
func setWebhookState(ctx context.Context, webhook *apify.Webhook, held webhookResourceModel, state *tfsdk.State, identity *tfsdk.ResourceIdentity, diags *diag.Diagnostics) {
	m := webhookResourceModel{
		webhookModel:          webhookToModel(webhook, managedConditionAttrTypes, diags),
		webhookTemplatesModel: webhookTemplatesToModel(webhook),
	}
	m.RequestURL = keepEquivalent(held.RequestURL, m.RequestURL, sameURL)
	m.RequestURLWOVersion, m.HeadersTemplateWOVersion = held.RequestURLWOVersion, held.HeadersTemplateWOVersion
	if held.PayloadTemplate.IsNull() && isDefaultPayloadTemplate(m.PayloadTemplate) {
		// The platform may store its default payload for a webhook sent
		// without one: that is what null means.
		m.PayloadTemplate = types.StringNull()
	}
	m.PayloadTemplate = keepEquivalent(held.PayloadTemplate, m.PayloadTemplate, sameTemplate)
	m.HeadersTemplate = keepEquivalent(held.HeadersTemplate, m.HeadersTemplate, sameTemplate)
	// A value sent from a write-only attribute never rests in the state.
	if held.usesRequestURLWO() {
		m.RequestURL = types.StringNull()
	}
	if held.usesHeadersTemplateWO() {
		m.HeadersTemplate = types.StringNull()
	}
	setResourceState(ctx, state, identity, &m, m.ID, diags)
}

// keepEquivalent returns held when got says the same in another form.
func keepEquivalent(held, got types.String, same func(a, b string) bool) types.String {
	if held.IsNull() || held.IsUnknown() || got.IsNull() {
		return got
	}
	if same(held.ValueString(), got.ValueString()) {
		return held
	}
	return got
}

// unmanageable says why the resource cannot represent webhook, or returns
// "" when it can.
func unmanageable(w *apify.Webhook) string {
	switch {
	case w.RequestURL == nil || *w.RequestURL == "":
		return "sends no HTTP request (it has no requestUrl: a Slack, email or other integration)"
	case w.IsAdHoc != nil && *w.IsAdHoc:
		return "is an ad-hoc webhook, created for a single Actor run"
	case w.Condition == nil:
		return "has no condition"
	case w.Condition.ActorRunID != nil:
		return "watches an Actor run rather than an Actor or a task"
	case (w.Condition.ActorID == nil) == (w.Condition.ActorTaskID == nil):
		return "does not watch exactly one Actor or task"
	}
	return ""
}

// writeOnlyDoc describes a write-only attribute whose version attribute is
// version.
func writeOnlyDoc(version string) string {
	return "Needs Terraform 1.11 or OpenTofu 1.11 or newer. The value is sent when the webhook is created and " +
		"whenever `" + version + "` changes, and only then: the provider cannot see whether it was changed " +
		"outside Terraform (drift of every other attribute is still planned back). Feed it from an ephemeral " +
		"variable or resource so that it never touches a state file."
}

// webhookInput is the body of a create or an update for plan. Every
// attribute is sent, so that an update sets the webhook to the whole
// configuration: a field left out of a PUT would stay as it was.
func webhookInput(ctx context.Context, plan webhookResourceModel, diags *diag.Diagnostics) apify.WebhookInput {
	var eventTypes []string
	diags.Append(plan.EventTypes.ElementsAs(ctx, &eventTypes, false)...)
	return apify.WebhookInput{
		EventTypes: eventTypes,
		Condition: &apify.WebhookCondition{
			ActorID:     objectAttr[types.String](plan.Condition, "actor_id").ValueStringPointer(),
			ActorTaskID: objectAttr[types.String](plan.Condition, "actor_task_id").ValueStringPointer(),
		},
		RequestURL:               plan.RequestURL.ValueString(),
		PayloadTemplate:          plan.PayloadTemplate.ValueStringPointer(),
		HeadersTemplate:          plan.HeadersTemplate.ValueStringPointer(),
		Description:              plan.Description.ValueStringPointer(),
		IgnoreSSLErrors:          plan.IgnoreSSLErrors.ValueBool(),
		DoNotRetry:               plan.DoNotRetry.ValueBool(),
		ShouldInterpolateStrings: plan.ShouldInterpolateStrings.ValueBool(),
	}
}

// sendWriteOnly sets in's request URL and headers template from the
// write-only attributes of config where plan uses them, when their
// version differs from prior's (always on a create, whose prior is the
// zero model). Otherwise an update leaves them out of its request, and
// the webhook keeps what was sent before.
func sendWriteOnly(ctx context.Context, config tfsdk.Config, plan, prior webhookResourceModel, in *apify.WebhookInput, diags *diag.Diagnostics) {
	// A value null at apply cannot come here: the configuration's
	// validators run again at apply, when every value is known.
	var wo types.String
	if plan.usesRequestURLWO() {
		in.RequestURL = ""
		if !plan.RequestURLWOVersion.Equal(prior.RequestURLWOVersion) {
			diags.Append(config.GetAttribute(ctx, path.Root("request_url_wo"), &wo)...)
			in.RequestURL = wo.ValueString()
		}
	}
	if plan.usesHeadersTemplateWO() {
		in.HeadersTemplate, in.KeepHeadersTemplate = nil, true
		if !plan.HeadersTemplateWOVersion.Equal(prior.HeadersTemplateWOVersion) {
			diags.Append(config.GetAttribute(ctx, path.Root("headers_template_wo"), &wo)...)
			in.HeadersTemplate, in.KeepHeadersTemplate = wo.ValueStringPointer(), false
		}
	}
}

// objectAttr is the attribute name of o, of the type T its schema gives
// it: the zero value, which is null, when o is null.
func objectAttr[T attr.Value](o types.Object, name string) T {
	v, _ := o.Attributes()[name].(T)
	return v
}

// keepEquivalentForm plans the stored value where the configured one says
// the same in another form, as same judges: after an import, or after the
// platform stored a value in a form of its own. Terraform takes a planned
// value equal to the prior state as the provider's judgement that the
// configuration's says the same.
func keepEquivalentForm(same func(a, b string) bool) planmodifier.String {
	return equivalentFormModifier{"A value that says the same as the stored one in another form plans no change.", same}
}

type equivalentFormModifier struct {
	described
	same func(a, b string) bool
}

func (m equivalentFormModifier) PlanModifyString(_ context.Context, req planmodifier.StringRequest, resp *planmodifier.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() || req.StateValue.IsNull() || req.StateValue.IsUnknown() {
		return
	}
	if m.same(req.ConfigValue.ValueString(), req.StateValue.ValueString()) {
		resp.PlanValue = req.StateValue
	}
}
