# A task is imported by its ID, or by the owner's username and its name.
terraform import apify_actor_task.shop_crawl zdc3Pyhyz3m8vjDeM
terraform import apify_actor_task.shop_crawl janedoe~shop-crawl
