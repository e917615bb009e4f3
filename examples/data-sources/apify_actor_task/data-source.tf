# A task managed elsewhere, by the owner's username and its name.
data "apify_actor_task" "report" {
  id = "janedoe~weekly-report"
}

# Watch its runs with a webhook of this configuration.
output "report_task_id" {
  value = data.apify_actor_task.report.task_id
}
