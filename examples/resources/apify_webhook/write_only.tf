# The webhook's URL carries a secret token. Passed in as an ephemeral
# variable (export TF_VAR_webhook_url in the pipeline) and set through the
# write-only request_url_wo, it reaches the API and never the plan or the
# state. Needs Terraform 1.11 or OpenTofu 1.11 and newer.
variable "webhook_url" {
  type      = string
  ephemeral = true
  sensitive = true
}

resource "apify_webhook" "deploy_failed" {
  event_types = ["ACTOR.RUN.FAILED"]
  condition = {
    actor_id = "vvE7iMKuMc5qTHHsR"
  }
  request_url_wo = var.webhook_url
  # The provider cannot see the URL it sent: raise the version to send a
  # new one.
  request_url_wo_version = 1
}
