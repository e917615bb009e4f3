# Lists every task, schedule and webhook of the token's account, whole,
# for `terraform query -generate-config-out=generated.tf` (Terraform 1.14
# and later). The provider block of the configuration beside this file
# configures the query too.
list "apify_actor_task" "all" {
  provider         = apify
  include_resource = true
  limit            = 1000
}

list "apify_schedule" "all" {
  provider         = apify
  include_resource = true
  limit            = 1000
}

list "apify_webhook" "all" {
  provider         = apify
  include_resource = true
  limit            = 1000
}

# The webhooks of one task only.
list "apify_webhook" "shop_crawl" {
  provider = apify

  config {
    actor_task_id = "zdc3Pyhyz3m8vjDeM"
  }
}
