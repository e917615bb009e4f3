package provider

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/datasource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework-validators/datasourcevalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/apify/terraform-provider-apify/internal/apify"
)

// apify_actor_run: one run of an Actor, by ID or as the last run of an
// Actor or a task, so that a check block can see what a run did and the
// time window of the dispatches it fired.

var (
	_ datasource.DataSourceWithConfigure        = (*actorRunDataSource)(nil)
	_ datasource.DataSourceWithConfigValidators = (*actorRunDataSource)(nil)
)

type actorRunDataSource struct{ dataSource }

func newActorRunDataSource() datasource.DataSource {
	return &actorRunDataSource{dataSource{typeSuffix: "_actor_run"}}
}

// runStatuses are the statuses of a run, as the description's
// ActorJobStatus lists them.
var runStatuses = []string{"READY", "RUNNING", "SUCCEEDED", "FAILED", "TIMING-OUT", "TIMED-OUT", "ABORTING", "ABORTED"}

var runOptionsOfRunAttrTypes = map[string]attr.Type{
	"build": types.StringType, "timeout_secs": types.Int64Type, "memory_mbytes": types.Int64Type,
	"disk_mbytes": types.Int64Type, "max_items": types.Int64Type, "max_total_charge_usd": types.Float64Type,
}

var runStatsAttrTypes = map[string]attr.Type{
	"input_body_len": types.Int64Type, "migration_count": types.Int64Type, "reboot_count": types.Int64Type,
	"restart_count": types.Int64Type, "resurrect_count": types.Int64Type, "mem_avg_bytes": types.Float64Type,
	"mem_max_bytes": types.Int64Type, "mem_current_bytes": types.Int64Type, "cpu_avg_usage": types.Float64Type,
	"cpu_max_usage": types.Float64Type, "cpu_current_usage": types.Float64Type, "net_rx_bytes": types.Int64Type,
	"net_tx_bytes": types.Int64Type, "duration_millis": types.Int64Type, "run_time_secs": types.Float64Type,
	"metamorph": types.Int64Type, "compute_units": types.Float64Type,
}

func (d *actorRunDataSource) Schema(ctx context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	computed := func(description string) schema.StringAttribute {
		return schema.StringAttribute{MarkdownDescription: description, Computed: true}
	}
	lookup := func(description string) schema.StringAttribute {
		return schema.StringAttribute{
			MarkdownDescription: description, Optional: true, Computed: true,
			Validators: []validator.String{stringvalidator.LengthAtLeast(1)},
		}
	}
	resp.Schema = schema.Schema{
		MarkdownDescription: "Reads one Actor run: by its `id`, or the last run of an Actor (`actor_id`) or a task " +
			"(`actor_task_id`), optionally of a given `status`. Its status, timestamps, exit code, storages, usage and " +
			"statistics are typed attributes for `check` blocks and outputs; what the API leaves out or sends as null " +
			"is null. `started_at` and `finished_at` bound the dispatches the run fired, which " +
			"`apify_webhook_dispatches` reads with `created_after`.\n\nA run that does not exist, or an Actor or task " +
			"with no run (of that status), is an error.",
		Attributes: map[string]schema.Attribute{
			"id":            lookup("ID of the run, such as `HG7ML7M8z78YcAPEB`. Set exactly one of `id`, `actor_id` and `actor_task_id`."),
			"actor_id":      lookup("ID of the Actor the run is of; set it alone to read the Actor's last run."),
			"actor_task_id": lookup("ID of the task the run was started from, or null; set it alone to read the task's last run."),
			"status": schema.StringAttribute{
				MarkdownDescription: "Status of the run: `READY`, `RUNNING`, `SUCCEEDED`, `FAILED`, `TIMING-OUT`, `TIMED-OUT`, " +
					"`ABORTING` or `ABORTED`. With `actor_id` or `actor_task_id`, setting it reads the last run of that status (and conflicts with " +
					"`wait_for_final_status`, which would change it).",
				Optional: true, Computed: true,
				Validators: []validator.String{
					knownValues("a run status", runStatuses, false),
					stringvalidator.ConflictsWith(path.MatchRoot("id"), path.MatchRoot("wait_for_final_status")),
				},
			},
			"wait_for_final_status": schema.BoolAttribute{
				MarkdownDescription: fmt.Sprintf("When `true` and the run has not finished, keep reading it until it has, bounded by "+
					"`timeouts.read`; a last run not there yet, as one an action of the same apply is starting, is looked "+
					"for again, once a second for up to %d seconds. Defaults to `false`.", runNotListedTries),
				Optional: true, Computed: true,
			},
			"status_message":             computed("The run's own message about its status, such as `Crawled 120 pages`."),
			"user_id":                    computed("ID of the user who started the run."),
			"started_at":                 computed("When the run started, as the API's RFC 3339 timestamp."),
			"finished_at":                computed("When the run finished, or null while it runs."),
			"origin":                     computed("How the run was started: `API`, `WEB`, `SCHEDULER`, `WEBHOOK` and so on."),
			"build_id":                   computed("ID of the Actor build the run uses."),
			"build_number":               computed("Number of the Actor build the run uses, such as `0.1.2`."),
			"default_dataset_id":         computed("ID of the run's default dataset."),
			"default_key_value_store_id": computed("ID of the run's default key-value store."),
			"default_request_queue_id":   computed("ID of the run's default request queue."),
			"exit_code": schema.Int64Attribute{
				MarkdownDescription: "Exit code of the run's process, or null while it runs or when it has none.",
				Computed:            true,
			},
			"usage_total_usd": schema.Float64Attribute{
				MarkdownDescription: "What the run cost, in US dollars, or null when the API does not say.",
				Computed:            true,
			},
			"options": schema.ObjectAttribute{
				MarkdownDescription: "Options the run ran with: `build`, `timeout_secs`, `memory_mbytes`, `disk_mbytes`, " +
					"`max_items` and `max_total_charge_usd`.",
				AttributeTypes: runOptionsOfRunAttrTypes, Computed: true,
			},
			"stats": schema.ObjectAttribute{
				MarkdownDescription: "Statistics of the run, as the API reports them (the first answer after a run " +
					"finishes may hold preliminary figures): `run_time_secs`, `compute_units`, `duration_millis`, " +
					"`restart_count`, memory, CPU and network figures, and the others the API description lists.",
				AttributeTypes: runStatsAttrTypes, Computed: true,
			},
		},
		Blocks: map[string]schema.Block{
			"timeouts": dataSourceTimeoutsBlock(ctx, fmt.Sprintf("How long the read may take, retries and "+
				"`wait_for_final_status` included, as a duration such as `\"30m\"`. Defaults to `\"%s\"`.",
				shortDuration(defaultReadTimeout))),
		},
	}
}

func (d *actorRunDataSource) ConfigValidators(_ context.Context) []datasource.ConfigValidator {
	return []datasource.ConfigValidator{
		datasourcevalidator.ExactlyOneOf(path.MatchRoot("id"), path.MatchRoot("actor_id"), path.MatchRoot("actor_task_id")),
	}
}

func (d *actorRunDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var id, actorID, taskID, status types.String
	var wait types.Bool
	var readTimeouts timeouts.Value
	if !readConfigured(ctx, d.client, req.Config, some{
		"id": &id, "actor_id": &actorID, "actor_task_id": &taskID, "status": &status,
		"wait_for_final_status": &wait, "timeouts": &readTimeouts,
	}, &resp.Diagnostics) {
		return
	}
	readTimeout, diags := readTimeouts.Read(ctx, defaultReadTimeout)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	ctx, cancel := context.WithTimeout(ctx, readTimeout)
	defer cancel()

	var run *apify.Run
	var err error
	var target apiTarget
	switch {
	case !id.IsNull():
		target = idTarget(reading, "run", id.ValueString(), path.Root("id"))
		run, err = d.client.GetRun(ctx, id.ValueString())
	default:
		scope, kind, at := apify.RunScope{ActorID: actorID.ValueString()}, "Actor", path.Root("actor_id")
		if !taskID.IsNull() {
			scope, kind, at = apify.RunScope{ActorTaskID: taskID.ValueString()}, "task", path.Root("actor_task_id")
		}
		target = apiTarget{subject: fmt.Sprintf("the last run of %s %q", kind, scope.ActorID+scope.ActorTaskID)}
		run, err = d.client.GetLastRun(ctx, scope, status.ValueString())
		if wait.ValueBool() {
			// A run just started, as by an action the same apply invokes,
			// may not be there yet: it is looked for again, once a second.
			for tries := 1; apify.IsNotFound(err) && tries < runNotListedTries && sleep(ctx, time.Second); tries++ {
				run, err = d.client.GetLastRun(ctx, scope, status.ValueString())
			}
		}
		if apify.IsNotFound(err) {
			which := "no run"
			if !status.IsNull() {
				which = "no run with status " + status.ValueString()
			}
			resp.Diagnostics.AddAttributeError(at, "Actor run not found",
				fmt.Sprintf("The %s %q has %s that this token can see, or does not exist: %s.", kind,
					scope.ActorID+scope.ActorTaskID, which, sentence(err)))
			return
		}
	}
	if err == nil && wait.ValueBool() {
		run, err = d.client.WaitForRun(ctx, run, apify.RunWaitOptions{})
	}
	if going, ok := errors.AsType[*apify.RunStillGoingError](err); ok {
		resp.Diagnostics.AddAttributeError(path.Root("wait_for_final_status"), "Actor run not finished",
			fmt.Sprintf("Run %q was still %s when the read stopped waiting (timeouts.read is %s): %s. It goes on "+
				"on the platform. Raise timeouts.read to wait longer.", deref(going.Run.ID), deref(going.Run.Status),
				shortDuration(readTimeout), sentence(err)))
		return
	}
	if err != nil {
		target.timeout = readTimeout
		addAPIErrorDiagnostic(&resp.Diagnostics, err, target)
		return
	}
	byName := runValues(run, &resp.Diagnostics)
	byName["wait_for_final_status"] = types.BoolValue(wait.ValueBool())
	byName["timeouts"] = readTimeouts
	if !id.IsNull() {
		byName["id"] = id
	}
	setStateValues(ctx, &resp.State, byName, &resp.Diagnostics)
}

// runNotListedTries bounds the reads of a last run that is not there yet,
// a second apart, when the read waits for it.
const runNotListedTries = 30

// sleep waits for d, or until ctx ends, and says whether it waited all of
// d.
func sleep(ctx context.Context, d time.Duration) bool {
	timer := time.NewTimer(d)
	defer timer.Stop()
	select {
	case <-ctx.Done():
		return false
	case <-timer.C:
		return true
	}
}

// runValues maps a run to the data source's attributes, null where the
// API sent null or nothing.
func runValues(run *apify.Run, diags *diag.Diagnostics) map[string]attr.Value {
	meta := deref(run.Meta)
	byName := map[string]attr.Value{
		"id": types.StringPointerValue(run.ID), "actor_id": types.StringPointerValue(run.ActID),
		"actor_task_id": types.StringPointerValue(run.ActorTaskID), "status": types.StringPointerValue(run.Status),
		"status_message": types.StringPointerValue(run.StatusMessage), "user_id": types.StringPointerValue(run.UserID),
		"started_at": types.StringPointerValue(run.StartedAt), "finished_at": types.StringPointerValue(run.FinishedAt),
		"origin": types.StringPointerValue(meta.Origin), "build_id": types.StringPointerValue(run.BuildID),
		"build_number":               types.StringPointerValue(run.BuildNumber),
		"default_dataset_id":         types.StringPointerValue(run.DefaultDatasetID),
		"default_key_value_store_id": types.StringPointerValue(run.DefaultKeyValueStoreID),
		"default_request_queue_id":   types.StringPointerValue(run.DefaultRequestQueueID),
		"exit_code":                  types.Int64PointerValue(run.ExitCode),
		"usage_total_usd":            types.Float64PointerValue(run.UsageTotalUSD),
		"options":                    types.ObjectNull(runOptionsOfRunAttrTypes),
		"stats":                      types.ObjectNull(runStatsAttrTypes),
	}
	if o := run.Options; o != nil {
		byName["options"] = objectValue(runOptionsOfRunAttrTypes, map[string]attr.Value{
			"build": types.StringPointerValue(o.Build), "timeout_secs": types.Int64PointerValue(o.TimeoutSecs),
			"memory_mbytes": types.Int64PointerValue(o.MemoryMbytes), "disk_mbytes": types.Int64PointerValue(o.DiskMbytes),
			"max_items": types.Int64PointerValue(o.MaxItems), "max_total_charge_usd": types.Float64PointerValue(o.MaxTotalChargeUSD),
		}, diags)
	}
	if s := run.Stats; s != nil {
		byName["stats"] = objectValue(runStatsAttrTypes, map[string]attr.Value{
			"input_body_len": types.Int64PointerValue(s.InputBodyLen), "migration_count": types.Int64PointerValue(s.MigrationCount),
			"reboot_count": types.Int64PointerValue(s.RebootCount), "restart_count": types.Int64PointerValue(s.RestartCount),
			"resurrect_count": types.Int64PointerValue(s.ResurrectCount), "mem_avg_bytes": types.Float64PointerValue(s.MemAvgBytes),
			"mem_max_bytes": types.Int64PointerValue(s.MemMaxBytes), "mem_current_bytes": types.Int64PointerValue(s.MemCurrentBytes),
			"cpu_avg_usage": types.Float64PointerValue(s.CPUAvgUsage), "cpu_max_usage": types.Float64PointerValue(s.CPUMaxUsage),
			"cpu_current_usage": types.Float64PointerValue(s.CPUCurrentUsage), "net_rx_bytes": types.Int64PointerValue(s.NetRxBytes),
			"net_tx_bytes": types.Int64PointerValue(s.NetTxBytes), "duration_millis": types.Int64PointerValue(s.DurationMillis),
			"run_time_secs": types.Float64PointerValue(s.RunTimeSecs), "metamorph": types.Int64PointerValue(s.Metamorph),
			"compute_units": types.Float64PointerValue(s.ComputeUnits),
		}, diags)
	}
	return byName
}

// deref is the value p points at, or the zero value for none.
func deref[T any](p *T) T {
	if p == nil {
		var zero T
		return zero
	}
	return *p
}
