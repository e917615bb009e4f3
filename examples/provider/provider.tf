terraform {
  required_providers {
    apify = {
      source = "apify/apify"
    }
  }
}

# Reads the token from the APIFY_TOKEN environment variable.
provider "apify" {}

# Or configure every setting explicitly; each one is optional.
provider "apify" {
  alias = "tuned"

  token           = var.apify_token
  base_url        = "https://api.apify.com"
  max_retries     = 8
  request_timeout = "1m"
}

variable "apify_token" {
  description = "Apify API token, for example from a secret store. Null falls back to APIFY_TOKEN."
  type        = string
  sensitive   = true
  default     = null
}
