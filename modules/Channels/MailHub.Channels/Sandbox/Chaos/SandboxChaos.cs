using System.Text.Json;
using System.Text.RegularExpressions;
using MailHub.Channels.Mailboxes;
using MailHub.Core.Live;
using MailHub.Mail.Smtp.Server;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace MailHub.Channels.Sandbox.Chaos;

/// <summary>
/// The sandbox's failure injection, shared by every node: the rules live in <c>channels.sandbox_chaos</c>, and each node answers
/// from a copy in memory (with the sandbox mailboxes' addresses), so an SMTP stage or a capture never waits on PostgreSQL. The
/// copy is read again at once on the node that took a PUT, on the others when the <c>sandbox-chaos</c> node signal comes (the
/// live fan-out), and at the latest <see cref="SandboxOptions.ChaosRefresh"/> after a stage found it older than that.
/// Off by default: with no rules nothing is ever injected.
/// </summary>
internal sealed partial class SandboxChaos(
    NpgsqlDataSource dataSource,
    IOptions<SandboxOptions> sandbox,
    IOptions<SmtpServerOptions> smtp,
    LivePublisher live,
    TimeProvider time,
    ILogger<SandboxChaos> logger) : ISmtpFaults
{
    public const string SignalName = "sandbox-chaos";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private volatile Snapshot _snapshot = Snapshot.Empty;
    private int _refreshing;

    private sealed record Compiled(ChaosRule Rule, Regex Matcher);

    private sealed record Snapshot(IReadOnlyList<Compiled> Rules, HashSet<string> SandboxAddresses, DateTimeOffset ReadAt)
    {
        public static readonly Snapshot Empty = new([], new HashSet<string>(StringComparer.Ordinal), DateTimeOffset.MinValue);
    }

    /// <summary>The rules as stored now, with when and by whom they were set.</summary>
    public async Task<ChaosRulesResponse> GetAsync(CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("SELECT rules::text, updated_at, updated_by FROM channels.sandbox_chaos");
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var response = await reader.ReadAsync(cancellationToken)
            ? new ChaosRulesResponse(Parse(reader.GetString(0)), reader.GetFieldValue<DateTimeOffset>(1), reader.IsDBNull(2) ? null : reader.GetString(2))
            : new ChaosRulesResponse([], null, null);
        var endpoints = smtp.Value.Endpoints.Where(e => e.Sandbox).Select(e => e.Name ?? $"{e.Address}:{e.Port}").ToList();
        return response with { SandboxEndpoints = endpoints, Notes = Notes(response.Rules, endpoints) };
    }

    /// <summary>
    /// A note per connect, ehlo, auth or mail rule: no recipient is known at those stages, so such a rule never touches an ordinary
    /// endpoint (a real mailbox's traffic may be on it) and acts only on endpoints marked Sandbox, of which this node may have none.
    /// </summary>
    internal static IReadOnlyList<string> Notes(IReadOnlyList<ChaosRule> rules, IReadOnlyList<string> sandboxEndpoints)
    {
        var where = sandboxEndpoints.Count == 0
            ? "this node has none (set MailHub:Smtp:Endpoints:N:Sandbox to true on a listener QA connects to), so it never fires here"
            : "on this node: " + string.Join(", ", sandboxEndpoints);
        return [.. rules.Select((rule, i) => (rule, i))
            .Where(x => x.rule.Direction == "inbound" && ChaosRule.EndpointOnlyStages.Contains(x.rule.Stage))
            .Select(x => $"rules[{x.i}]: at {x.rule.Stage} no recipient is known yet, so this rule acts only on SMTP endpoints marked Sandbox; {where}.")];
    }

    /// <summary>Replaces every rule (an empty list turns injection off), reloads this node's copy and tells the other nodes.</summary>
    public async Task<ChaosRulesResponse> SetAsync(IReadOnlyList<ChaosRule> rules, string? by, CancellationToken cancellationToken)
    {
        var normalized = rules.Select(r => r.Normalized()).ToList();
        await using (var command = dataSource.CreateCommand("""
            INSERT INTO channels.sandbox_chaos (id, rules, updated_at, updated_by) VALUES (true, $1::jsonb, now(), $2)
            ON CONFLICT (id) DO UPDATE SET rules = EXCLUDED.rules, updated_at = EXCLUDED.updated_at, updated_by = EXCLUDED.updated_by
            """))
        {
            command.Parameters.Add(new() { Value = JsonSerializer.Serialize(normalized, Json) });
            command.Parameters.Add(new() { Value = (object?)by ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text });
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
        await ReloadAsync(cancellationToken);
        live.Publish(LivePush.Signal(SignalName));
        return await GetAsync(cancellationToken);
    }

    /// <summary>Reads the rules and the sandbox mailboxes' addresses into this node's copy.</summary>
    public async Task ReloadAsync(CancellationToken cancellationToken)
    {
        var readAt = time.GetUtcNow();
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        IReadOnlyList<ChaosRule> rules = [];
        await using (var command = new NpgsqlCommand("SELECT rules::text FROM channels.sandbox_chaos", connection))
        {
            if (await command.ExecuteScalarAsync(cancellationToken) is string text)
                rules = Parse(text);
        }
        var addresses = new HashSet<string>(StringComparer.Ordinal);
        await using (var command = new NpgsqlCommand("SELECT lower(address) FROM channels.mailboxes WHERE protocol = 'sandbox'", connection))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
                addresses.Add(reader.GetString(0));
        }
        _snapshot = new Snapshot([.. rules.Select(r => new Compiled(r, r.Matcher()))], addresses, readAt);
    }

    /// <summary>Another node changed the rules: read them again soon (off the signal's delivery path).</summary>
    public void Invalidate()
    {
        _snapshot = _snapshot with { ReadAt = DateTimeOffset.MinValue };
        RefreshIfStale(_snapshot);
    }

    /// <summary>
    /// The inbound decision (<see cref="ISmtpFaults"/>): only for a session on a sandbox endpoint, or for RCPT and DATA when the
    /// recipients are sandbox addresses; the first rule of the stage whose pattern matches and whose probability fires.
    /// </summary>
    public SmtpFault? Decide(SmtpFaultStage stage, SessionFacts session, IReadOnlyList<string> subject)
    {
        var snapshot = Current();
        if (snapshot.Rules.Count == 0)
            return null;
        var inSandbox = session.Sandbox || stage switch
        {
            SmtpFaultStage.Rcpt or SmtpFaultStage.Data => subject.Count > 0 && subject.All(a => IsSandboxAddress(snapshot, a)),
            _ => false,
        };
        if (!inSandbox)
            return null;
        var name = stage.ToString().ToLowerInvariant();
        foreach (var (rule, matcher) in snapshot.Rules)
        {
            if (rule.Direction != "inbound" || rule.Stage != name || !Matches(matcher, subject) || !Fires(rule))
                continue;
            var delay = TimeSpan.FromSeconds(rule.DelaySeconds ?? 0);
            return rule.Action switch
            {
                "reply" => new SmtpFault(delay, rule.Code ?? 451, rule.Text),
                "drop" => new SmtpFault(delay, Drop: true),
                _ => new SmtpFault(delay),
            };
        }
        return null;
    }

    /// <summary>The outbound rule that fires for each recipient of a capture (the first that matches); recipients without one are captured as usual.</summary>
    public IReadOnlyDictionary<string, ChaosRule> DecideOutbound(IReadOnlyList<string> recipients)
    {
        var snapshot = Current();
        var decided = new Dictionary<string, ChaosRule>(StringComparer.Ordinal);
        if (snapshot.Rules.Count == 0)
            return decided;
        foreach (var recipient in recipients)
        {
            foreach (var (rule, matcher) in snapshot.Rules)
            {
                if (rule.Direction == "outbound" && Matches(matcher, [recipient]) && Fires(rule))
                {
                    decided[recipient] = rule;
                    break;
                }
            }
        }
        return decided;
    }

    private bool IsSandboxAddress(Snapshot snapshot, string address)
    {
        var normalized = address.Trim().ToLowerInvariant();
        var at = normalized.LastIndexOf('@');
        if (at < 0)
            return false;
        var domain = normalized[(at + 1)..].TrimEnd('.');
        if (domain == sandbox.Value.Domain.Trim().TrimEnd('.').ToLowerInvariant())
            return true;
        if (snapshot.SandboxAddresses.Contains(normalized))
            return true;
        var plus = normalized.IndexOf('+', 0, at); // kefu+token@example.com is kefu@example.com (plus addressing)
        return plus > 0 && snapshot.SandboxAddresses.Contains(normalized[..plus] + normalized[at..]);
    }

    private static bool Matches(Regex matcher, IReadOnlyList<string> subject)
    {
        if (subject.Count == 0)
            return matcher.IsMatch("");
        try
        {
            return subject.Any(matcher.IsMatch);
        }
        catch (RegexMatchTimeoutException)
        {
            return false;
        }
    }

    private static bool Fires(ChaosRule rule) => rule.Probability is not { } p || p >= 100 || (p > 0 && Random.Shared.Next(100) < p);

    private Snapshot Current()
    {
        var snapshot = _snapshot;
        RefreshIfStale(snapshot);
        return snapshot;
    }

    private void RefreshIfStale(Snapshot snapshot)
    {
        if (time.GetUtcNow() - snapshot.ReadAt < sandbox.Value.ChaosRefresh || Interlocked.Exchange(ref _refreshing, 1) == 1)
            return;
        _ = Task.Run(async () =>
        {
            try
            {
                await ReloadAsync(CancellationToken.None);
            }
            catch (Exception e) when (e is NpgsqlException or TimeoutException or InvalidOperationException)
            {
                LogReloadFailed(e);
            }
            finally
            {
                Volatile.Write(ref _refreshing, 0);
            }
        });
    }

    private static IReadOnlyList<ChaosRule> Parse(string json) => JsonSerializer.Deserialize<List<ChaosRule>>(json, Json) ?? [];

    [LoggerMessage(LogLevel.Warning, "Could not read the sandbox's failure-injection rules; the last ones read stay in force")]
    private partial void LogReloadFailed(Exception e);
}

/// <summary>Another node changed the rules: this node reads them again.</summary>
internal sealed class SandboxChaosSignal(SandboxChaos chaos) : INodeSignal
{
    public string Name => SandboxChaos.SignalName;

    public void Raise() => chaos.Invalidate();
}
