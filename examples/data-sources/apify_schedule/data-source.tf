# A schedule managed elsewhere, read with its next run.
data "apify_schedule" "weekly" {
  id = "bqK7mP2xR9sTn4Vw1"
}

# Warn on every plan when the schedule was switched off.
check "weekly_schedule_enabled" {
  assert {
    condition     = data.apify_schedule.weekly.is_enabled
    error_message = "Schedule ${data.apify_schedule.weekly.name} is disabled: its runs do not start."
  }
}

output "weekly_next_run" {
  value = data.apify_schedule.weekly.next_run_at
}
