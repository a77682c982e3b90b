using MailHub.Channels.Mailboxes;
using MailHub.Channels.Outbox;

namespace MailHub.Channels.Sandbox.Chaos;

/// <summary>What the failure injection made of one capture attempt.</summary>
/// <param name="Captured">The recipients captured now (all pending ones when no rule fired).</param>
/// <param name="Decided">True when the attempt's results are in the row (a rule fired now or an earlier attempt left a refusal): the
/// outbox then takes its outcome from the per-recipient results, as after a real server's answers.</param>
/// <param name="Bounces">Captured recipients whose rule says "bounce", with it.</param>
internal sealed record OutboundChaosResult(IReadOnlyList<string> Captured, bool Decided, IReadOnlyList<(string Recipient, ChaosRule Rule)> Bounces);

/// <summary>
/// The outbound half of the failure injection, asked by the outbox for each capture: a recipient whose rule says "reply" gets that
/// code and text as if a server had answered its RCPT (4xx: the row is retried with backoff like any 4xx; 5xx: refused for good, the
/// reply is marked failed); "bounce" is captured and a report comes back later (<see cref="SandboxBounces"/>).
/// </summary>
internal sealed class OutboundChaos(SandboxChaos chaos, SandboxBounces bounces)
{
    public OutboundChaosResult Apply(OutboundRow row)
    {
        var pending = row.Pending;
        var decided = chaos.DecideOutbound(pending);
        var earlierRefusal = row.Results.Values.Any(r => !r.Accepted);
        if (decided.Count == 0 && !earlierRefusal)
            return new OutboundChaosResult(row.Recipients, Decided: false, []);

        var captured = new List<string>();
        var bounced = new List<(string, ChaosRule)>();
        foreach (var recipient in pending)
        {
            if (decided.TryGetValue(recipient, out var rule) && rule.Action == "reply")
            {
                var code = rule.Code ?? 451;
                var text = new Mail.Smtp.Server.SmtpFault(TimeSpan.Zero, code, rule.Text).ReplyText;
                row.Results[recipient] = new RecipientResult(code, text, Accepted: false, Final: code >= 500);
                continue;
            }
            captured.Add(recipient);
            row.Results[recipient] = new RecipientResult(250, "captured in the sandbox", Accepted: true, Final: true);
            if (rule is { Action: "bounce" })
                bounced.Add((recipient, rule));
        }
        return new OutboundChaosResult(captured, Decided: true, bounced);
    }

    /// <summary>
    /// Writes the reports of the "bounce" recipients in the capture's transaction (durable: any node delivers them when due);
    /// answers when the first is due, for <see cref="Wake"/> after the commit.
    /// </summary>
    public async Task<DateTimeOffset?> BounceAsync(Npgsql.NpgsqlTransaction transaction, Mailbox mailbox, OutboundRow row, OutboundChaosResult result,
        CancellationToken cancellationToken)
    {
        DateTimeOffset? first = null;
        foreach (var (recipient, rule) in result.Bounces)
        {
            var due = await bounces.ScheduleAsync(transaction, mailbox, row.Id, recipient, rule, row.Content, cancellationToken);
            if (first is null || due < first)
                first = due;
        }
        return first;
    }

    /// <summary>After the commit: this node delivers the first report when it is due.</summary>
    public void Wake(DateTimeOffset? due)
    {
        if (due is { } at)
            bounces.Wake(at);
    }
}
