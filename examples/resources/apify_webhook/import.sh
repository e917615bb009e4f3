# A webhook is imported by its ID, as Apify Console shows it.
terraform import apify_webhook.scrape_failed YiKoxjkaS9gjGTqhF
