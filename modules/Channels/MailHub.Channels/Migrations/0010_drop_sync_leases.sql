-- Which node syncs a mailbox is Orleans' now: the one activation of its MailboxGrain (Sync/MailboxGrain.cs).
DROP TABLE sync_leases;
