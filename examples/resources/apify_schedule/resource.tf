data "apify_actor" "web_scraper" {
  name = "apify/web-scraper"
}

resource "apify_actor_task" "shop_crawl" {
  actor_id = data.apify_actor.web_scraper.id
  name     = "shop-crawl"
  input    = jsonencode({ startUrls = [{ url = "https://shop.example.com" }] })
}

# Crawl the shop on weekday mornings, Prague time; skip a run while the
# previous one is still going.
resource "apify_schedule" "weekday_mornings" {
  name            = "weekday-mornings"
  cron_expression = "0 6 * * 1-5"
  timezone        = "Europe/Prague"
  is_exclusive    = true

  actions = [
    # The task, with a smaller crawl than its own input asks for.
    {
      actor_task_id = apify_actor_task.shop_crawl.id
      input         = jsonencode({ maxPages = 10 })
    },
    # An Actor directly, with its whole input and its run options.
    {
      actor_id    = data.apify_actor.web_scraper.id
      input       = jsonencode({ startUrls = [{ url = "https://blog.example.com" }] })
      run_options = { memory_mbytes = 1024, timeout_secs = 600 }
    },
  ]
}

output "next_run" {
  value = apify_schedule.weekday_mornings.next_run_at
}
