// Command bench measures the provider on this machine and prints each
// figure beside its bound: end-to-end plans through a real Terraform CLI
// against the fake API on loopback, the provider process's peak memory,
// and Go micro-benchmarks of decoding and mapping. `make bench` runs it;
// -short runs a small version that only keeps the suite working.
package main

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"os/signal"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/apify/terraform-provider-apify/internal/apify/apifytest"
	"github.com/apify/terraform-provider-apify/internal/tfcli"
)

// Terraform's default parallelism, which the bounds assume.
const parallelism = 10

type settings struct {
	terraform string
	// terraformNewest is a Terraform 1.14 or newer for terraform query,
	// or "" to skip it.
	terraformNewest string
	queryObjects    int // tasks, and as many schedules and webhooks, the query lists
	actionPolls     int // reads of the run the action waits for
	short           bool
	runs            int // plans per measured figure, of which the median counts
	singleReads     int // data sources in the single-dispatch plan
	memoryReads     int // data sources in the memory plan
	listSize        int // dispatches listed by the list plan
	latency         time.Duration
	microCount      int
	microBenchOp    string
}

// figure is one line of the report. bound is empty for a figure that is
// reported but not judged.
type figure struct {
	name, value, bound string
	pass               bool
}

func main() {
	short := flag.Bool("short", false, "small sizes and one run, to keep the suite working; bounds are not judged")
	terraform := flag.String("terraform", "terraform", "Terraform CLI to run")
	newest := flag.String("terraform-newest", "", "Terraform 1.14 or newer, for terraform query; none skips it")
	flag.Parse()

	s := settings{terraform: *terraform, terraformNewest: *newest, queryObjects: 1000, actionPolls: 30, short: *short, runs: 5,
		singleReads: 300, memoryReads: 1000, listSize: 10000, latency: 100 * time.Millisecond, microCount: 5, microBenchOp: "1s"}
	if s.short {
		s = settings{terraform: *terraform, terraformNewest: *newest, queryObjects: 50, actionPolls: 5, short: true, runs: 1,
			singleReads: 30, memoryReads: 50, listSize: 1000, latency: 100 * time.Millisecond, microCount: 1, microBenchOp: "20x"}
	}
	failed, err := runWithInterrupt(s, os.Stdout)
	if err != nil {
		fmt.Fprintln(os.Stderr, "bench failed:", err)
		os.Exit(2)
	}
	if failed {
		os.Exit(1)
	}
}

func runWithInterrupt(s settings, out io.Writer) (bool, error) {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	return run(ctx, s, out)
}

func run(ctx context.Context, s settings, out io.Writer) (failed bool, err error) {
	providerDir, err := os.MkdirTemp("", "apify-bench-provider-")
	if err != nil {
		return false, err
	}
	defer os.RemoveAll(providerDir)
	providerPath, err := tfcli.BuildProvider(ctx, ".", providerDir)
	if err != nil {
		return false, err
	}
	version, err := exec.CommandContext(ctx, s.terraform, "version").Output()
	if err != nil {
		return false, fmt.Errorf("terraform version: %w", err)
	}
	floor := exec.CommandContext(ctx, "go", "build", "-o", providerDir+"/terraform-provider-floor", "./internal/bench/floor")
	if output, err := floor.CombinedOutput(); err != nil {
		return false, fmt.Errorf("building the floor provider: %w\n%s", err, output)
	}
	b := &bench{settings: s, providerDir: providerDir, providerPath: providerPath}

	fmt.Fprintf(out, "Benchmarks on %d cores, %s/%s, %s, %s\n", runtime.NumCPU(), runtime.GOOS, runtime.GOARCH,
		strings.SplitN(string(version), "\n", 2)[0], runtime.Version())
	if s.short {
		fmt.Fprintln(out, "Short run: small sizes, one run each; the bounds are judged on full runs only.")
	}
	fmt.Fprintln(out)

	var figures []figure
	for _, measure := range []func(context.Context) ([]figure, error){b.floor, b.single, b.list, b.memory, b.webhooks, b.webhookMemory, b.automation, b.imported, b.query, b.action, b.micro} {
		f, err := measure(ctx)
		if err != nil {
			return false, err
		}
		figures = append(figures, f...)
	}

	w := tabwriter.NewWriter(out, 0, 0, 2, ' ', 0)
	fmt.Fprintln(w, "FIGURE\tVALUE\tBOUND\tRESULT")
	for _, f := range figures {
		result := ""
		switch {
		case f.bound == "":
		case s.short:
			result = "not judged (short)"
		case f.pass:
			result = "PASS"
		default:
			result = "FAIL"
			failed = true
		}
		fmt.Fprintf(w, "%s\t%s\t%s\t%s\n", f.name, f.value, f.bound, result)
	}
	return failed && !s.short, w.Flush()
}

type bench struct {
	settings
	providerDir  string
	providerPath string
}

// plan is one terraform plan and what it cost.
type plan struct {
	wall        time.Duration
	requests    int
	connections int
	peakRSS     int64 // bytes, over every provider process the plan started
}

// workspace writes config for a provider pointed at fake, run by the
// Terraform CLI terraform.
func (b *bench) workspace(terraform string, fake *apifytest.Server, config string) (*tfcli.Workspace, func(), error) {
	dir, err := os.MkdirTemp("", "apify-bench-")
	if err != nil {
		return nil, nil, err
	}
	cleanup := func() { os.RemoveAll(dir) }
	ws, err := tfcli.NewWorkspace(dir, terraform, b.providerDir)
	if err == nil {
		err = ws.WriteFile("main.tf", `
terraform {
  required_providers {
    apify = {
      source = "apify/apify"
    }
  }
}

provider "apify" {}
`+config)
	}
	if err != nil {
		cleanup()
		return nil, nil, err
	}
	ws.Env = append(ws.Env, "APIFY_TOKEN="+fake.Token, "APIFY_API_BASE_URL="+fake.URL)
	return ws, cleanup, nil
}

// runPlan runs terraform plan once and measures it.
func (b *bench) runPlan(ctx context.Context, ws *tfcli.Workspace, fake *apifytest.Server) (plan, error) {
	requests, connections := len(fake.Requests()), fake.Connections()
	var stderr bytes.Buffer
	cmd := ws.Command(ctx, "plan", "-input=false", "-lock=false", "-no-color", fmt.Sprintf("-parallelism=%d", parallelism))
	cmd.Stdout, cmd.Stderr = io.Discard, &stderr

	watch := watchPeakRSS(ctx, b.providerPath)
	start := time.Now()
	err := cmd.Run()
	wall := time.Since(start)
	peak := watch()
	if err != nil {
		return plan{}, fmt.Errorf("terraform plan: %w\n%s", err, stderr.String())
	}
	return plan{
		wall:        wall,
		requests:    len(fake.Requests()) - requests,
		connections: fake.Connections() - connections,
		peakRSS:     peak,
	}, nil
}

// runPlans runs a warm-up plan, then s.runs measured ones.
func (b *bench) runPlans(ctx context.Context, ws *tfcli.Workspace, fake *apifytest.Server) ([]plan, error) {
	if _, err := b.runPlan(ctx, ws, fake); err != nil {
		return nil, err
	}
	plans := make([]plan, b.runs)
	for i := range plans {
		p, err := b.runPlan(ctx, ws, fake)
		if err != nil {
			return nil, err
		}
		plans[i] = p
	}
	return plans, nil
}

// readsConfig reads n distinct dispatches, one data source each.
func readsConfig(ids []string) string {
	quoted := make([]string, len(ids))
	for i, id := range ids {
		quoted[i] = strconv.Quote(id)
	}
	return fmt.Sprintf(`
locals {
  ids = [%s]
}

data "apify_webhook_dispatch" "each" {
  count = length(local.ids)
  id    = local.ids[count.index]
}

output "read" {
  value = length(data.apify_webhook_dispatch.each)
}
`, strings.Join(quoted, ", "))
}

// benchWebhookID is the webhook whose dispatches the plans read. A plan
// reads it once besides, to learn its secrets and redact them from the
// calls of its dispatches.
const benchWebhookID = "hookBench"

// newBenchFake starts a fake that holds the webhook benchWebhookID and
// does not validate: validation would take CPU from the provider it
// measures.
func newBenchFake() *apifytest.Server {
	fake := apifytest.NewServer()
	fake.SkipValidation()
	fake.AddWebhook(`{"id": "` + benchWebhookID + `", "requestUrl": "https://hooks.example.com/bench?token=benchSecret01"}`)
	return fake
}

// readsPlan starts a fake holding n dispatches and a workspace whose plan
// reads each of them once; cleanup stops and removes both.
func (b *bench) readsPlan(n int) (fake *apifytest.Server, ws *tfcli.Workspace, cleanup func(), err error) {
	fake = newBenchFake()
	ws, removeWorkspace, err := b.workspace(b.terraform, fake, readsConfig(fake.AddGeneratedDispatches(benchWebhookID, n)))
	if err != nil {
		fake.Close()
		return nil, nil, nil, err
	}
	return fake, ws, func() { removeWorkspace(); fake.Close() }, nil
}

func (b *bench) single(ctx context.Context) ([]figure, error) {
	n := b.singleReads
	fake, ws, cleanup, err := b.readsPlan(n)
	if err != nil {
		return nil, err
	}
	defer cleanup()

	fast, err := b.runPlans(ctx, ws, fake)
	if err != nil {
		return nil, err
	}
	fake.SetLatency(b.latency)
	slow, err := b.runPlans(ctx, ws, fake)
	if err != nil {
		return nil, err
	}

	all := append(slices.Clone(fast), slow...)
	maxConns, exact := 0, true
	for _, p := range all {
		maxConns = max(maxConns, p.connections)
		exact = exact && p.requests == n+1
	}
	fastWall, slowWall := median(fast, wallOf), median(slow, wallOf)
	added := slowWall - fastWall
	ideal := time.Duration(n) * b.latency / parallelism
	allowed := ideal * 11 / 10
	requestsPerRead := float64(all[len(all)-1].requests-1) / float64(n)
	return []figure{
		{name: fmt.Sprintf("single: plan of %d reads (median of %d)", n, b.runs), value: seconds(fastWall)},
		{name: fmt.Sprintf("single: same plan, %s latency per response", b.latency), value: seconds(slowWall)},
		{
			name:  "single: time added by the latency (overlap)",
			value: seconds(added), bound: "<= " + seconds(allowed) + " (1.1 x ideal " + seconds(ideal) + ")",
			pass: added <= allowed,
		},
		{
			name:  "single: TCP connections per plan (most of any run)",
			value: strconv.Itoa(maxConns), bound: fmt.Sprintf("<= %d", parallelism+2),
			pass: maxConns <= parallelism+2,
		},
		{
			name:  "single: HTTP requests per read, besides one of their webhook per plan",
			value: strconv.FormatFloat(requestsPerRead, 'f', 2, 64), bound: "exactly 1 in every run",
			pass: exact,
		},
	}, nil
}

func (b *bench) list(ctx context.Context) ([]figure, error) {
	n := b.listSize
	fake := newBenchFake()
	defer fake.Close()
	fake.AddGeneratedDispatches(benchWebhookID, n)
	listConfig := func(limit string) string {
		return fmt.Sprintf(`
data "apify_webhook_dispatches" "all" {
  webhook_id = "hookBench"
  %s
}

output "listed" {
  value = length(data.apify_webhook_dispatches.all.dispatches)
}
`, limit)
	}
	runs := max(3, b.runs/2)
	if b.short {
		runs = 1
	}
	b2 := *b
	b2.runs = runs

	ws, cleanup, err := b.workspace(b.terraform, fake, listConfig(fmt.Sprintf("limit = %d", n)))
	if err != nil {
		return nil, err
	}
	defer cleanup()
	plans, err := b2.runPlans(ctx, ws, fake)
	if err != nil {
		return nil, err
	}
	maxRequests, peak := 0, int64(0)
	for _, p := range plans {
		maxRequests = max(maxRequests, p.requests)
		peak = max(peak, p.peakRSS)
	}

	wsDefault, cleanupDefault, err := b.workspace(b.terraform, fake, listConfig(""))
	if err != nil {
		return nil, err
	}
	defer cleanupDefault()
	defaultPlans, err := b2.runPlans(ctx, wsDefault, fake)
	if err != nil {
		return nil, err
	}
	peakDefault := int64(0)
	for _, p := range defaultPlans {
		peakDefault = max(peakDefault, p.peakRSS)
	}

	// The pages, and one read of the webhook.
	wantRequests := (n+apifytest.DefaultMaxPageSize-1)/apifytest.DefaultMaxPageSize + 1
	// What the framework costs for a state of 10,000 dispatches (see
	// "Upstream reports" in DESIGN.md) sets the first bound; the default
	// limit must cost little more than an idle provider.
	const rssBound, rssDefaultBound = 512 << 20, 48 << 20
	return []figure{
		{
			name:  fmt.Sprintf("list: HTTP requests to list %d dispatches", n),
			value: strconv.Itoa(maxRequests), bound: fmt.Sprintf("<= %d (pages of %d, and the webhook)", wantRequests, apifytest.DefaultMaxPageSize),
			pass: maxRequests <= wantRequests,
		},
		{name: fmt.Sprintf("list: plan listing %d (median of %d)", n, runs), value: seconds(median(plans, wallOf))},
		{
			name:  fmt.Sprintf("list: provider peak RSS, limit = %d", n),
			value: mib(peak), bound: "<= " + mib(rssBound),
			pass: peak > 0 && peak <= rssBound,
		},
		{
			name:  fmt.Sprintf("list: provider peak RSS, default limit (%d)", 100),
			value: mib(peakDefault), bound: "<= " + mib(rssDefaultBound),
			pass: peakDefault > 0 && peakDefault <= rssDefaultBound,
		},
	}, nil
}

func (b *bench) memory(ctx context.Context) ([]figure, error) {
	return b.peakMemory(ctx, "plan of %d reads", 1, func(n int) (*apifytest.Server, *tfcli.Workspace, func(), error) {
		return b.readsPlan(n)
	})
}

// floorBound is how much more a plan of reads may cost than the same plan
// on the floor provider (internal/bench/floor), whose data source does
// nothing.
const floorBound = 1.3

// floor runs the plan of singleReads dispatch reads and the same plan of
// the floor provider's constant data source, alternating, and reports the
// ratio of their medians.
func (b *bench) floor(ctx context.Context) ([]figure, error) {
	n := b.singleReads
	fake, ws, cleanup, err := b.readsPlan(n)
	if err != nil {
		return nil, err
	}
	defer cleanup()
	floorDir, err := os.MkdirTemp("", "apify-bench-floor-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(floorDir)
	floorWS, err := tfcli.NewWorkspace(floorDir, b.terraform, b.providerDir)
	if err == nil {
		err = floorWS.Override("apify/floor", b.providerDir)
	}
	if err == nil {
		err = floorWS.WriteFile("main.tf", fmt.Sprintf(`
terraform {
  required_providers {
    floor = {
      source = "apify/floor"
    }
  }
}

data "floor_constant" "each" {
  count = %d
  id    = "dispatch${count.index}"
}
`, n))
	}
	if err != nil {
		return nil, err
	}

	// The same plan with the plugin libraries' logs on, as they are when
	// a logging variable is set (see provider.MuteUnreadLogs), though
	// Terraform still throws them away: what muting them saves.
	logged := *ws
	logged.Env = append(slices.Clone(ws.Env), "TF_LOG_SDK=TRACE")

	// More runs than the other figures: a ratio of two short plans moves
	// with the machine's noise.
	runs := b.runs
	if !b.short {
		runs = max(runs, 11)
	}
	var provider, floor, withLogs []plan
	// A warm-up of each, then the measured runs, alternating so that any
	// drift of the machine falls on all alike.
	for i := range runs + 1 {
		var round [3]plan
		for j, w := range []*tfcli.Workspace{ws, floorWS, &logged} {
			if round[j], err = b.runPlan(ctx, w, fake); err != nil {
				return nil, err
			}
		}
		if i > 0 {
			provider, floor, withLogs = append(provider, round[0]), append(floor, round[1]), append(withLogs, round[2])
		}
	}
	providerWall, floorWall := median(provider, wallOf), median(floor, wallOf)
	ratio := float64(providerWall) / float64(floorWall)
	return []figure{
		{name: fmt.Sprintf("floor: plan of %d reads on a do-nothing framework provider (median of %d)", n, runs), value: seconds(floorWall)},
		{name: fmt.Sprintf("floor: the same plan of apify_webhook_dispatch reads (median of %d)", runs), value: seconds(providerWall)},
		{name: "floor: the same reads with the plugin libraries' logs on (TF_LOG_SDK=TRACE)", value: seconds(median(withLogs, wallOf))},
		{
			name:  "floor: the provider's plan against the floor's",
			value: fmt.Sprintf("%.2f x", ratio), bound: fmt.Sprintf("<= %.2f x", floorBound),
			pass: ratio <= floorBound,
		},
	}, nil
}

// webhooks creates singleReads apify_webhook resources, then measures the
// plan that refreshes them: one request each, over the pooled connections.
func (b *bench) webhooks(ctx context.Context) ([]figure, error) {
	n := b.singleReads
	plans, exact, err := b.refreshPlans(ctx, n, n, b.webhooksApplied)
	if err != nil {
		return nil, err
	}
	maxConns := 0
	for _, p := range plans {
		maxConns = max(maxConns, p.connections)
	}
	return []figure{
		{name: fmt.Sprintf("webhooks: plan refreshing %d apify_webhook (median of %d)", n, b.runs), value: seconds(median(plans, wallOf))},
		{
			name:  "webhooks: HTTP requests per refreshed resource",
			value: strconv.FormatFloat(float64(plans[len(plans)-1].requests)/float64(n), 'f', 2, 64), bound: "exactly 1 in every run",
			pass: exact,
		},
		{
			name:  "webhooks: TCP connections per plan (most of any run)",
			value: strconv.Itoa(maxConns), bound: fmt.Sprintf("<= %d", parallelism+2),
			pass: maxConns <= parallelism+2,
		},
	}, nil
}

// refreshPlans applies resources resources with apply (n of each kind it
// declares), then runs the plans that refresh them, and says whether
// each made exactly one request per resource.
func (b *bench) refreshPlans(ctx context.Context, n, resources int,
	apply func(context.Context, int) (*apifytest.Server, *tfcli.Workspace, func(), error),
) ([]plan, bool, error) {
	fake, ws, cleanup, err := apply(ctx, n)
	if err != nil {
		return nil, false, err
	}
	defer cleanup()
	plans, err := b.runPlans(ctx, ws, fake)
	if err != nil {
		return nil, false, err
	}
	exact := true
	for _, p := range plans {
		exact = exact && p.requests == resources
	}
	return plans, exact, nil
}

// webhookMemory refreshes memoryReads apify_webhook resources: the
// provider's memory must not grow with the managed instances of a plan
// either (UpgradeResourceState, ReadResource and PlanResourceChange are
// each called once per instance).
func (b *bench) webhookMemory(ctx context.Context) ([]figure, error) {
	return b.peakMemory(ctx, "plan refreshing %d apify_webhook", 0, func(n int) (*apifytest.Server, *tfcli.Workspace, func(), error) {
		return b.webhooksApplied(ctx, n)
	})
}

// peakMemory runs the plan of memoryReads instances that prepare makes,
// once, and holds the provider's peak RSS to one bound whatever the
// instances are: it must not grow with their number. Each instance must
// make one request, and the plan extra ones besides, so that the plan did
// what it is said to.
func (b *bench) peakMemory(ctx context.Context, plan string, extra int,
	prepare func(n int) (*apifytest.Server, *tfcli.Workspace, func(), error),
) ([]figure, error) {
	n := b.memoryReads
	fake, ws, cleanup, err := prepare(n)
	if err != nil {
		return nil, err
	}
	defer cleanup()
	p, err := b.runPlan(ctx, ws, fake)
	if err != nil {
		return nil, err
	}
	const rssBound = 64 << 20
	return []figure{{
		name:  "memory: provider peak RSS, " + fmt.Sprintf(plan, n),
		value: mib(p.peakRSS), bound: "<= " + mib(rssBound),
		pass: p.peakRSS > 0 && p.peakRSS <= rssBound && p.requests == n+extra,
	}}, nil
}

// webhooksApplied creates n apify_webhook resources through Terraform on
// a fake of their own, and returns the workspace that holds them.
func (b *bench) webhooksApplied(ctx context.Context, n int) (*apifytest.Server, *tfcli.Workspace, func(), error) {
	return b.applied(ctx, n, fmt.Sprintf(`
resource "apify_webhook" "each" {
  count = %d

  event_types = ["ACTOR.RUN.FAILED"]
  condition   = { actor_id = "vvE7iMKuMc5qTHHsR" }
  request_url = "https://hooks.example.com/apify/${count.index}"
}
`, n), func(fake *apifytest.Server) int { return len(fake.Webhooks()) })
}

// automationApplied creates n apify_actor_task resources and n
// apify_schedule resources, each running its task, and returns the
// workspace that holds them.
func (b *bench) automationApplied(ctx context.Context, n int) (*apifytest.Server, *tfcli.Workspace, func(), error) {
	return b.applied(ctx, 2*n, fmt.Sprintf(`
resource "apify_actor_task" "each" {
  count = %[1]d

  actor_id = "%[2]s"
  name     = "crawl-${count.index}"
  options  = { memory_mbytes = 1024 }
  input    = jsonencode({ startUrls = [{ url = "https://shop.example.com/${count.index}" }] })
}

resource "apify_schedule" "each" {
  count = %[1]d

  name            = "nightly-${count.index}"
  cron_expression = "0 3 * * *"
  timezone        = "Europe/Prague"
  actions         = [{ actor_task_id = apify_actor_task.each[count.index].id, input = jsonencode({ maxPages = 5 }) }]
}
`, n, apifytest.ActorID), func(fake *apifytest.Server) int { return len(fake.Tasks()) + len(fake.Schedules()) })
}

// applied applies config, which declares n resources, through Terraform
// on a fake of its own, checks with count that the fake holds them, and
// returns the workspace that holds them.
func (b *bench) applied(ctx context.Context, n int, config string, count func(*apifytest.Server) int) (*apifytest.Server, *tfcli.Workspace, func(), error) {
	fake := apifytest.NewServer()
	fake.SkipValidation()
	ws, cleanup, err := b.workspace(b.terraform, fake, config)
	if err != nil {
		fake.Close()
		return nil, nil, nil, err
	}
	done := func() { cleanup(); fake.Close() }
	var stderr bytes.Buffer
	apply := ws.Command(ctx, "apply", "-auto-approve", "-input=false", "-no-color", fmt.Sprintf("-parallelism=%d", parallelism))
	apply.Stdout, apply.Stderr = io.Discard, &stderr
	if err := apply.Run(); err != nil {
		done()
		return nil, nil, nil, fmt.Errorf("terraform apply: %w\n%s", err, stderr.String())
	}
	if got := count(fake); got != n {
		done()
		return nil, nil, nil, fmt.Errorf("terraform apply created %d resources on the fake, want %d", got, n)
	}
	return fake, ws, done, nil
}

// automation refreshes singleReads tasks and as many schedules: one
// request each, and memory that does not grow with them.
func (b *bench) automation(ctx context.Context) ([]figure, error) {
	n := b.singleReads
	plans, exact, err := b.refreshPlans(ctx, n, 2*n, b.automationApplied)
	if err != nil {
		return nil, err
	}
	peak := int64(0)
	for _, p := range plans {
		peak = max(peak, p.peakRSS)
	}
	const rssBound = 64 << 20
	return []figure{
		{
			name:  fmt.Sprintf("automation: plan refreshing %d apify_actor_task and %d apify_schedule (median of %d)", n, n, b.runs),
			value: seconds(median(plans, wallOf)),
		},
		{
			name:  "automation: HTTP requests per refreshed resource",
			value: strconv.FormatFloat(float64(plans[len(plans)-1].requests)/float64(2*n), 'f', 2, 64), bound: "exactly 1 in every run",
			pass: exact,
		},
		{
			name:  fmt.Sprintf("memory: provider peak RSS, plan refreshing %d tasks and %d schedules (most of any run)", n, n),
			value: mib(peak), bound: "<= " + mib(rssBound),
			pass: peak > 0 && peak <= rssBound,
		},
	}, nil
}

// micro runs the Go micro-benchmarks of decoding and mapping one dispatch
// against the baseline of decoding the same bytes into the same typed
// model, with the same decoder, and nothing else: what the mapping adds.
func (b *bench) micro(ctx context.Context) ([]figure, error) {
	cmd := exec.CommandContext(ctx, "go", "test", "-run", "^$",
		"-bench", "^Benchmark(DecodeAndMapDispatch|DecodeDispatch)$", "-benchmem",
		"-benchtime", b.microBenchOp, "-count", strconv.Itoa(b.microCount), "./internal/provider")
	cmd.Env = append(os.Environ(), "TF_ACC_TERRAFORM_PATH="+b.terraform)
	output, err := cmd.CombinedOutput()
	if err != nil {
		return nil, fmt.Errorf("go test -bench: %w\n%s", err, output)
	}
	results, err := parseBenchmarks(output)
	if err != nil {
		return nil, err
	}
	typed, baseline := results["DecodeAndMapDispatch"], results["DecodeDispatch"]
	if len(typed) == 0 || len(baseline) == 0 {
		return nil, fmt.Errorf("benchmarks missing from the output:\n%s", output)
	}
	typedNs, baseNs := medianOf(typed, func(r benchResult) float64 { return r.nsPerOp }),
		medianOf(baseline, func(r benchResult) float64 { return r.nsPerOp })
	return []figure{
		{
			name:  "micro: decode + map one dispatch (10 calls, 100 kB bodies)",
			value: fmt.Sprintf("%.0f us/op, %d allocs/op, %d B/op", typedNs/1000, typed[0].allocs, typed[0].bytes),
			bound: "<= 1.25 x decoding alone", pass: typedNs <= 1.25*baseNs,
		},
		{
			name:  "micro: decoding alone, into the same model",
			value: fmt.Sprintf("%.0f us/op, %d allocs/op, %d B/op", baseNs/1000, baseline[0].allocs, baseline[0].bytes),
		},
	}, nil
}

type benchResult struct {
	nsPerOp       float64
	allocs, bytes int64
}

// parseBenchmarks reads `go test -bench -benchmem` output into results by
// benchmark name, without the Benchmark prefix and the -N suffix.
func parseBenchmarks(output []byte) (map[string][]benchResult, error) {
	results := map[string][]benchResult{}
	scanner := bufio.NewScanner(bytes.NewReader(output))
	for scanner.Scan() {
		fields := strings.Fields(scanner.Text())
		if len(fields) < 4 || !strings.HasPrefix(fields[0], "Benchmark") {
			continue
		}
		name := strings.TrimPrefix(fields[0], "Benchmark")
		if i := strings.LastIndex(name, "-"); i > 0 {
			name = name[:i]
		}
		var r benchResult
		for i := 2; i+1 < len(fields); i++ {
			value := fields[i]
			switch fields[i+1] {
			case "ns/op":
				r.nsPerOp, _ = strconv.ParseFloat(value, 64)
			case "allocs/op":
				r.allocs, _ = strconv.ParseInt(value, 10, 64)
			case "B/op":
				r.bytes, _ = strconv.ParseInt(value, 10, 64)
			}
		}
		if r.nsPerOp == 0 {
			return nil, fmt.Errorf("no ns/op in %q", scanner.Text())
		}
		results[name] = append(results[name], r)
	}
	return results, scanner.Err()
}

// watchPeakRSS follows every process running the provider binary until
// the returned function is called, and then returns the highest peak
// resident set size (VmHWM) seen, in bytes. It reads /proc, so it works on
// Linux only; elsewhere it reports 0.
func watchPeakRSS(ctx context.Context, binary string) func() int64 {
	ctx, cancel := context.WithCancel(ctx)
	done := make(chan int64, 1)
	go func() {
		peaks := map[int]int64{}
		ticker := time.NewTicker(10 * time.Millisecond)
		defer ticker.Stop()
		for {
			for _, pid := range processesOf(binary) {
				if hwm, err := peakRSS(pid); err == nil {
					peaks[pid] = max(peaks[pid], hwm)
				}
			}
			select {
			case <-ctx.Done():
				var peak int64
				for _, p := range peaks {
					peak = max(peak, p)
				}
				done <- peak
				return
			case <-ticker.C:
			}
		}
	}()
	return func() int64 {
		cancel()
		return <-done
	}
}

func processesOf(binary string) []int {
	entries, err := os.ReadDir("/proc")
	if err != nil {
		return nil
	}
	var pids []int
	for _, e := range entries {
		pid, err := strconv.Atoi(e.Name())
		if err != nil {
			continue
		}
		if exe, err := os.Readlink(fmt.Sprintf("/proc/%d/exe", pid)); err == nil && exe == binary {
			pids = append(pids, pid)
		}
	}
	return pids
}

func peakRSS(pid int) (int64, error) {
	status, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0, err
	}
	for line := range strings.SplitSeq(string(status), "\n") {
		if rest, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			kb, err := strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(rest), " kB"), 10, 64)
			return kb << 10, err
		}
	}
	return 0, errors.New("no VmHWM")
}

func wallOf(p plan) float64 { return float64(p.wall) }

func median(plans []plan, of func(plan) float64) time.Duration {
	return time.Duration(medianOf(plans, of))
}

func medianOf[T any](items []T, of func(T) float64) float64 {
	values := make([]float64, len(items))
	for i, item := range items {
		values[i] = of(item)
	}
	slices.Sort(values)
	if len(values)%2 == 1 {
		return values[len(values)/2]
	}
	return (values[len(values)/2-1] + values[len(values)/2]) / 2
}

func seconds(d time.Duration) string { return fmt.Sprintf("%.2f s", d.Seconds()) }

func mib(bytes int64) string { return fmt.Sprintf("%.1f MiB", float64(bytes)/(1<<20)) }
