using System.Text.Json;
using FastEndpoints;
using FluentValidation;
using MailHub.Channels.Mailboxes;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace MailHub.Channels.Sandbox.Retention;

/// <summary>How much captured mail to keep: at most <paramref name="MaxMessages"/> (newest first) and none older than <paramref name="MaxAgeHours"/>; null keeps all.</summary>
internal sealed record RetentionLimits(int? MaxMessages, double? MaxAgeHours);

/// <summary>One sandbox mailbox's own limits, instead of the default.</summary>
internal sealed record MailboxRetention(Guid MailboxId, int? MaxMessages, double? MaxAgeHours);

/// <summary>
/// GET/PUT /api/sandbox/retention: the default for captured mail (every mailbox without its own, and captures of no mailbox) and
/// each sandbox mailbox's own limits. Nothing set keeps everything, as before.
/// </summary>
internal sealed record RetentionPolicy(RetentionLimits? Default, IReadOnlyList<MailboxRetention>? Mailboxes);

internal sealed class RetentionPolicyValidator : Validator<RetentionPolicy>
{
    public RetentionPolicyValidator()
    {
        RuleFor(p => p.Default!.MaxMessages).GreaterThan(0).When(p => p.Default is not null).WithMessage("maxMessages is at least 1; leave it out to keep any number.");
        RuleFor(p => p.Default!.MaxAgeHours).GreaterThan(0).When(p => p.Default is not null).WithMessage("maxAgeHours is more than 0; leave it out to keep mail of any age.");
        RuleForEach(p => p.Mailboxes).ChildRules(m =>
        {
            m.RuleFor(r => r.MailboxId).NotEmpty().WithMessage("Name the sandbox mailbox by its id (GET /api/channels/mailboxes).");
            m.RuleFor(r => r.MaxMessages).GreaterThan(0).WithMessage("maxMessages is at least 1; leave it out to keep any number.");
            m.RuleFor(r => r.MaxAgeHours).GreaterThan(0).WithMessage("maxAgeHours is more than 0; leave it out to keep mail of any age.");
        });
        RuleFor(p => p.Mailboxes).Must(m => m is null || m.Select(r => r.MailboxId).Distinct().Count() == m.Count)
            .WithMessage("Each mailbox once.");
    }
}

/// <summary>
/// Keeps the policy and enforces it in the background: every <see cref="SandboxOptions.RetentionInterval"/> one node (the one
/// that takes a transaction-scoped advisory lock; the others skip that round) deletes captures past their mailbox's limits
/// (or the default's), oldest first, and deletes expired ephemeral mailboxes with their captures. Received mail of sandbox
/// mailboxes is not touched: conversations are made of it.
/// </summary>
internal sealed partial class SandboxRetention(
    NpgsqlDataSource dataSource,
    SandboxStore store,
    Ephemeral.EphemeralMailboxes ephemeral,
    IOptions<SandboxOptions> options,
    ILogger<SandboxRetention> logger) : BackgroundService
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public async Task<RetentionPolicy> GetAsync(CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("SELECT policy::text FROM channels.sandbox_retention");
        return await command.ExecuteScalarAsync(cancellationToken) is string text
            ? JsonSerializer.Deserialize<RetentionPolicy>(text, Json) ?? new RetentionPolicy(null, [])
            : new RetentionPolicy(null, []);
    }

    public async Task<RetentionPolicy> SetAsync(RetentionPolicy policy, CancellationToken cancellationToken)
    {
        var stored = policy with { Mailboxes = policy.Mailboxes ?? [] };
        await using var command = dataSource.CreateCommand("""
            INSERT INTO channels.sandbox_retention (id, policy, updated_at) VALUES (true, $1::jsonb, now())
            ON CONFLICT (id) DO UPDATE SET policy = EXCLUDED.policy, updated_at = EXCLUDED.updated_at
            """);
        command.Parameters.Add(new() { Value = JsonSerializer.Serialize(stored, Json) });
        await command.ExecuteNonQueryAsync(cancellationToken);
        return stored;
    }

    /// <summary>One sweep; how many captures it deleted (0 when another node holds the sweep's lock).</summary>
    public async Task<int> EnforceAsync(CancellationToken cancellationToken)
    {
        var policy = await GetAsync(cancellationToken);
        var own = policy.Mailboxes ?? [];
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using (var lockCommand = new NpgsqlCommand("SELECT pg_try_advisory_xact_lock(hashtext('mailhub:sandbox-retention'))", connection, transaction))
        {
            if (!(bool)(await lockCommand.ExecuteScalarAsync(cancellationToken))!)
                return 0;
        }
        var deleted = 0;
        // Expired ephemeral mailboxes go first, with their captures (under this sweep's lock: one node at a time).
        if (await ephemeral.SweepAsync(cancellationToken) > 0)
            deleted++;
        foreach (var mailbox in own)
            deleted += await DeleteAsync(transaction, "mailbox_id = $1", mailbox.MailboxId, mailbox.MaxMessages, mailbox.MaxAgeHours, cancellationToken);
        if (policy.Default is { } limits && (limits.MaxMessages is not null || limits.MaxAgeHours is not null))
            deleted += await DeleteAsync(transaction, "(mailbox_id IS NULL OR NOT mailbox_id = ANY($1))", own.Select(m => m.MailboxId).ToArray(),
                limits.MaxMessages, limits.MaxAgeHours, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        if (deleted > 0)
        {
            store.Deleted();
            LogSwept(deleted);
        }
        return deleted;
    }

    private static async Task<int> DeleteAsync(NpgsqlTransaction transaction, string scope, object scopeValue, int? maxMessages, double? maxAgeHours,
        CancellationToken cancellationToken)
    {
        var deleted = 0;
        if (maxAgeHours is { } hours)
        {
            await using var old = new NpgsqlCommand($"DELETE FROM channels.sandbox_messages WHERE {scope} AND captured_at < now() - $2", transaction.Connection, transaction);
            old.Parameters.Add(new() { Value = scopeValue });
            old.Parameters.Add(new() { Value = TimeSpan.FromHours(hours) });
            deleted += await old.ExecuteNonQueryAsync(cancellationToken);
        }
        if (maxMessages is { } max)
        {
            await using var over = new NpgsqlCommand($"""
                DELETE FROM channels.sandbox_messages WHERE id IN (
                    SELECT id FROM channels.sandbox_messages WHERE {scope} ORDER BY captured_at DESC, id DESC OFFSET $2)
                """, transaction.Connection, transaction);
            over.Parameters.Add(new() { Value = scopeValue });
            over.Parameters.Add(new() { Value = max });
            deleted += await over.ExecuteNonQueryAsync(cancellationToken);
        }
        return deleted;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(options.Value.RetentionInterval, stoppingToken);
                await EnforceAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is NpgsqlException or TimeoutException or InvalidOperationException)
            {
                LogSweepFailed(e);
            }
        }
    }

    [LoggerMessage(LogLevel.Information, "Sandbox retention deleted {Count} captured messages")]
    private partial void LogSwept(int count);

    [LoggerMessage(LogLevel.Warning, "The sandbox retention sweep failed; it runs again at its next interval")]
    private partial void LogSweepFailed(Exception e);
}
