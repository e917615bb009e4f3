# The newest 100 dispatches of one webhook, and how many have each status.
data "apify_webhook_dispatches" "recent" {
  webhook_id = "asdLZtadYvn4mBZmm"
}

output "recent_status_counts" {
  value = data.apify_webhook_dispatches.recent.status_counts
}

# Failed deliveries of any webhook of the account among its newest 500
# dispatches, for a report.
data "apify_webhook_dispatches" "failed_runs" {
  limit       = 500
  statuses    = ["FAILED"]
  event_types = ["ACTOR.RUN.SUCCEEDED", "ACTOR.RUN.FAILED"]
}

output "undelivered_run_events" {
  value = [for d in data.apify_webhook_dispatches.failed_runs.dispatches : "${d.webhook_id}: ${d.event_type} at ${d.created_at}"]
}

# Warn on every plan when the webhook failed to deliver in the last day,
# or when the day held more dispatches than the read may take, so that
# failures could hide in what was not read.
check "webhook_delivers" {
  data "apify_webhook_dispatches" "failed_today" {
    webhook_id    = "asdLZtadYvn4mBZmm"
    statuses      = ["FAILED"]
    created_after = timeadd(plantimestamp(), "-24h")
    limit         = 10000
  }

  assert {
    condition     = !data.apify_webhook_dispatches.failed_today.truncated
    error_message = "More dispatches in the last 24 hours than limit allows: not every one was checked."
  }

  assert {
    condition     = length(data.apify_webhook_dispatches.failed_today.dispatches) == 0
    error_message = "Webhook asdLZtadYvn4mBZmm failed to deliver ${length(data.apify_webhook_dispatches.failed_today.dispatches)} dispatches in the last 24 hours."
  }
}
