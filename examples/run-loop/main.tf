# The loop a pipeline closes (Terraform 1.14 and later, for actions): a
# task, a webhook on its runs, an action that runs the task whenever the
# task is created or changed, and a check that the run's
# ACTOR.RUN.SUCCEEDED dispatch was delivered.
#
# `make demo` runs it against the bundled fake Apify API when its
# Terraform supports actions. Against the real API, set APIFY_TOKEN and
# a receiver of your own:
#
#   terraform apply -var 'receiver_url=https://ci.example.com/hooks/apify'

terraform {
  required_version = ">= 1.14"
  required_providers {
    apify = {
      source = "apify/apify"
    }
  }
}

provider "apify" {}

variable "actor" {
  description = "Actor the task runs, as username/actor-name."
  type        = string
  default     = "apify/web-scraper"
}

variable "receiver_url" {
  description = "URL that receives the webhook's dispatches."
  type        = string
  default     = "https://hooks.example.com/apify/runs"
  sensitive   = true
}

data "apify_actor" "scraper" {
  name = var.actor
}

resource "apify_actor_task" "crawl" {
  actor_id = data.apify_actor.scraper.id
  name     = "run-loop-crawl"
  input    = jsonencode({ startUrls = [{ url = "https://shop.example.com" }], maxPages = 10 })
}

# Tell the receiver how each run of the task ended.
resource "apify_webhook" "runs" {
  event_types = ["ACTOR.RUN.SUCCEEDED", "ACTOR.RUN.FAILED", "ACTOR.RUN.TIMED_OUT"]
  condition   = { actor_task_id = apify_actor_task.crawl.id }
  request_url = var.receiver_url
}

# A short run of the task, waited for: the apply fails if it does not
# end SUCCEEDED.
action "apify_run_actor_task" "smoke" {
  config {
    actor_task_id = apify_actor_task.crawl.id
    input         = jsonencode({ maxPages = 1 })
    timeout       = "15m"
  }
}

# Runs the task once the webhook watches it, and again whenever the task
# changes.
resource "terraform_data" "run_on_change" {
  input = [apify_actor_task.crawl.modified_at, apify_webhook.runs.id]

  lifecycle {
    action_trigger {
      events  = [after_create, after_update]
      actions = [action.apify_run_actor_task.smoke]
    }
  }
}

# The dispatches of successful runs the webhook got in the last day.
data "apify_webhook_dispatches" "succeeded" {
  webhook_id    = apify_webhook.runs.id
  event_types   = ["ACTOR.RUN.SUCCEEDED"]
  created_after = timeadd(plantimestamp(), "-24h")
}

# The task's last run ended SUCCEEDED, and the webhook delivered its
# ACTOR.RUN.SUCCEEDED dispatch. Terraform 1.14 and 1.15 invoke an action
# that a resource triggers alongside what depends on that resource, not
# before it (hashicorp/terraform#37975), so the dispatches read in the
# apply that runs the task may predate the run: a run that started after
# this plan is judged by the next one. A pipeline runs `terraform plan`
# after the apply to check the run it started.
check "last_run_delivered" {
  data "apify_actor_run" "last" {
    actor_task_id         = apify_actor_task.crawl.id
    wait_for_final_status = true
    depends_on            = [terraform_data.run_on_change]
  }

  assert {
    condition = timecmp(data.apify_actor_run.last.started_at, plantimestamp()) > 0 || (
      data.apify_actor_run.last.status == "SUCCEEDED" && anytrue([
        for d in data.apify_webhook_dispatches.succeeded.dispatches :
        d.status == "SUCCEEDED" && d.event_data.actor_run_id == data.apify_actor_run.last.id
      ])
    )
    error_message = "The task's last run did not succeed, or its ACTOR.RUN.SUCCEEDED dispatch was not delivered."
  }
}

output "succeeded_dispatches" {
  description = "The ACTOR.RUN.SUCCEEDED dispatches of the last day, by run."
  value       = { for d in data.apify_webhook_dispatches.succeeded.dispatches : d.event_data.actor_run_id => d.status }
}
