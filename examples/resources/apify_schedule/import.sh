# A schedule is imported by its ID, as Apify Console shows it, or by its
# name, unique in the account.
terraform import apify_schedule.weekday_mornings asdLZtadYvn4mBZmm
terraform import apify_schedule.weekday_mornings weekday-mornings
