using FastEndpoints;
using FluentValidation;
using MailHub.Conversations.Domain;
using MailHub.Conversations.Snooze;
using MailHub.Core.Live;
using Microsoft.AspNetCore.Http;

namespace MailHub.Conversations.Api.Organizing;

/// <summary>POST /api/conversations/{id}/snooze: until when (an ISO 8601 time with its offset).</summary>
internal sealed record SnoozeConversationRequest([property: RouteParam] Guid Id, DateTimeOffset Until);

internal sealed class SnoozeConversationRequestValidator : Validator<SnoozeConversationRequest>
{
    public SnoozeConversationRequestValidator()
    {
        RuleFor(r => r.Until).NotEmpty().WithMessage("Give the time it comes back (until), e.g. 2026-12-08T09:00:00+08:00.");
    }
}

/// <summary>The conversation snoozed, and when it comes back (UTC).</summary>
internal sealed record SnoozeResponse(Guid Id, string Status, DateTimeOffset SnoozedUntil);

/// <summary>POST /api/conversations/{id}/snooze.</summary>
internal sealed class SnoozeConversation(ConversationAccessGuard guard, IGrainFactory grains, LivePublisher live)
    : Endpoint<SnoozeConversationRequest, SnoozeResponse>
{
    public override void Configure()
    {
        Post("/conversations/{id:guid}/snooze");
        Description(d => d
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict));
        Summary(s =>
        {
            s.Summary = "Snooze the conversation until a time.";
            s.Description = "Status becomes snoozed (listed under status=snoozed with snoozedUntil); at that time it is open again, "
                + "whichever node is running then, and sooner if the customer writes. Snoozing a snoozed conversation moves the "
                + "time; any status change (open, pending, close) ends the snooze. Answers the time (UTC); 400 for a time not to "
                + "come, 403 for a conversation of another team, 404 for an unknown id, 409 for a closed conversation.";
        });
    }

    public override async Task HandleAsync(SnoozeConversationRequest request, CancellationToken cancellationToken)
    {
        var (_, refusal) = await guard.CheckAsync(User, request.Id, cancellationToken);
        if (refusal is not null)
        {
            await Send.ResultAsync(refusal);
            return;
        }
        var (until, failed) = await ConversationRefusals.RunAsync(request.Id, "until",
            () => grains.GetGrain<IConversationCommandsGrain>(request.Id).SnoozeAsync(request.Until, Actor.Of(User)));
        if (failed is not null)
        {
            await Send.ResultAsync(failed);
            return;
        }
        live.Publish(LivePush.Signal(SnoozeAlarm.SignalName)); // every node's alarm looks again: it wakes on time
        await Send.OkAsync(new SnoozeResponse(request.Id, ConversationStatus.Snoozed, until), cancellationToken);
    }
}
