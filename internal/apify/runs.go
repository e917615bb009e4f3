package apify

import (
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"time"
)

// Actor runs: starting one of a task or an Actor, reading one, and
// waiting until it finishes.

// Run is an Actor run as the API returns it (the description's Run).
// Every field is a pointer: the description leaves most of them out of
// what it requires, and marks many nullable.
type Run struct {
	ID                      *string          `json:"id"`
	ActID                   *string          `json:"actId"`
	UserID                  *string          `json:"userId"`
	ActorTaskID             *string          `json:"actorTaskId"`
	StartedAt               *string          `json:"startedAt"`
	FinishedAt              *string          `json:"finishedAt"`
	Status                  *string          `json:"status"`
	StatusMessage           *string          `json:"statusMessage"`
	IsStatusMessageTerminal *bool            `json:"isStatusMessageTerminal"`
	Meta                    *RunMeta         `json:"meta"`
	Stats                   *RunStats        `json:"stats"`
	Options                 *RunOfRunOptions `json:"options"`
	BuildID                 *string          `json:"buildId"`
	BuildNumber             *string          `json:"buildNumber"`
	ExitCode                *int64           `json:"exitCode"`
	DefaultKeyValueStoreID  *string          `json:"defaultKeyValueStoreId"`
	DefaultDatasetID        *string          `json:"defaultDatasetId"`
	DefaultRequestQueueID   *string          `json:"defaultRequestQueueId"`
	UsageTotalUSD           *float64         `json:"usageTotalUsd"`
}

// RunMeta says how a run was started.
type RunMeta struct {
	Origin      *string `json:"origin"`
	ScheduleID  *string `json:"scheduleId"`
	ScheduledAt *string `json:"scheduledAt"`
}

// RunStats are a run's statistics, as the description's RunStats lists
// them.
type RunStats struct {
	InputBodyLen    *int64   `json:"inputBodyLen"`
	MigrationCount  *int64   `json:"migrationCount"`
	RebootCount     *int64   `json:"rebootCount"`
	RestartCount    *int64   `json:"restartCount"`
	ResurrectCount  *int64   `json:"resurrectCount"`
	MemAvgBytes     *float64 `json:"memAvgBytes"`
	MemMaxBytes     *int64   `json:"memMaxBytes"`
	MemCurrentBytes *int64   `json:"memCurrentBytes"`
	CPUAvgUsage     *float64 `json:"cpuAvgUsage"`
	CPUMaxUsage     *float64 `json:"cpuMaxUsage"`
	CPUCurrentUsage *float64 `json:"cpuCurrentUsage"`
	NetRxBytes      *int64   `json:"netRxBytes"`
	NetTxBytes      *int64   `json:"netTxBytes"`
	DurationMillis  *int64   `json:"durationMillis"`
	RunTimeSecs     *float64 `json:"runTimeSecs"`
	Metamorph       *int64   `json:"metamorph"`
	ComputeUnits    *float64 `json:"computeUnits"`
}

// RunOfRunOptions are the options a run ran with (the description's
// RunOptions, which a run reports in full).
type RunOfRunOptions struct {
	Build             *string  `json:"build"`
	TimeoutSecs       *int64   `json:"timeoutSecs"`
	MemoryMbytes      *int64   `json:"memoryMbytes"`
	DiskMbytes        *int64   `json:"diskMbytes"`
	MaxItems          *int64   `json:"maxItems"`
	MaxTotalChargeUSD *float64 `json:"maxTotalChargeUsd"`
}

// Run statuses: the description's ActorJobStatus.
const (
	RunStatusReady     = "READY"
	RunStatusRunning   = "RUNNING"
	RunStatusSucceeded = "SUCCEEDED"
	RunStatusTimingOut = "TIMING-OUT"
	RunStatusAborting  = "ABORTING"
)

// RunFinished says whether a run of status has ended: any status but
// READY, RUNNING and the two that lead to an end (TIMING-OUT, ABORTING).
// A status the client does not know counts as an end, since the platform
// may add final ones; the run then reads as it is.
func RunFinished(status string) bool {
	switch status {
	case RunStatusReady, RunStatusRunning, RunStatusTimingOut, RunStatusAborting:
		return false
	}
	return true
}

// RunStart is what a run starts with: its input and the options that
// override the task's or the Actor's. A nil option is the task's or the
// Actor's.
type RunStart struct {
	// Input is a JSON object: the Actor's input, or for a task the fields
	// that override the task's. Nil sends an empty object.
	Input             json.RawMessage
	Build             *string
	TimeoutSecs       *int64
	MemoryMbytes      *int64
	MaxItems          *int64
	MaxTotalChargeUSD *float64
	// Secrets are values of the input that no error may show.
	Secrets []string
}

func (in RunStart) query() url.Values {
	q := url.Values{}
	if in.Build != nil {
		q.Set("build", *in.Build)
	}
	for name, v := range map[string]*int64{"timeout": in.TimeoutSecs, "memory": in.MemoryMbytes, "maxItems": in.MaxItems} {
		if v != nil {
			q.Set(name, strconv.FormatInt(*v, 10))
		}
	}
	if in.MaxTotalChargeUSD != nil {
		q.Set("maxTotalChargeUsd", strconv.FormatFloat(*in.MaxTotalChargeUSD, 'f', -1, 64))
	}
	return q
}

// RunScope names whose runs to read: a task's, or an Actor's.
type RunScope struct {
	ActorID     string
	ActorTaskID string
}

func (s RunScope) path() string {
	if s.ActorTaskID != "" {
		return "/v2/actor-tasks/" + pathSegment(s.ActorTaskID)
	}
	return "/v2/actors/" + pathSegment(s.ActorID)
}

// StartRun starts a run of scope's task or Actor. A run costs money and
// the API takes no idempotency key for it, so the start is retried only
// when the API certainly refused it (429, or 503 with Retry-After): after
// a lost answer a run may have started, and the error says so
// (IsNoAnswer, or a 5xx *APIError).
func (c *Client) StartRun(ctx context.Context, scope RunScope, in RunStart) (*Run, error) {
	if scope.ActorID == "" && scope.ActorTaskID == "" {
		return nil, errors.New("neither a task nor an Actor to run")
	}
	body := in.Input
	if body == nil {
		body = json.RawMessage(`{}`)
	}
	return callData[Run](ctx, c, apiRequest{
		method: http.MethodPost, path: scope.path() + "/runs", query: in.query(), body: body,
		refusedOnly: true, secrets: secretForms(in.Secrets),
	})
}

// GetRun reads a run by its ID.
func (c *Client) GetRun(ctx context.Context, id string) (*Run, error) {
	return getByID[Run](ctx, c, "run", "/v2/actor-runs", id)
}

// GetLastRun reads the newest run of scope's task or Actor, of the given
// status when it is not empty. None is an *APIError for which IsNotFound
// holds.
func (c *Client) GetLastRun(ctx context.Context, scope RunScope, status string) (*Run, error) {
	query := url.Values{}
	if status != "" {
		query.Set("status", status)
	}
	return getData[Run](ctx, c, scope.path()+"/runs/last", query)
}

// RunWaitOptions sets how WaitForRun waits. Zero values select the
// defaults.
type RunWaitOptions struct {
	// ServerWait is how long each read asks the API to hold the request
	// until the run finishes (waitForFinish): at most 60 s, and less than
	// the time limit of one attempt (RequestTimeout) by runWaitMargin.
	ServerWait time.Duration
	// MinInterval is the least time between two reads; MaxInterval the
	// most a read that shows no change waits before the next, doubling
	// from MinInterval, for an API that answers at once.
	MinInterval, MaxInterval time.Duration
	// Progress, when set, is told of every read of the run, changed or
	// not.
	Progress func(*Run)
}

// runWaitMargin is how much longer than the API holds a read an attempt
// may last: the time the answer takes to arrive.
const runWaitMargin = 5 * time.Second

// Default waits of WaitForRun.
const (
	DefaultRunServerWait  = 60 * time.Second
	DefaultRunMinInterval = 250 * time.Millisecond
	DefaultRunMaxInterval = 15 * time.Second
)

// RunStillGoingError is a wait that ended, by its deadline or by
// cancellation, before the run finished. The run goes on on the
// platform.
type RunStillGoingError struct {
	Run    *Run
	Waited time.Duration
	Err    error
}

func (e *RunStillGoingError) Error() string {
	return fmt.Sprintf("run %s is still %s after %s of waiting: %v", deref(e.Run.ID), deref(e.Run.Status),
		e.Waited.Round(time.Second), e.Err)
}

func (e *RunStillGoingError) Unwrap() error { return e.Err }

// WaitForRun reads run until it finishes, and returns it finished. Each
// read asks the API to hold it until the run finishes (waitForFinish), so
// a long run costs a read a minute; reads that come back at once without
// a change wait longer and longer between them, so that an API that does
// not hold them is not hammered. The context's end stops the wait at once
// with a *RunStillGoingError.
func (c *Client) WaitForRun(ctx context.Context, run *Run, opts RunWaitOptions) (*Run, error) {
	serverWait := min(cmp.Or(opts.ServerWait, DefaultRunServerWait), 60*time.Second, max(c.timeout-runWaitMargin, 0))
	minInterval := cmp.Or(opts.MinInterval, DefaultRunMinInterval)
	maxInterval := cmp.Or(opts.MaxInterval, DefaultRunMaxInterval)
	started := time.Now()
	interval := minInterval
	for !RunFinished(deref(run.Status)) {
		wait := serverWait
		if deadline, ok := ctx.Deadline(); ok {
			wait = min(wait, time.Until(deadline))
		}
		query := url.Values{"waitForFinish": {strconv.Itoa(max(int(wait.Seconds()), 0))}}
		asked := time.Now()
		next, err := getData[Run](ctx, c, "/v2/actor-runs/"+pathSegment(deref(run.ID)), query)
		if ctx.Err() != nil {
			return nil, &RunStillGoingError{Run: run, Waited: time.Since(started), Err: ctx.Err()}
		}
		if err != nil {
			return nil, err
		}
		changed := deref(next.Status) != deref(run.Status) || deref(next.StatusMessage) != deref(run.StatusMessage)
		run = next
		if opts.Progress != nil {
			opts.Progress(run)
		}
		if RunFinished(deref(run.Status)) {
			break
		}
		// The next read no sooner than interval after this one was sent:
		// at once after a change only if the API held this one that long.
		if changed {
			interval = minInterval
		} else {
			interval = min(interval*2, maxInterval)
		}
		timer := time.NewTimer(time.Until(asked.Add(interval)))
		select {
		case <-ctx.Done():
			timer.Stop()
			return nil, &RunStillGoingError{Run: run, Waited: time.Since(started), Err: ctx.Err()}
		case <-timer.C:
		}
	}
	return run, nil
}
