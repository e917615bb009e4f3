# Runs the task shop_crawl with a small input, on demand:
#
#   terraform apply -invoke=action.apify_run_actor_task.smoke
#
# or from a resource's lifecycle { action_trigger { ... } }.
action "apify_run_actor_task" "smoke" {
  config {
    actor_task_id = "zdc3Pyhyz3m8vjDeM"
    input         = jsonencode({ maxPages = 1 })
    memory_mbytes = 1024
    timeout       = "15m"
  }
}

# Starts a run of an Actor and returns at once.
action "apify_run_actor" "nightly" {
  config {
    actor_id = "vvE7iMKuMc5qTHHsR"
    input    = jsonencode({ startUrls = [{ url = "https://shop.example.com" }] })
    wait     = false
  }
}

# Proves that a webhook delivers.
action "apify_test_webhook" "scrape_failed" {
  config {
    webhook_id = "YiKoxjkaS9gjGTqhF"
  }
}
