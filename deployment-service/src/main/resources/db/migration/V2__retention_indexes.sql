-- Indexes for the retention sweep (RetentionSweeper): old published outbox rows, processed event ids and stored
-- verdicts are deleted by age.
create index outbox_published_at on outbox (published_at) where published_at is not null;
create index processed_event_processed_at on processed_event (processed_at);
create index request_verdict_processed_at on request_verdict (processed_at);
