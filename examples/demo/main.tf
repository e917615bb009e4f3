# Reads a few webhook dispatches and summarises their delivery, then
# declares the whole loop of a pipeline: a task of an Actor, a schedule
# that runs it, a webhook on the task's runs, a test that proves the
# webhook delivers, and the dispatch read back.
#
# `make demo` runs this configuration against the bundled fake Apify API.
# Against the real API, set APIFY_TOKEN and pass your own IDs:
#
#   terraform apply -var 'dispatch_ids=["<dispatch ID>"]' -var 'webhook_id=<webhook ID>' -var 'actor=<user/actor-name>'
#   terraform destroy -var ...   # the same -var options: removes the demo's task, schedule and webhook
#
# The schedule is created disabled, so that nothing runs.

terraform {
  required_providers {
    apify = {
      source = "apify/apify"
    }
  }
}

# The token comes from APIFY_TOKEN; APIFY_API_BASE_URL points the demo at
# the fake API.
provider "apify" {}

variable "dispatch_ids" {
  description = "IDs of the webhook dispatches to read."
  type        = list(string)
  default = [
    "Zib4xbZsmvZeK55ua",
    "fQ8xW2nTzLp4VbR6k",
    "Tq3mK9vXcB7yHn2Rd",
    "Lm5nP8rStUv2Wx4Yz",
    "Hc6dJ2kLq9wEr3TfA",
  ]
}

variable "webhook_id" {
  description = "ID of the webhook whose recent dispatches to count."
  type        = string
  default     = "asdLZtadYvn4mBZmm"
}

data "apify_webhook_dispatch" "this" {
  for_each = toset(var.dispatch_ids)

  id = each.value
}

output "dispatches" {
  description = "Each dispatch's event, delivery status and last delivery call."
  value = {
    for id, d in data.apify_webhook_dispatch.this : id => {
      event_type           = d.event_type
      status               = d.status
      created_at           = d.created_at
      calls                = length(d.calls)
      last_response_status = try(d.calls[length(d.calls) - 1].response_status, null)
      last_error           = try(d.calls[length(d.calls) - 1].error_message, null)
    }
  }
}

data "apify_webhook_dispatches" "recent" {
  webhook_id = var.webhook_id
  limit      = 100
}

output "recent_status_counts" {
  description = "How many of the webhook's 100 newest dispatches have each status."
  value       = data.apify_webhook_dispatches.recent.status_counts
}

output "undelivered" {
  description = "Dispatches the platform gave up delivering."
  value       = [for id, d in data.apify_webhook_dispatch.this : id if d.status == "FAILED"]
}

# The loop: a task, its schedule and a webhook on its runs declared, the
# webhook tested in the same apply, its delivery read back and counted.
# Against the real API, pass an Actor of yours with -var 'actor=...';
# destroy removes them again.

variable "actor" {
  description = "Name of the Actor the demo's task runs, as username/actor-name."
  type        = string
  default     = "janedoe/my-scraper"
}

variable "webhook_request_url" {
  description = "Where the demo's webhook sends its requests."
  type        = string
  default     = "https://hooks.example.com/apify/demo"
}

data "apify_actor" "demo" {
  name = var.actor
}

resource "apify_actor_task" "demo" {
  actor_id = data.apify_actor.demo.id
  name     = "terraform-provider-apify-demo"
  title    = "terraform-provider-apify demo"
  options  = { memory_mbytes = 1024, timeout_secs = 300 }
  input    = jsonencode({ startUrls = [{ url = "https://shop.example.com" }], maxPages = 5 })
}

resource "apify_schedule" "demo" {
  name            = "terraform-provider-apify-demo"
  cron_expression = "0 3 * * *"
  timezone        = "Europe/Prague"
  is_enabled      = false
  actions         = [{ actor_task_id = apify_actor_task.demo.id }]
}

resource "apify_webhook" "demo" {
  event_types = ["ACTOR.RUN.SUCCEEDED", "ACTOR.RUN.FAILED"]
  condition = {
    actor_task_id = apify_actor_task.demo.id
  }
  request_url = var.webhook_request_url
  description = "terraform-provider-apify demo"
}

resource "apify_webhook_test_dispatch" "demo" {
  webhook_id = apify_webhook.demo.id

  lifecycle {
    postcondition {
      condition     = self.status == "SUCCEEDED"
      error_message = "The demo webhook did not deliver its test."
    }
  }
}

data "apify_webhook_dispatch" "demo_test" {
  id = apify_webhook_test_dispatch.demo.id
}

data "apify_webhook_dispatches" "demo_webhook" {
  webhook_id = apify_webhook.demo.id

  depends_on = [apify_webhook_test_dispatch.demo]
}

output "webhook_loop" {
  description = "The demo's task, schedule and webhook, its test and what reading it back found."
  value = {
    actor_id             = data.apify_actor.demo.id
    task_id              = apify_actor_task.demo.id
    schedule_id          = apify_schedule.demo.id
    schedule_cron        = "${apify_schedule.demo.cron_expression} (${apify_schedule.demo.timezone})"
    webhook_id           = apify_webhook.demo.id
    test_dispatch_id     = apify_webhook_test_dispatch.demo.id
    test_status          = apify_webhook_test_dispatch.demo.status
    test_response_status = try(apify_webhook_test_dispatch.demo.calls[length(apify_webhook_test_dispatch.demo.calls) - 1].response_status, null)
    read_back_status     = data.apify_webhook_dispatch.demo_test.status
    dispatches_counted   = length(data.apify_webhook_dispatches.demo_webhook.dispatches)
  }
}
