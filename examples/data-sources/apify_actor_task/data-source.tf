# A task managed elsewhere, by its name in the token's account.
data "apify_actor_task" "report" {
  name = "weekly-report"
}

# Tell the CI when a run of it fails.
resource "apify_webhook" "report_failed" {
  event_types = ["ACTOR.RUN.FAILED"]
  condition   = { actor_task_id = data.apify_actor_task.report.id }
  request_url = "https://ci.example.com/hooks/apify"
}
