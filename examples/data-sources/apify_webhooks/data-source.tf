# Every webhook of the account.
data "apify_webhooks" "all" {}

output "webhook_ids" {
  value = [for w in data.apify_webhooks.all.webhooks : w.id]
}

# The webhooks of one Actor that give up after the first failed call.
data "apify_webhooks" "of_actor" {
  actor_id = "vvE7iMKuMc5qTHHsR"
}

output "webhooks_without_retries" {
  value = [for w in data.apify_webhooks.of_actor.webhooks : w.id if w.do_not_retry]
}
