# A schedule is imported by its ID, as Apify Console shows it.
terraform import apify_schedule.weekday_mornings asdLZtadYvn4mBZmm
