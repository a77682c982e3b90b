using FastEndpoints;
using FluentValidation;
using MailHub.Core.Accounts;
using MailHub.Core.Audit;

namespace MailHub.Host.Api.Audit;

/// <summary>Which audit lines to list; every filter is optional.</summary>
public sealed record AuditQuery
{
    /// <summary>Only what this account did.</summary>
    [QueryParam] public Guid? ActorId { get; init; }

    /// <summary>Only lines of this e-mail (also the e-mail tried by a failed sign-in).</summary>
    [QueryParam] public string? ActorEmail { get; init; }

    /// <summary>Only this action: an operation name (UpdateMailbox, CreateRoutingRule) or SignIn, SignInFailed, SignInLocked, SignOut, ChangePassword, ResetPassword.</summary>
    [QueryParam] public string? Action { get; init; }

    /// <summary>Only lines about this target (a mailbox's, rule's, member's ... id).</summary>
    [QueryParam] public string? TargetId { get; init; }

    /// <summary>From this time on (inclusive).</summary>
    [QueryParam] public DateTimeOffset? From { get; init; }

    /// <summary>Before this time.</summary>
    [QueryParam] public DateTimeOffset? To { get; init; }

    /// <summary>The next page: the nextBefore of the previous one.</summary>
    [QueryParam] public long? Before { get; init; }

    /// <summary>Lines per page, 1 to 200 (50).</summary>
    [QueryParam] public int? Limit { get; init; }
}

internal sealed class AuditQueryValidator : Validator<AuditQuery>
{
    public AuditQueryValidator()
    {
        RuleFor(q => q.Limit).InclusiveBetween(1, 200).WithMessage("Ask for 1 to 200 lines per page.");
        RuleFor(q => q.Before).GreaterThan(0);
        RuleFor(q => q.ActorEmail).MaximumLength(320);
        RuleFor(q => q.Action).MaximumLength(100);
        RuleFor(q => q.TargetId).MaximumLength(200);
        RuleFor(q => q.To).GreaterThan(q => q.From).When(q => q.From is not null && q.To is not null)
            .WithMessage("Make 'to' later than 'from'.");
    }
}

/// <summary>A page of the audit log, newest first; <see cref="NextBefore"/> asks for the next (older) page, null on the last.</summary>
public sealed record AuditPage(IReadOnlyList<AuditEntry> Entries, long? NextBefore);

/// <summary>GET /api/audit: who changed what, for admins.</summary>
internal sealed class ListAuditEntries(AuditLog audit) : Endpoint<AuditQuery, AuditPage>
{
    private const int DefaultLimit = 50;

    public override void Configure()
    {
        Get("/audit");
        Roles(MailHub.Core.Accounts.Roles.Admin);
        Summary(s =>
        {
            s.Summary = "The audit log, newest first (admins).";
            s.Description = "Sign-ins (also failed and locked ones, with the e-mail tried and the IP), sign-outs, password changes and "
                + "resets, and every successful POST, PUT, PATCH and DELETE of the API: who, the operation, method, path, target id, status, "
                + "time and IP; never a request body. Filter by actorId, actorEmail, action, targetId and the time range from/to; page "
                + "with before = the previous page's nextBefore (keyset: pages stay stable while new lines arrive).";
        });
    }

    public override async Task HandleAsync(AuditQuery query, CancellationToken cancellationToken)
    {
        var limit = query.Limit ?? DefaultLimit;
        // One line more than asked tells whether another page follows.
        var entries = await audit.ListAsync(new AuditFilter(query.ActorId, query.ActorEmail, query.Action, query.TargetId, query.From, query.To,
            query.Before, limit + 1), cancellationToken);
        var page = entries.Take(limit).ToList();
        await Send.OkAsync(new AuditPage(page, entries.Count > limit ? page[^1].Id : null), cancellationToken);
    }
}
