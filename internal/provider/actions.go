package provider

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/action"
	"github.com/hashicorp/terraform-plugin-framework/action/schema"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/apify/terraform-provider-apify/internal/apify"
)

// Actions (Terraform 1.14 and later): apify_run_actor_task and
// apify_run_actor start a run and wait until it finishes, and
// apify_test_webhook fires a test of a webhook and waits for its
// delivery. An action has no outputs; the apify_actor_run and
// apify_webhook_dispatches data sources read what a run did.

var (
	_ action.ActionWithConfigure = (*runAction)(nil)
	_ action.ActionWithConfigure = (*testWebhookAction)(nil)
)

// providerAction is what every action starts from: its type name after
// the provider's, and the client the provider configured.
type providerAction struct {
	typeSuffix string
	client     *apify.Client
}

func (a *providerAction) Metadata(_ context.Context, req action.MetadataRequest, resp *action.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + a.typeSuffix
}

func (a *providerAction) Configure(_ context.Context, req action.ConfigureRequest, resp *action.ConfigureResponse) {
	a.client = clientFromProviderData(req.ProviderData, &resp.Diagnostics)
}

func (p *apifyProvider) Actions(_ context.Context) []func() action.Action {
	return []func() action.Action{
		func() action.Action {
			return &runAction{providerAction{typeSuffix: "_run_actor_task"}, "task", "actor_task_id"}
		},
		func() action.Action { return &runAction{providerAction{typeSuffix: "_run_actor"}, "Actor", "actor_id"} },
		func() action.Action { return &testWebhookAction{providerAction{typeSuffix: "_test_webhook"}} },
	}
}

// Defaults of the actions' timeouts.
const (
	defaultRunTimeout  = 30 * time.Minute
	defaultTestTimeout = 5 * time.Minute
)

// progressEvery is how often a wait that sees no new status reports
// progress: at a pace a person reads.
const progressEvery = 10 * time.Second

// runAction starts a run of a task (kind "task", by actor_task_id) or of
// an Actor (kind "Actor", by actor_id).
type runAction struct {
	providerAction
	kind, idAttribute string
}

func (a *runAction) Schema(_ context.Context, _ action.SchemaRequest, resp *action.SchemaResponse) {
	input := "Input of the run, a JSON object such as `jsonencode({ maxPages = 1 })`: the Actor's whole input. " +
		"Defaults to an empty object."
	if a.kind == "task" {
		input = "Input fields that override the task's for this run, a JSON object such as " +
			"`jsonencode({ maxPages = 1 })`: the run takes the task's input with these fields set (merged at the top " +
			"level, as the API does). Defaults to none."
	}
	option := func(description string) schema.Int64Attribute {
		return schema.Int64Attribute{MarkdownDescription: description, Optional: true}
	}
	resp.Schema = schema.Schema{
		MarkdownDescription: fmt.Sprintf("Runs an Apify %s and waits until the run finishes (Terraform 1.14 and later): "+
			"invoke it from a resource's `lifecycle { action_trigger { ... } }`, or on demand with "+
			"`terraform apply -invoke=action.apify_run%s.<name>`. It fails, naming the run, its status and its status "+
			"message, when the run does not end `SUCCEEDED`; the `apify_actor_run` data source reads the run after.\n\n"+
			"~> **Important** A run costs money and the API takes no idempotency key for it, so a start is retried only "+
			"when the API certainly refused it (429, or 503 with `Retry-After`). When its answer is lost, the action fails "+
			"saying a run may have started, and where to find it. Stopping Terraform (Ctrl-C) while it waits stops the "+
			"wait at once; the run, whose ID the action's first progress line gives, goes on on the platform: abort it in "+
			"Apify Console if you must.",
			a.kind, a.typeSuffix[len("_run"):]),
		Attributes: map[string]schema.Attribute{
			a.idAttribute: schema.StringAttribute{
				MarkdownDescription: fmt.Sprintf("ID of the %s to run.", a.kind),
				Required:            true,
				Validators:          []validator.String{stringvalidator.LengthAtLeast(1)},
			},
			"input": schema.StringAttribute{
				MarkdownDescription: input + " Terraform has no sensitive arguments for actions, so a plan may show it: keep " +
					"secret fields in the task's `sensitive_input`. No error quotes its values.",
				Optional:   true,
				Validators: []validator.String{jsonObject()},
			},
			"build":        schema.StringAttribute{MarkdownDescription: "Build to run, such as `latest` or `0.1.2`.", Optional: true},
			"timeout_secs": option("Time limit of the run, in seconds; `0` for none."),
			"memory_mbytes": schema.Int64Attribute{
				MarkdownDescription: "Memory of the run, in megabytes: a power of 2 from 128.",
				Optional:            true,
				Validators:          []validator.Int64{powerOfTwoAtLeast(128)},
			},
			"max_items": option("The most dataset items the run may charge for (pay-per-result Actors)."),
			"max_total_charge_usd": schema.Float64Attribute{
				MarkdownDescription: "The most the run may charge, in US dollars (pay-per-event Actors).",
				Optional:            true,
			},
			"wait": schema.BoolAttribute{
				MarkdownDescription: "Whether to wait until the run finishes. Defaults to `true`; `false` starts the run and returns.",
				Optional:            true,
			},
			"timeout": timeoutAttribute(fmt.Sprintf("How long to wait for the run, as a duration such as `\"2h\"`. Defaults to "+
				"`\"%s\"`. When it runs out, the action fails, naming the run, which goes on.", shortDuration(defaultRunTimeout))),
		},
	}
}

func (a *runAction) Invoke(ctx context.Context, req action.InvokeRequest, resp *action.InvokeResponse) {
	var target, input, build, timeout types.String
	var timeoutSecs, memory, maxItems types.Int64
	var maxCharge types.Float64
	var wait types.Bool
	if !readConfigured(ctx, a.client, req.Config, some{
		a.idAttribute: &target, "input": &input, "build": &build, "timeout_secs": &timeoutSecs, "memory_mbytes": &memory,
		"max_items": &maxItems, "max_total_charge_usd": &maxCharge, "wait": &wait, "timeout": &timeout,
	}, &resp.Diagnostics) {
		return
	}
	ctx, cancel, limit := withActionTimeout(ctx, timeout, defaultRunTimeout)
	defer cancel()

	id := target.ValueString()
	scope := apify.RunScope{ActorID: id}
	lastRun := fmt.Sprintf(`data "apify_actor_run" "last" { actor_id = %q }`, id)
	if a.kind == "task" {
		scope = apify.RunScope{ActorTaskID: id}
		lastRun = fmt.Sprintf(`data "apify_actor_run" "last" { actor_task_id = %q }`, id)
	}
	start := apify.RunStart{
		Input: jsonInput(input), Build: build.ValueStringPointer(), TimeoutSecs: timeoutSecs.ValueInt64Pointer(),
		MemoryMbytes: memory.ValueInt64Pointer(), MaxItems: maxItems.ValueInt64Pointer(), MaxTotalChargeUSD: maxCharge.ValueFloat64Pointer(),
		Secrets: secretValues(jsonFields(input)),
	}
	tflog.Debug(ctx, "Starting a run", map[string]any{"kind": a.kind, "id": id})
	run, err := a.client.StartRun(ctx, scope, start)
	if err != nil {
		addAPIErrorDiagnostic(&resp.Diagnostics, err, apiTarget{
			action: starting, subject: fmt.Sprintf("a run of %s %q", a.kind, id),
			kind: a.kind, id: id, idPath: path.Root(a.idAttribute), timeout: limit, limitIn: "the action's timeout argument",
			afterRequest: fmt.Sprintf("The request may have reached the platform, so a run may have started all the same: "+
				"it would be the %s's last run, which Apify Console shows and `%s` reads. The action does not start it again, "+
				"so as not to pay for two.", a.kind, lastRun),
		})
		return
	}
	if run.ID == nil {
		resp.Diagnostics.AddError("Unexpected response from the Apify API",
			fmt.Sprintf("The platform started a run of %s %q but its answer has no run ID, so the action cannot wait for it: "+
				"it is the %s's last run, which `%s` reads.", a.kind, id, a.kind, lastRun))
		return
	}
	started := time.Now()
	runID := *run.ID
	progress := newProgress(resp.SendProgress, started)
	progress.report(run, true)
	if !wait.IsNull() && !wait.ValueBool() {
		return
	}
	finished, err := a.client.WaitForRun(ctx, run, apify.RunWaitOptions{Progress: func(r *apify.Run) { progress.report(r, false) }})
	if going, ok := errors.AsType[*apify.RunStillGoingError](err); ok {
		why := fmt.Sprintf("the action's timeout of %s ran out", shortDuration(limit))
		if errors.Is(err, context.Canceled) {
			why = "Terraform stopped the wait"
		}
		resp.Diagnostics.AddError("Actor run not finished",
			fmt.Sprintf("Run %q of %s %q was still %s (%s) after %s, when %s. The run goes on on the platform: abort it "+
				"in Apify Console if it should not, or read it later with `data \"apify_actor_run\" \"run\" { id = %q }`.",
				runID, a.kind, id, deref(going.Run.Status), statusMessage(going.Run), going.Waited.Round(100*time.Millisecond), why, runID))
		return
	}
	if err != nil {
		addAPIErrorDiagnostic(&resp.Diagnostics, err, apiTarget{subject: fmt.Sprintf("run %q of %s %q", runID, a.kind, id),
			timeout: limit, limitIn: "the action's timeout argument"})
		return
	}
	if status := deref(finished.Status); status != apify.RunStatusSucceeded {
		resp.Diagnostics.AddError("Actor run "+status,
			fmt.Sprintf("Run %q of %s %q ended %s after %s: %s. Its log is in Apify Console; `data \"apify_actor_run\" "+
				"\"run\" { id = %q }` reads it.", runID, a.kind, id, status, time.Since(started).Round(time.Second), statusMessage(finished), runID))
	}
}

// timeoutAttribute is an action's timeout argument: a duration.
func timeoutAttribute(description string) schema.StringAttribute {
	return schema.StringAttribute{MarkdownDescription: description, Optional: true, Validators: []validator.String{positiveDuration()}}
}

// withActionTimeout bounds ctx by an action's timeout argument, or by
// fallback when it is not set (its validator refused what does not
// parse), and says by how long.
func withActionTimeout(ctx context.Context, timeout types.String, fallback time.Duration) (context.Context, context.CancelFunc, time.Duration) {
	limit := fallback
	if !timeout.IsNull() {
		limit, _ = time.ParseDuration(timeout.ValueString())
	}
	ctx, cancel := context.WithTimeout(ctx, limit)
	return ctx, cancel, limit
}

// statusMessage quotes a run's status message, or says it has none.
func statusMessage(run *apify.Run) string {
	if run.StatusMessage == nil || *run.StatusMessage == "" {
		return "no status message"
	}
	return fmt.Sprintf("%q", *run.StatusMessage)
}

// progress reports a run's progress to Terraform, as reads of it come
// back: each new status at once, and otherwise at most every
// progressEvery.
type progress struct {
	send     func(action.InvokeProgressEvent)
	started  time.Time
	lastSent time.Time
	status   string
}

func newProgress(send func(action.InvokeProgressEvent), started time.Time) *progress {
	return &progress{send: send, started: started}
}

func (p *progress) report(run *apify.Run, first bool) {
	status := deref(run.Status)
	if p.send == nil || (!first && status == p.status && time.Since(p.lastSent) < progressEvery) {
		return
	}
	p.status, p.lastSent = status, time.Now()
	message := fmt.Sprintf("Run %s: %s, %s (%s)", deref(run.ID), status, statusMessage(run), time.Since(p.started).Round(time.Second))
	if first {
		message = fmt.Sprintf("Started run %s: %s", deref(run.ID), status)
	}
	p.send(action.InvokeProgressEvent{Message: message})
}

// testWebhookAction fires a test of a webhook and waits for its delivery.
type testWebhookAction struct{ providerAction }

func (a *testWebhookAction) Schema(_ context.Context, _ action.SchemaRequest, resp *action.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Fires a `TEST` event at a webhook and waits for its delivery (Terraform 1.14 and later); " +
			"fails, naming the dispatch and its last delivery call, when the platform does not deliver it. On engines " +
			"without actions (OpenTofu, Terraform before 1.14), the `apify_webhook_test_dispatch` resource does the same.\n\n" +
			"~> **Important** Firing a test is not idempotent: a request whose answer is lost is not sent again, and the " +
			"action fails saying a test may have been fired.",
		Attributes: map[string]schema.Attribute{
			"webhook_id": schema.StringAttribute{
				MarkdownDescription: "ID of the webhook to test, such as `apify_webhook.example.id`.",
				Required:            true,
				Validators:          []validator.String{stringvalidator.LengthAtLeast(1)},
			},
			"timeout": timeoutAttribute(fmt.Sprintf("How long to wait for the delivery, as a duration such as `\"10m\"`. "+
				"Defaults to `\"%s\"`.", shortDuration(defaultTestTimeout))),
		},
	}
}

func (a *testWebhookAction) Invoke(ctx context.Context, req action.InvokeRequest, resp *action.InvokeResponse) {
	var webhookIDValue, timeout types.String
	if !readConfigured(ctx, a.client, req.Config, some{"webhook_id": &webhookIDValue, "timeout": &timeout}, &resp.Diagnostics) {
		return
	}
	ctx, cancel, limit := withActionTimeout(ctx, timeout, defaultTestTimeout)
	defer cancel()
	webhookID := webhookIDValue.ValueString()
	fired, ok := fireTest(ctx, a.client, webhookID, apiTarget{timeout: limit, limitIn: "the action's timeout argument"}, &resp.Diagnostics)
	if !ok {
		return
	}
	dispatchID := *fired.ID
	if resp.SendProgress != nil {
		resp.SendProgress(action.InvokeProgressEvent{Message: fmt.Sprintf("Fired test dispatch %s of webhook %s", dispatchID, webhookID)})
	}
	// A dispatch just created may not be readable for a moment.
	settled, err := a.client.WaitForWebhookDispatch(ctx, dispatchID, apify.WaitOptions{NotFoundFor: notReadableFor})
	if stillActive, ok := errors.AsType[*apify.StillActiveError](err); ok {
		why := fmt.Sprintf("the action's timeout of %s ran out", shortDuration(limit))
		if errors.Is(err, context.Canceled) {
			why = "Terraform stopped the wait"
		}
		resp.Diagnostics.AddError("Webhook test not delivered yet",
			fmt.Sprintf("Test dispatch %q of webhook %q was still %s when %s: %s. Read it later with "+
				"`data \"apify_webhook_dispatch\" \"test\" { id = %q }`, or raise timeout.", dispatchID, webhookID,
				apify.DispatchStatusActive, why, sentence(stillActive), dispatchID))
		return
	}
	if err != nil {
		addAPIErrorDiagnostic(&resp.Diagnostics, err, apiTarget{subject: fmt.Sprintf("webhook dispatch %q, the test just fired,", dispatchID),
			timeout: limit, limitIn: "the action's timeout argument"})
		return
	}
	redactDispatches(ctx, a.client, []*apify.WebhookDispatch{settled}, path.Root("webhook_id"), &resp.Diagnostics)
	if deref(settled.Status) != apify.DispatchStatusSucceeded {
		resp.Diagnostics.AddError("Webhook test not delivered", testNotDelivered(settled, dispatchID, webhookID))
		return
	}
	if resp.SendProgress != nil {
		resp.SendProgress(action.InvokeProgressEvent{Message: fmt.Sprintf("Test dispatch %s delivered: %s", dispatchID, apify.DispatchStatusSucceeded)})
	}
}
