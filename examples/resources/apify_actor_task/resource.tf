data "apify_actor" "web_scraper" {
  name = "apify/web-scraper"
}

# A crawl of the shop with its own input and run options.
resource "apify_actor_task" "shop_crawl" {
  actor_id = data.apify_actor.web_scraper.id
  name     = "shop-crawl"
  title    = "Shop crawl"

  options = {
    build         = "latest"
    memory_mbytes = 2048
    timeout_secs  = 3600
  }

  # Formatting and key order do not matter: reformatting plans nothing.
  input = jsonencode({
    startUrls = [{ url = "https://shop.example.com" }]
    maxPages  = 50
  })

  # Secret fields, merged into the input and never shown in a plan.
  sensitive_input = jsonencode({
    proxyPassword = "s3cret"
  })
}

output "shop_crawl_task_id" {
  value = apify_actor_task.shop_crawl.id
}
