# An Actor of Apify Store, by the name its page shows.
data "apify_actor" "web_scraper" {
  name = "apify/web-scraper"
}

# An Actor of the token's own account, by its name alone.
data "apify_actor" "own" {
  name = "my-scraper"
}

output "web_scraper" {
  value = {
    id            = data.apify_actor.web_scraper.id
    default_build = data.apify_actor.web_scraper.default_build
  }
}
