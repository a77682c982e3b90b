using FastEndpoints;
using FluentValidation;
using MailHub.Core.Accounts;
using MailHub.Routing.Contracts;

namespace MailHub.Routing.Notifications;

/// <summary>POST /api/routing/notifications/read: some of the caller's notifications (ids), or all of them.</summary>
internal sealed record MarkNotificationsReadRequest(IReadOnlyList<Guid>? Ids, bool? All)
{
    public const int MaxIds = 200;
}

internal sealed class MarkNotificationsReadRequestValidator : Validator<MarkNotificationsReadRequest>
{
    public MarkNotificationsReadRequestValidator()
    {
        RuleFor(r => r.Ids)
            .NotNull().When(r => r.All != true)
            .WithMessage("Give the ids of the notifications read, or \"all\": true.");
        RuleFor(r => r.Ids)
            .Null().When(r => r.All == true)
            .WithMessage("Give either ids or \"all\": true, not both.");
        RuleFor(r => r.Ids!.Count)
            .LessThanOrEqualTo(MarkNotificationsReadRequest.MaxIds).When(r => r.Ids is not null).OverridePropertyName("ids")
            .WithMessage($"At most {MarkNotificationsReadRequest.MaxIds} ids at once; use \"all\": true for everything.");
    }
}

/// <summary>How many of the caller's notifications are still unread.</summary>
internal sealed record UnreadNotificationsResponse(int Unread);

internal sealed class MarkNotificationsRead(IAgentNotifications notifications)
    : Endpoint<MarkNotificationsReadRequest, UnreadNotificationsResponse>
{
    public override void Configure()
    {
        Post("/routing/notifications/read");
        Summary(s =>
        {
            s.Summary = "Mark some of your notifications read, or all of them.";
            s.Description = "Body: {\"ids\": [...]} (at most 200; ids that are not yours, or already read, change nothing) or "
                + "{\"all\": true}. Answers how many of yours are still unread.";
        });
    }

    public override async Task HandleAsync(MarkNotificationsReadRequest request, CancellationToken cancellationToken)
    {
        var unread = await notifications.MarkReadAsync(User.AccountId(), request.All == true ? null : request.Ids, cancellationToken);
        await Send.OkAsync(new UnreadNotificationsResponse(unread), cancellationToken);
    }
}
