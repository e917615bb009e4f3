package provider

// apify_webhook, apify_actor_task and apify_schedule as list resources,
// for `terraform query` (Terraform 1.14 and later): every object of the
// account the token sees, with its identity and a name people recognise,
// and with include_resource the object whole, as an import reads it, so
// that -generate-config-out writes the configuration that imports it.

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-validators/listresourcevalidator"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/list"
	"github.com/hashicorp/terraform-plugin-framework/list/schema"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/apify/terraform-provider-apify/internal/apify"
)

var (
	_ list.ListResourceWithConfigure        = (*webhookListResource)(nil)
	_ list.ListResourceWithConfigValidators = (*webhookListResource)(nil)
	_ list.ListResourceWithConfigure        = (*actorTaskListResource)(nil)
	_ list.ListResourceWithConfigure        = (*scheduleListResource)(nil)
)

func (p *apifyProvider) ListResources(_ context.Context) []func() list.ListResource {
	return []func() list.ListResource{
		func() list.ListResource { return &webhookListResource{managedResource{typeSuffix: "_webhook"}} },
		func() list.ListResource { return &actorTaskListResource{managedResource{typeSuffix: "_actor_task"}} },
		func() list.ListResource { return &scheduleListResource{managedResource{typeSuffix: "_schedule"}} },
	}
}

// streamListed streams items, the objects of kind that a list found, at
// most req.Limit of them, each named by describe and, with
// include_resource, read whole by get and set as an import sets it.
// Warnings come first, since Terraform stops reading at the limit: one
// when the limit cuts the list, and those of left (objects the list could
// not include), so that nothing is left out without a word.
func streamListed[T any](ctx context.Context, req list.ListRequest, stream *list.ListResultsStream, kind string,
	items []T, left diag.Diagnostics, describe func(*T) (id, displayName string),
	get func(context.Context, string) (*T, error), set func(context.Context, *T, *tfsdk.State, *diag.Diagnostics),
) {
	if req.Limit > 0 && int64(len(items)) > req.Limit {
		left.AddWarning(fmt.Sprintf("Not every %s listed", kind),
			fmt.Sprintf("The account has %s; the query lists the newest %d, its limit. Raise limit in the list block "+
				"to list them all.", apify.Plural(len(items), kind), req.Limit))
		items = items[:req.Limit]
	}
	stream.Results = func(push func(list.ListResult) bool) {
		if len(left) > 0 && !push(list.ListResult{Diagnostics: left}) {
			return
		}
		for i := range items {
			id, displayName := describe(&items[i])
			result := req.NewListResult(ctx)
			result.DisplayName = displayName
			result.Diagnostics.Append(result.Identity.SetAttribute(ctx, path.Root("id"), types.StringValue(id))...)
			if req.IncludeResource {
				whole, err := get(ctx, id)
				switch {
				case apify.IsNotFound(err):
					// Deleted since the list was read: left out, with a word.
					result = list.ListResult{}
					result.Diagnostics.AddWarning(capitalize(kind)+" gone",
						fmt.Sprintf("The %s %q (%s) was deleted while the query ran.", kind, id, displayName))
				case err != nil:
					// The API failing past its retries: the query stops
					// rather than try every other object.
					addAPIErrorDiagnostic(&result.Diagnostics, err, apiTarget{subject: fmt.Sprintf("%s %q", kind, id)})
					push(result)
					return
				default:
					state := tfsdk.State{Raw: result.Resource.Raw, Schema: result.Resource.Schema}
					set(ctx, whole, &state, &result.Diagnostics)
					result.Resource.Raw = state.Raw
				}
			}
			if !push(result) {
				return
			}
		}
	}
}

// listFailed streams err, a failure to list the kind's objects, as the
// only result.
func listFailed(stream *list.ListResultsStream, err error, subject string) {
	var diags diag.Diagnostics
	addAPIErrorDiagnostic(&diags, err, apiTarget{subject: subject})
	stream.Results = list.ListResultsStreamDiagnostics(diags)
}

type webhookListResource struct{ managedResource }

func (r *webhookListResource) ListResourceConfigSchema(_ context.Context, _ list.ListResourceSchemaRequest, resp *list.ListResourceSchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Lists the account's webhooks that `apify_webhook` can manage (it cannot manage ad-hoc webhooks " +
			"and integrations, which the query counts in a warning), or those of one Actor or task, newest first. Needs " +
			"Terraform 1.14 or newer.",
		Attributes: map[string]schema.Attribute{
			"actor_id": schema.StringAttribute{
				MarkdownDescription: "List only the webhooks of this Actor, by its ID.",
				Optional:            true,
			},
			"actor_task_id": schema.StringAttribute{
				MarkdownDescription: "List only the webhooks of this task, by its ID.",
				Optional:            true,
			},
		},
	}
}

func (r *webhookListResource) ListResourceConfigValidators(_ context.Context) []list.ConfigValidator {
	return []list.ConfigValidator{listresourcevalidator.Conflicting(path.MatchRoot("actor_id"), path.MatchRoot("actor_task_id"))}
}

func (r *webhookListResource) List(ctx context.Context, req list.ListRequest, stream *list.ListResultsStream) {
	var actorID, taskID types.String
	var diags diag.Diagnostics
	if !readConfigured(ctx, r.client, req.Config, some{"actor_id": &actorID, "actor_task_id": &taskID}, &diags) {
		stream.Results = list.ListResultsStreamDiagnostics(diags)
		return
	}
	scope := apify.WebhookScope{ActorID: actorID.ValueString(), ActorTaskID: taskID.ValueString()}
	webhooks, err := r.client.ListWebhooks(ctx, scope, apify.ListOptions{Limit: apify.MaxListed})
	if err == nil && webhooks.Stalled {
		err = errors.New("the account's webhooks grew as fast as they were read, and the list stopped")
	} else if err == nil && webhooks.Truncated {
		err = fmt.Errorf("the account has more than %d webhooks, more than the provider lists", apify.MaxListed)
	}
	if err != nil {
		listFailed(stream, err, "the webhooks")
		return
	}
	var manageable []apify.Webhook
	var left diag.Diagnostics
	for _, webhook := range webhooks.Items {
		if unmanageable(&webhook) == "" {
			manageable = append(manageable, webhook)
		}
	}
	if leftOut := len(webhooks.Items) - len(manageable); leftOut > 0 {
		left.AddWarning("Webhooks apify_webhook cannot manage",
			fmt.Sprintf("%s left out: ad-hoc webhooks of one run, integrations that send no HTTP request, or "+
				"webhooks without an Actor or task. Manage them in Apify Console.", apify.Plural(leftOut, "webhook")))
	}
	streamListed(ctx, req, stream, "webhook", manageable, left,
		func(w *apify.Webhook) (string, string) { return deref(w.ID), webhookDisplayName(w) },
		r.client.GetWebhook, func(ctx context.Context, w *apify.Webhook, state *tfsdk.State, diags *diag.Diagnostics) {
			setWebhookState(ctx, w, webhookResourceModel{}, state, nil, diags)
		})
}

// webhookDisplayName names a webhook by what it watches and its events:
// "ACTOR.RUN.FAILED of task zdc3Pyhyz3m8vjDeM". Its URL, which may hold
// secrets, is left out.
func webhookDisplayName(w *apify.Webhook) string {
	watched := "the account"
	if c := w.Condition; c != nil && c.ActorTaskID != nil {
		watched = "task " + *c.ActorTaskID
	} else if c != nil && c.ActorID != nil {
		watched = "Actor " + *c.ActorID
	}
	return strings.Join(w.EventTypes, ", ") + " of " + watched
}

type actorTaskListResource struct{ managedResource }

func (r *actorTaskListResource) ListResourceConfigSchema(_ context.Context, _ list.ListResourceSchemaRequest, resp *list.ListResourceSchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Lists the tasks of the token's account, newest first, named `username~task-name`. (The API " +
			"lists the tasks of other accounts that the user has run too; they are left out.) Needs Terraform 1.14 or newer.",
	}
}

func (r *actorTaskListResource) List(ctx context.Context, req list.ListRequest, stream *list.ListResultsStream) {
	var diags diag.Diagnostics
	if notConfigured(r.client, &diags) {
		stream.Results = list.ListResultsStreamDiagnostics(diags)
		return
	}
	tasks, err := r.client.ListTasks(ctx)
	if err != nil {
		listFailed(stream, err, "the account's tasks")
		return
	}
	streamListed(ctx, req, stream, "task", tasks, nil,
		func(t *apify.Task) (string, string) { return deref(t.ID), deref(t.Username) + "~" + deref(t.Name) },
		r.client.GetTask, func(ctx context.Context, t *apify.Task, state *tfsdk.State, diags *diag.Diagnostics) {
			setActorTaskState(ctx, t, asImportedTask(actorTaskModel{}), nil, state, nil, diags)
		})
}

type scheduleListResource struct{ managedResource }

func (r *scheduleListResource) ListResourceConfigSchema(_ context.Context, _ list.ListResourceSchemaRequest, resp *list.ListResourceSchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Lists the schedules of the token's account, newest first, by name. Needs Terraform 1.14 or newer.",
	}
}

func (r *scheduleListResource) List(ctx context.Context, req list.ListRequest, stream *list.ListResultsStream) {
	var diags diag.Diagnostics
	if notConfigured(r.client, &diags) {
		stream.Results = list.ListResultsStreamDiagnostics(diags)
		return
	}
	schedules, err := r.client.ListSchedules(ctx)
	if err != nil {
		listFailed(stream, err, "the account's schedules")
		return
	}
	streamListed(ctx, req, stream, "schedule", schedules, nil,
		func(s *apify.Schedule) (string, string) { return deref(s.ID), deref(s.Name) },
		r.client.GetSchedule, func(ctx context.Context, s *apify.Schedule, state *tfsdk.State, diags *diag.Diagnostics) {
			setScheduleState(ctx, s, asImportedSchedule(scheduleModel{}), state, nil, diags)
		})
}
