# The last successful run of a task, with its storages and cost.
data "apify_actor_run" "last_good" {
  actor_task_id = "zdc3Pyhyz3m8vjDeM"
  status        = "SUCCEEDED"
}

output "last_good_run" {
  value = {
    id          = data.apify_actor_run.last_good.id
    finished_at = data.apify_actor_run.last_good.finished_at
    dataset     = data.apify_actor_run.last_good.default_dataset_id
    cost_usd    = data.apify_actor_run.last_good.usage_total_usd
  }
}
