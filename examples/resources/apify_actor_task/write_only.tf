# Secret input fields that never rest in the plan or the state (Terraform
# 1.11 or OpenTofu 1.11 and newer), fed from an ephemeral variable.
variable "proxy_password" {
  type      = string
  sensitive = true
  ephemeral = true
}

data "apify_actor" "web_scraper" {
  name = "apify/web-scraper"
}

resource "apify_actor_task" "shop_crawl" {
  actor_id = data.apify_actor.web_scraper.id
  name     = "shop-crawl"
  input    = jsonencode({ startUrls = [{ url = "https://shop.example.com" }] })

  sensitive_input_wo         = jsonencode({ proxyPassword = var.proxy_password })
  sensitive_input_wo_version = 1 # change it to send a new value
}
