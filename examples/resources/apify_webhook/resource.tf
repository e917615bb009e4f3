# Tell the CI when a scheduled scrape fails or times out.
resource "apify_webhook" "scrape_failed" {
  event_types = ["ACTOR.RUN.FAILED", "ACTOR.RUN.TIMED_OUT"]
  condition = {
    actor_id = "vvE7iMKuMc5qTHHsR"
  }
  request_url = "https://ci.example.com/hooks/apify"
  description = "Scrape failed: tell the CI"

  # The platform's template language: JSON with {{variables}}.
  payload_template = <<-EOT
    {
      "runId": {{resource.id}},
      "status": {{resource.status}},
      "event": {{eventType}}
    }
  EOT

  # Sensitive: often a credential, so never shown in plans or logs.
  headers_template = jsonencode({ Authorization = "Bearer ci-hook-token" })
}

# A webhook of a task, delivered once: no retries after a failed call.
resource "apify_webhook" "task_done" {
  event_types = ["ACTOR.RUN.SUCCEEDED"]
  condition = {
    actor_task_id = "zRLp8SDOZz2NyLg7K"
  }
  request_url  = "https://hooks.example.com/apify/task-done"
  do_not_retry = true
}

output "scrape_failed_webhook_id" {
  value = apify_webhook.scrape_failed.id
}
