using FastEndpoints;
using FluentValidation;
using Npgsql;

namespace MailHub.Channels.Sandbox.Search;

/// <summary>Which received sandbox mail: q in the search syntax, one mailbox, how many.</summary>
internal sealed record SandboxReceivedRequest
{
    public string? Q { get; init; }

    public Guid? Mailbox { get; init; }

    /// <summary>1 to 200; 50 when left out.</summary>
    public int? Limit { get; init; }
}

internal sealed class SandboxReceivedRequestValidator : Validator<SandboxReceivedRequest>
{
    public SandboxReceivedRequestValidator() =>
        RuleFor(r => r.Limit).InclusiveBetween(1, 200).WithMessage("limit is between 1 and 200; leave it out for 50.");
}

internal sealed record SandboxReceivedItem(Guid Id, DateTimeOffset ReceivedAt, Guid? MailboxId, string MailFrom, IReadOnlyList<string> RcptTo,
    string? From, string? To, string? Subject, string? MessageId, long Size);

internal sealed record SandboxReceivedPage(IReadOnlyList<SandboxReceivedItem> Items, long Total);

/// <summary>GET /api/sandbox/received: mail received by sandbox mailboxes, searched with the sandbox's syntax.</summary>
internal sealed class ListSandboxReceived(NpgsqlDataSource dataSource) : Endpoint<SandboxReceivedRequest, SandboxReceivedPage>
{
    public override void Configure()
    {
        Get("/sandbox/received");
        Roles(MailHub.Core.Accounts.Roles.AllTeams); // the sandbox's readers: admins and supervisors
        Summary(s =>
        {
            s.Summary = "Mail received by sandbox mailboxes, newest first, searched like captured mail.";
            s.Description = "Only sandbox mailboxes' mail (real mailboxes' is not listed here). q: words (sender, recipients or subject), from:, to:, "
                + "subject:, message-id:, before:, after:, each negated with !; tag:, has: and is: are for captured mail. The raw source of each is "
                + "GET /api/inbound/messages/{id}/raw. 400 for a term that cannot be read.";
        });
    }

    public override async Task HandleAsync(SandboxReceivedRequest request, CancellationToken cancellationToken)
    {
        var filter = new List<string> { "mailbox_id IN (SELECT id FROM channels.mailboxes WHERE protocol = 'sandbox')" };
        var parameters = new List<object>();
        if (request.Mailbox is { } mailbox)
        {
            parameters.Add(mailbox);
            filter.Add($"mailbox_id = ${parameters.Count}");
        }
        if (SandboxSearch.Build(SandboxSearch.Parse(request.Q), filter, parameters, "received_at", captured: false) is { } wrong)
        {
            await Send.ResultAsync(SandboxProblems.BadSearch(wrong));
            return;
        }
        var where = " WHERE " + string.Join(" AND ", filter);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var count = new NpgsqlCommand("SELECT count(*) FROM channels.inbound_messages" + where, connection);
        foreach (var p in parameters)
            count.Parameters.Add(new NpgsqlParameter { Value = p });
        var total = (long)(await count.ExecuteScalarAsync(cancellationToken))!;
        parameters.Add(request.Limit ?? 50);
        await using var page = new NpgsqlCommand($"""
            SELECT id, received_at, mailbox_id, mail_from, rcpt_to, header_from, header_to, subject, message_id, size
            FROM channels.inbound_messages{where} ORDER BY received_at DESC, id DESC LIMIT ${parameters.Count}
            """, connection);
        foreach (var p in parameters)
            page.Parameters.Add(new NpgsqlParameter { Value = p });
        var items = new List<SandboxReceivedItem>();
        await using (var reader = await page.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
                items.Add(new SandboxReceivedItem(reader.GetGuid(0), reader.GetFieldValue<DateTimeOffset>(1), reader.IsDBNull(2) ? null : reader.GetGuid(2),
                    reader.GetString(3), reader.GetFieldValue<string[]>(4), Str(reader, 5), Str(reader, 6), Str(reader, 7), Str(reader, 8), reader.GetInt64(9)));
        }
        await Send.OkAsync(new SandboxReceivedPage(items, total), cancellationToken);
    }

    private static string? Str(NpgsqlDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);
}
