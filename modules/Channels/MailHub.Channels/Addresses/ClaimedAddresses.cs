using MailHub.Channels.Smtp;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace MailHub.Channels.Addresses;

/// <summary>A claim on an address or a whole domain, optionally by a mailbox.</summary>
internal sealed record AddressClaim(string Pattern, Guid? MailboxId);

/// <summary>
/// Addresses and domains MailHub serves besides <c>MailHub:Smtp:AcceptDomains</c>
/// (<c>channels.claimed_addresses</c>). Mailboxes claim theirs; the SMTP listener asks on every RCPT,
/// so lookups read a snapshot of the whole table that is refreshed after a short expiry (and at once
/// after a claim on this node). When PostgreSQL cannot be reached, a snapshot up to
/// <see cref="StaleLimit"/> old is still used rather than refusing mail.
/// </summary>
internal sealed class ClaimedAddresses(NpgsqlDataSource dataSource, IOptions<SmtpListenerOptions> options,
    TimeProvider time, ILogger<ClaimedAddresses> logger)
{
    private static readonly TimeSpan StaleLimit = TimeSpan.FromMinutes(5);
    private readonly SemaphoreSlim _refresh = new(1, 1);
    private Snapshot? _snapshot;

    private sealed record Snapshot(Dictionary<string, Guid?> Claims, DateTimeOffset ReadAt);

    /// <summary>Claims an address ("sales@example.com") or a domain ("example.com"); claiming again moves it to the mailbox.</summary>
    public async Task ClaimAsync(string addressOrDomain, Guid? mailboxId = null, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand("""
            INSERT INTO channels.claimed_addresses (pattern, mailbox_id) VALUES ($1, $2)
            ON CONFLICT (pattern) DO UPDATE SET mailbox_id = EXCLUDED.mailbox_id, claimed_at = now()
            """);
        command.Parameters.Add(new() { Value = Normalize(addressOrDomain) });
        command.Parameters.Add(new() { Value = mailboxId is { } id ? id : DBNull.Value });
        await command.ExecuteNonQueryAsync(cancellationToken);
        _snapshot = null;
    }

    public async Task<bool> UnclaimAsync(string addressOrDomain, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand("DELETE FROM channels.claimed_addresses WHERE pattern = $1");
        command.Parameters.Add(new() { Value = Normalize(addressOrDomain) });
        var removed = await command.ExecuteNonQueryAsync(cancellationToken) > 0;
        _snapshot = null;
        return removed;
    }

    /// <summary>Every claim, read now (for the listener's page, not for RCPT: that reads the snapshot), in pattern order.</summary>
    public async Task<IReadOnlyList<AddressClaim>> ListAsync(CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("SELECT pattern, mailbox_id FROM channels.claimed_addresses ORDER BY pattern");
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var claims = new List<AddressClaim>();
        while (await reader.ReadAsync(cancellationToken))
            claims.Add(new AddressClaim(reader.GetString(0), reader.IsDBNull(1) ? null : reader.GetGuid(1)));
        return claims;
    }

    /// <summary>Forgets the snapshot, after claims were changed in a transaction of the caller's.</summary>
    public void Invalidate() => _snapshot = null;

    /// <summary>The claim that covers an address: the address itself first, then its domain; null when none does.</summary>
    public async ValueTask<AddressClaim?> FindAsync(string address, CancellationToken cancellationToken = default)
    {
        var claims = (await CurrentAsync(cancellationToken)).Claims;
        var normalized = Normalize(address);
        if (claims.TryGetValue(normalized, out var mailbox))
            return new AddressClaim(normalized, mailbox);
        var at = normalized.LastIndexOf('@');
        // support+token@example.com is support@example.com with a reply token (plus addressing).
        var plus = at > 0 ? normalized.IndexOf('+', 0, at) : -1;
        if (plus > 0 && claims.TryGetValue(normalized[..plus] + normalized[at..], out mailbox))
            return new AddressClaim(normalized[..plus] + normalized[at..], mailbox);
        if (at >= 0 && claims.TryGetValue(normalized[(at + 1)..], out mailbox))
            return new AddressClaim(normalized[(at + 1)..], mailbox);
        return null;
    }

    private async ValueTask<Snapshot> CurrentAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var current = _snapshot;
        if (current is not null && now - current.ReadAt < options.Value.ClaimCacheDuration)
            return current;

        await _refresh.WaitAsync(cancellationToken);
        try
        {
            current = _snapshot;
            if (current is not null && now - current.ReadAt < options.Value.ClaimCacheDuration)
                return current;
            try
            {
                return _snapshot = await ReadAsync(cancellationToken);
            }
            catch (Exception e) when (current is not null && now - current.ReadAt < StaleLimit && e is NpgsqlException or TimeoutException)
            {
                logger.LogWarning(e, "Could not re-read the claimed addresses; using the list read at {ReadAt}", current.ReadAt);
                return current;
            }
        }
        finally
        {
            _refresh.Release();
        }
    }

    private async Task<Snapshot> ReadAsync(CancellationToken cancellationToken)
    {
        var claims = new Dictionary<string, Guid?>(StringComparer.Ordinal);
        await using var command = dataSource.CreateCommand("SELECT pattern, mailbox_id FROM channels.claimed_addresses");
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
            claims[reader.GetString(0)] = reader.IsDBNull(1) ? null : reader.GetGuid(1);
        return new Snapshot(claims, time.GetUtcNow());
    }

    internal static string Normalize(string addressOrDomain) =>
        addressOrDomain.Trim().TrimEnd('.').ToLowerInvariant();
}
