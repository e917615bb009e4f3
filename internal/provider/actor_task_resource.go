package provider

import (
	"context"
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/apify/terraform-provider-apify/internal/apify"
)

// apify_actor_task: a saved input and run options of one Actor, which a
// schedule runs and a webhook watches.

var (
	_ resource.ResourceWithConfigure      = (*actorTaskResource)(nil)
	_ resource.ResourceWithImportState    = (*actorTaskResource)(nil)
	_ resource.ResourceWithIdentity       = (*actorTaskResource)(nil)
	_ resource.ResourceWithModifyPlan     = (*actorTaskResource)(nil)
	_ resource.ResourceWithValidateConfig = (*actorTaskResource)(nil)
)

type actorTaskResource struct{ managedResource }

func newActorTaskResource() resource.Resource {
	return &actorTaskResource{managedResource{typeSuffix: "_actor_task"}}
}

type actorTaskModel struct {
	ID             types.String
	ActorID        types.String
	Name           types.String
	Title          types.String
	Description    types.String
	Options        types.Object
	Input          types.String
	SensitiveInput types.String
	// The write-only input is always null in plans and states; only the
	// configuration holds it. Its version says when it changed.
	SensitiveInputWO        types.String
	SensitiveInputWOVersion types.Int64
	Username                types.String
	UserID                  types.String
	CreatedAt               types.String
	ModifiedAt              types.String
}

func (m *actorTaskModel) fields() map[string]any {
	return map[string]any{
		"id": &m.ID, "actor_id": &m.ActorID, "name": &m.Name, "title": &m.Title, "description": &m.Description,
		"options": &m.Options, "input": &m.Input, "sensitive_input": &m.SensitiveInput,
		"sensitive_input_wo": &m.SensitiveInputWO, "sensitive_input_wo_version": &m.SensitiveInputWOVersion, "username": &m.Username,
		"user_id": &m.UserID, "created_at": &m.CreatedAt, "modified_at": &m.ModifiedAt,
	}
}

func (r *actorTaskResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = actorTaskResourceSchema()
}

// actorTaskResourceSchema is the schema of apify_actor_task, and through
// dataSourceAttributes of its data source.
func actorTaskResourceSchema() schema.Schema {
	return schema.Schema{
		MarkdownDescription: "Manages an Apify Actor task: an Actor with a saved input and run options, which " +
			"`apify_schedule` runs and `apify_webhook` watches (`condition.actor_task_id`).\n\n" +
			"Every change is an update in place, but `actor_id`, which replaces the task. A task deleted outside " +
			"Terraform is planned to be created again, and one changed in Apify Console is planned back to the " +
			"configuration, but for the run options the configuration leaves out, which are the platform's. A create " +
			"never leaves a second task: when its answer is lost or its name is taken, the provider looks the task up " +
			"by its name, unique in the account, and takes it over if it is the one the configuration describes.\n\n" +
			"Import it by ID, as `username~task-name`, `username/task-name` or by its bare name, with `terraform import`, " +
			"an `import` block or its resource identity (Terraform 1.12 and OpenTofu 1.12 and later), or list the " +
			"account's tasks with `terraform query` (Terraform 1.14 and later). An import reads the whole input into " +
			"`sensitive_input`, since it cannot know which fields are secret; a plan names each input field the " +
			"configuration would remove, and a configuration that sets no input at all fails before any request.",
		Attributes: map[string]schema.Attribute{
			"id": keptString("ID of the task, such as `zdc3Pyhyz3m8vjDeM`."),
			"actor_id": schema.StringAttribute{
				MarkdownDescription: "ID of the Actor the task runs, such as `data.apify_actor.scraper.id`. Changing it replaces the task.",
				Required:            true,
				Validators:          []validator.String{stringvalidator.LengthAtLeast(1), objectID("Actor", "data.apify_actor.scraper.id", actorIDHint)},
				PlanModifiers:       []planmodifier.String{stringplanmodifier.RequiresReplace()},
			},
			"name": schema.StringAttribute{
				MarkdownDescription: "Name of the task, unique in the account: 3 to 63 lower-case letters, digits and " +
					"hyphens, such as `nightly-crawl`. With the owner's username it also names the task: `janedoe~nightly-crawl`.",
				Required:   true,
				Validators: []validator.String{nameValidator("task")},
			},
			"title":       optionalText("Title of the task, shown in Apify Console."),
			"description": optionalText("Description of the task, shown in Apify Console."),
			"options": runOptionsAttribute("Options of the task's runs.", "An option left out is the platform's: it is "+
				"not sent (one removed from the configuration is sent as null, to clear it) and not read, so one the "+
				"platform fills in plans no change."),
			"input": jsonObjectAttribute("Input of the task's runs, the Actor's input fields. Plans show it: put "+
				"secret fields in `sensitive_input`.", false),
			"sensitive_input": jsonObjectAttribute("Input fields that are secret, such as API keys: sent merged "+
				"into `input` at the top level and never shown in plans or logs, but kept in the state. No field "+
				"may be in both. "+
				"Conflicts with `sensitive_input_wo`.", true),
			"sensitive_input_wo": schema.StringAttribute{
				MarkdownDescription: "`sensitive_input` as a write-only attribute, kept in no plan or state: a JSON " +
					"object of secret input fields, merged into `input` on every create and update. Needs Terraform " +
					"1.11 or OpenTofu 1.11 or newer; feed it from an ephemeral variable. Its fields cannot be read back, " +
					"so a change of them in Apify Console is not seen; change `sensitive_input_wo_version` to send a new " +
					"value when nothing else changes.",
				Optional:  true,
				Sensitive: true,
				WriteOnly: true,
				Validators: []validator.String{
					jsonObject(),
					stringvalidator.ConflictsWith(path.MatchRoot("sensitive_input")),
					stringvalidator.AlsoRequires(path.MatchRoot("sensitive_input_wo_version")),
				},
			},
			"sensitive_input_wo_version": writeOnlyVersion("sensitive_input_wo"),
			"username":                   keptString("Username of the account that owns the task."),
			"user_id":                    keptString("ID of the Apify user who owns the task."),
			"created_at":                 keptString("When the task was created, as the API's RFC 3339 timestamp."),
			"modified_at":                computedString("When the task was last changed, as the API's RFC 3339 timestamp."),
		},
	}
}

func (r *actorTaskResource) IdentitySchema(_ context.Context, _ resource.IdentitySchemaRequest, resp *resource.IdentitySchemaResponse) {
	resp.IdentitySchema = idIdentitySchema("task", "zdc3Pyhyz3m8vjDeM")
}

// ValidateConfig refuses a field in both inputs: which value would the
// task run with?
func (r *actorTaskResource) ValidateConfig(ctx context.Context, req resource.ValidateConfigRequest, resp *resource.ValidateConfigResponse) {
	var input, secret types.String
	var writeOnly types.String
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root("input"), &input)...)
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root("sensitive_input"), &secret)...)
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root("sensitive_input_wo"), &writeOnly)...)
	plain := jsonFields(input)
	for name, secrets := range map[string]map[string]json.RawMessage{
		"sensitive_input":    jsonFields(secret),
		"sensitive_input_wo": jsonFields(types.StringPointerValue(writeOnly.ValueStringPointer())),
	} {
		var both []string
		for field := range secrets {
			if _, ok := plain[field]; ok {
				both = append(both, field)
			}
		}
		if len(both) > 0 {
			slices.Sort(both)
			var fields string
			if len(both) > 1 {
				fields = "The fields " + strings.Join(quoteAll(both), ", ") + " are"
			} else {
				fields = "The field " + strconv.Quote(both[0]) + " is"
			}
			resp.Diagnostics.AddAttributeError(path.Root(name), "Input field set twice",
				fmt.Sprintf("%s in both input and %s. Keep each field in one of them: %s for secrets, input for "+
					"the rest (the two are merged at the top level only).", fields, name, name))
		}
	}
}

// jsonFields are the fields of a JSON object; none when it is null,
// unknown or not an object (which its validator reports).
func jsonFields(v types.String) map[string]json.RawMessage {
	fields := map[string]json.RawMessage{}
	if !v.IsNull() && !v.IsUnknown() {
		_ = json.Unmarshal([]byte(v.ValueString()), &fields)
	}
	return fields
}

// ModifyPlan keeps modified_at when nothing else changes, and names the
// input fields and run options an update would remove
// (planRemovedInputFields, planRemovedOptions).
func (r *actorTaskResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	keepWhenUnchanged(ctx, req, resp, "modified_at")
	planRemovedInputFields(ctx, req, &resp.Diagnostics)
	planRemovedOptions(ctx, req, &resp.Diagnostics)
}

// planRemovedOptions names the run options the task has that an update
// would clear: after an import, every option the platform filled in,
// which the plan shows only as a change of options.
func planRemovedOptions(ctx context.Context, req resource.ModifyPlanRequest, diags *diag.Diagnostics) {
	if req.State.Raw.IsNull() || req.Plan.Raw.IsNull() {
		return
	}
	var state, plan types.Object
	diags.Append(req.State.GetAttribute(ctx, path.Root("options"), &state)...)
	diags.Append(req.Plan.GetAttribute(ctx, path.Root("options"), &plan)...)
	if diags.HasError() || state.IsNull() || state.IsUnknown() || plan.IsUnknown() {
		return
	}
	var removed []string
	for name, had := range state.Attributes() {
		if had.IsNull() {
			continue
		}
		if kept, ok := plan.Attributes()[name]; plan.IsNull() || !ok || kept.IsNull() {
			removed = append(removed, name)
		}
	}
	if len(removed) == 0 {
		return
	}
	slices.Sort(removed)
	diags.AddAttributeWarning(path.Root("options"), "Task run options removed",
		fmt.Sprintf("This plan clears the task's run options %s, which the configuration leaves out (an import reads "+
			"every option the task has). To keep one, set it in options.", strings.Join(removed, ", ")))
}

// asImportedTask is m as an import reads a task into it: what the
// configuration leaves to the platform is not known yet, so every option
// the API returns is read; nor which input fields are secret, so the
// whole input is read into sensitive_input, which no plan shows.
func asImportedTask(m actorTaskModel) actorTaskModel {
	m.Options = types.ObjectUnknown(runOptionsAttrTypes)
	m.SensitiveInput = types.StringUnknown()
	return m
}

// planRemovedInputFields names the input fields the task has that an
// update would remove, which the plan cannot show: sensitive_input hides
// them, and after an import it holds the whole input. Only their names
// are given, never their values. An imported task whose configuration
// sets no input at all, as the one Terraform generates on import does
// (sensitive attributes are generated as null), is an error before any
// request: clearing the input takes `input = jsonencode({})`.
func planRemovedInputFields(ctx context.Context, req resource.ModifyPlanRequest, diags *diag.Diagnostics) {
	if req.State.Raw.IsNull() || req.Plan.Raw.IsNull() {
		return
	}
	imported := wasImported(ctx, req, diags)
	var state, plan actorTaskModel
	read(ctx, req.State, some{"input": &state.Input, "sensitive_input": &state.SensitiveInput}, diags)
	read(ctx, req.Plan, some{"input": &plan.Input, "sensitive_input": &plan.SensitiveInput}, diags)
	writeOnly := writeOnlyInput(ctx, req.Config, diags)
	if diags.HasError() || plan.Input.IsUnknown() || plan.SensitiveInput.IsUnknown() {
		return
	}
	kept := jsonFields(plan.Input)
	maps.Copy(kept, jsonFields(plan.SensitiveInput))
	maps.Copy(kept, writeOnly)
	var removed []string
	for _, had := range []types.String{state.Input, state.SensitiveInput} {
		for field := range jsonFields(had) {
			if _, ok := kept[field]; !ok {
				removed = append(removed, field)
			}
		}
	}
	if len(removed) == 0 {
		return
	}
	slices.Sort(removed)
	fields := fieldList(removed)
	if imported && plan.Input.IsNull() && plan.SensitiveInput.IsNull() && len(writeOnly) == 0 {
		diags.AddAttributeError(path.Root("input"), "Task input not configured",
			fmt.Sprintf("The imported task has the input %s, and this configuration sets no input, which would clear it. A configuration "+
				"that Terraform generates on import writes input and sensitive_input as null, since it cannot know which "+
				"fields are secret. Set the fields in input, and the secret ones in sensitive_input or sensitive_input_wo, "+
				"as the task's Input tab in Apify Console shows them; to clear the input, set input = jsonencode({}).", fields))
		return
	}
	diags.AddAttributeWarning(path.Root("input"), "Task input fields removed",
		fmt.Sprintf("This plan removes the input %s from the task: neither input nor sensitive_input names it, and the plan "+
			"does not show the fields of a sensitive value. To keep a field, add it to input, or to sensitive_input if it "+
			"is secret.", fields))
}

// fieldList names input fields in a sentence: field "a", fields "a", "b".
func fieldList(names []string) string {
	if len(names) == 1 {
		return "field " + strconv.Quote(names[0])
	}
	return "fields " + strings.Join(quoteAll(names), ", ")
}

func (r *actorTaskResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan actorTaskModel
	if !readConfigured(ctx, r.client, req.Plan, &plan, &resp.Diagnostics) {
		return
	}
	writeOnly := writeOnlyInput(ctx, req.Config, &resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	tflog.Debug(ctx, "Creating Actor task", map[string]any{"name": plan.Name.ValueString()})
	created, err := r.client.CreateTask(ctx, actorTaskInput(plan, actorTaskModel{}, writeOnly))
	if createFailed(&resp.Diagnostics, created, err, "apify_actor_task", "task", plan.Name.ValueString()) {
		return
	}
	keepWriteOnlyFields(ctx, resp.Private, writeOnly, &resp.Diagnostics)
	setActorTaskState(ctx, created.Object, plan, writeOnly, &resp.State, resp.Identity, &resp.Diagnostics)
}

func (r *actorTaskResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var prior actorTaskModel
	if !readConfigured(ctx, r.client, req.State, &prior, &resp.Diagnostics) {
		return
	}
	importing, get := prior.Name.IsNull(), r.client.GetTask
	if importing {
		get = r.client.GetTaskByRef
	}
	task, err := get(ctx, prior.ID.ValueString())
	if readFailed(ctx, resp, err, prior.ID, importing, "task", taskRefForms) {
		return
	}
	if importing {
		prior = asImportedTask(prior)
		markImported(ctx, resp)
	}
	writeOnly := writeOnlyFields(ctx, req.Private, &resp.Diagnostics)
	setActorTaskState(ctx, task, prior, writeOnly, &resp.State, resp.Identity, &resp.Diagnostics)
}

func (r *actorTaskResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	if notConfigured(r.client, &resp.Diagnostics) {
		return
	}
	var plan, state actorTaskModel
	read(ctx, req.Plan, &plan, &resp.Diagnostics)
	read(ctx, req.State, &state, &resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	writeOnly := writeOnlyInput(ctx, req.Config, &resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	id := state.ID.ValueString()
	updated, err := r.client.UpdateTask(ctx, id, actorTaskInput(plan, state, writeOnly))
	if err != nil {
		addAPIErrorDiagnostic(&resp.Diagnostics, err, idTarget(updating, "task", id, path.Root("id")))
		return
	}
	keepWriteOnlyFields(ctx, resp.Private, writeOnly, &resp.Diagnostics)
	updatedAfterImport(ctx, resp)
	setActorTaskState(ctx, updated, plan, writeOnly, &resp.State, resp.Identity, &resp.Diagnostics)
}

func (r *actorTaskResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	deleteByID(ctx, r.client, req, resp, "task", (*apify.Client).DeleteTask)
}

// taskRefForms are the names of a task that import and the data source
// take (apify.Client.GetTaskByRef).
const taskRefForms = "a task's ID, such as zdc3Pyhyz3m8vjDeM, username~task-name, username/task-name, or the bare task-name in the token's account"

// ImportState takes any of taskRefForms: the read that follows the import
// resolves it, and keeps the ID the API answers with.
func (r *actorTaskResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	importByID(ctx, "apify_actor_task", taskRefForms, req, resp)
}

// actorTaskInput is the body of a create or an update for plan: every
// attribute, so that an update sets the task to the whole configuration
// (prior, the state before it, says which options to clear), and the
// input with the secret fields, writeOnly's too, merged in.
func actorTaskInput(plan, prior actorTaskModel, writeOnly map[string]json.RawMessage) apify.TaskInput {
	input := jsonInput(plan.Input)
	secrets := jsonFields(plan.SensitiveInput)
	if len(secrets) > 0 || len(writeOnly) > 0 {
		merged := jsonFields(plan.Input)
		maps.Copy(merged, secrets)
		maps.Copy(merged, writeOnly)
		input, _ = json.Marshal(merged)
	}
	maps.Copy(secrets, writeOnly)
	return apify.TaskInput{
		ActID:       plan.ActorID.ValueString(),
		Name:        plan.Name.ValueString(),
		Title:       plan.Title.ValueStringPointer(),
		Description: plan.Description.ValueStringPointer(),
		Options:     runOptionsInput(plan.Options, prior.Options),
		Input:       input,
		Secrets:     secretValues(secrets),
	}
}

// secretValues are the values of secret input fields as text: a string
// field's, or another field's JSON (the client redacts each in every form
// an error may print it in). Values of fewer than four characters are
// left out: they would garble every message they occur in, and guard
// nothing.
func secretValues(fields map[string]json.RawMessage) []string {
	var secrets []string
	for _, raw := range fields {
		var text string
		if json.Unmarshal(raw, &text) != nil {
			text = string(raw)
		}
		if len(text) >= 4 {
			secrets = append(secrets, text)
		}
	}
	return secrets
}

// writeOnlyInput reads the fields of sensitive_input_wo from config,
// which holds a write-only value at every apply; none when it is not set.
func writeOnlyInput(ctx context.Context, config tfsdk.Config, diags *diag.Diagnostics) map[string]json.RawMessage {
	var writeOnly types.String
	diags.Append(config.GetAttribute(ctx, path.Root("sensitive_input_wo"), &writeOnly)...)
	return jsonFields(types.StringPointerValue(writeOnly.ValueStringPointer()))
}

// writeOnlyFieldsKey is the private state's key of the names of the
// fields sensitive_input_wo sent, which a refresh leaves out of input.
// Only their names are kept, never their values.
const writeOnlyFieldsKey = "sensitive_input_wo_fields"

// privateState is a resource's private state, as a response holds it.
type privateState interface {
	SetKey(ctx context.Context, key string, value []byte) diag.Diagnostics
}

func keepWriteOnlyFields(ctx context.Context, private privateState, writeOnly map[string]json.RawMessage, diags *diag.Diagnostics) {
	names, _ := json.Marshal(slices.Sorted(maps.Keys(writeOnly)))
	diags.Append(private.SetKey(ctx, writeOnlyFieldsKey, names)...)
}

// writeOnlyFields are the names keepWriteOnlyFields kept, as the fields
// of an object whose values do not matter.
func writeOnlyFields(ctx context.Context, private interface {
	GetKey(ctx context.Context, key string) ([]byte, diag.Diagnostics)
}, diags *diag.Diagnostics,
) map[string]json.RawMessage {
	raw, d := private.GetKey(ctx, writeOnlyFieldsKey)
	diags.Append(d...)
	var names []string
	_ = json.Unmarshal(raw, &names)
	fields := make(map[string]json.RawMessage, len(names))
	for _, name := range names {
		fields[name] = nil
	}
	return fields
}

// setActorTaskState puts task into state. held, the plan or the prior
// state, says which options are the configuration's and which input
// fields are secret; the fields of writeOnly are left out.
func setActorTaskState(ctx context.Context, task *apify.Task, held actorTaskModel, writeOnly map[string]json.RawMessage,
	state *tfsdk.State, identity *tfsdk.ResourceIdentity, diags *diag.Diagnostics,
) {
	m := actorTaskToModel(task, held, writeOnly, diags)
	// The version stays as configured; the write-only value is never kept.
	m.SensitiveInputWOVersion = held.SensitiveInputWOVersion
	setResourceState(ctx, state, identity, &m, m.ID, diags)
}

// actorTaskToModel maps a task. The description leaves open whether the
// platform stores a null title, description or input as null or as ""
// and {}: each reads as not set.
func actorTaskToModel(task *apify.Task, held actorTaskModel, writeOnly map[string]json.RawMessage, diags *diag.Diagnostics) actorTaskModel {
	m := actorTaskModel{
		ID:          types.StringPointerValue(task.ID),
		ActorID:     types.StringPointerValue(task.ActID),
		Name:        types.StringPointerValue(task.Name),
		Title:       nonEmptyString(task.Title),
		Description: nonEmptyString(task.Description),
		Options:     runOptionsValue(task.Options, held.Options, diags),
		Username:    types.StringPointerValue(task.Username),
		UserID:      types.StringPointerValue(task.UserID),
		CreatedAt:   types.StringPointerValue(task.CreatedAt),
		ModifiedAt:  types.StringPointerValue(task.ModifiedAt),
		// Never in a state: only the configuration holds it.
		SensitiveInputWO:        types.StringNull(),
		SensitiveInputWOVersion: types.Int64Null(),
	}
	m.Input, m.SensitiveInput = splitInput(task.Input, held, writeOnly)
	return m
}

// splitInput divides a task's input between input and sensitive_input:
// the fields held's sensitive_input names go to the second, or every
// field when that is unknown (on import); the fields of writeOnly go to
// neither. A field the platform returns encrypted, as it stores the
// fields an Actor's input schema marks secret, keeps held's value.
func splitInput(raw json.RawMessage, held actorTaskModel, writeOnly map[string]json.RawMessage) (input, secret types.String) {
	if held.SensitiveInput.IsUnknown() {
		return types.StringNull(), jsonValue(raw, types.StringNull())
	}
	fields := map[string]json.RawMessage{}
	if len(raw) > 0 && json.Unmarshal(raw, &fields) != nil {
		// Not an object, which the description rules out: shown as it is.
		return jsonValue(raw, held.Input), held.SensitiveInput
	}
	heldPlain, heldSecret := jsonFields(held.Input), jsonFields(held.SensitiveInput)
	plain, secrets := map[string]json.RawMessage{}, map[string]json.RawMessage{}
	for name, v := range fields {
		if _, ok := writeOnly[name]; ok {
			continue
		}
		if encrypted(v) {
			v = firstNonEmpty(heldSecret[name], heldPlain[name], v)
		}
		if _, ok := heldSecret[name]; ok {
			secrets[name] = v
		} else {
			plain[name] = v
		}
	}
	plainJSON, _ := json.Marshal(plain)
	secretJSON, _ := json.Marshal(secrets)
	return jsonValue(plainJSON, held.Input), jsonValue(secretJSON, held.SensitiveInput)
}

// firstNonEmpty is the first of values that is not empty.
func firstNonEmpty(values ...json.RawMessage) json.RawMessage {
	for _, v := range values {
		if len(v) > 0 {
			return v
		}
	}
	return nil
}

// encrypted says whether an input field's value is one the platform
// stores encrypted.
func encrypted(v json.RawMessage) bool {
	var text string
	return json.Unmarshal(v, &text) == nil && strings.HasPrefix(text, apify.EncryptedValuePrefix)
}

// quoteAll quotes each of values as Go does.
func quoteAll(values []string) []string {
	quoted := make([]string, len(values))
	for i, v := range values {
		quoted[i] = strconv.Quote(v)
	}
	return quoted
}
