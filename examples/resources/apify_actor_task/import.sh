# A task is imported by its ID, by the owner's username and its name (with
# ~ or / between them, as Apify Console writes it), or by its bare name in
# the token's account.
terraform import apify_actor_task.shop_crawl zdc3Pyhyz3m8vjDeM
terraform import apify_actor_task.shop_crawl janedoe~shop-crawl
terraform import apify_actor_task.shop_crawl janedoe/shop-crawl
terraform import apify_actor_task.shop_crawl shop-crawl
