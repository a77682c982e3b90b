using FastEndpoints;
using FluentValidation;
using Microsoft.AspNetCore.Http;

namespace MailHub.Channels.Sandbox.Search;

/// <summary>What to change on a captured message: read or unread, and/or its tags (the whole list; [] removes them all).</summary>
internal sealed record SandboxMessageUpdate
{
    [RouteParam]
    public Guid Id { get; init; }

    public bool? Read { get; init; }

    public IReadOnlyList<string>? Tags { get; init; }
}

internal sealed class SandboxMessageUpdateValidator : Validator<SandboxMessageUpdate>
{
    public SandboxMessageUpdateValidator()
    {
        RuleFor(r => r).Must(r => r.Read is not null || r.Tags is not null).WithName("read")
            .WithMessage("Send read (true or false), tags (the whole list), or both.");
        RuleFor(r => r.Tags).Must(t => t is null || t.Count <= 50).WithMessage("At most 50 tags.");
        RuleForEach(r => r.Tags).NotEmpty().MaximumLength(100).Must(t => t is null || !t.Contains(',') && !t.Any(char.IsWhiteSpace))
            .WithMessage("A tag is one word of at most 100 characters, without commas or spaces.");
    }
}

/// <summary>PATCH /api/sandbox/messages/{id}.</summary>
internal sealed class UpdateSandboxMessage(SandboxStore store) : Endpoint<SandboxMessageUpdate>
{
    public override void Configure()
    {
        Patch("/sandbox/messages/{id:guid}");
        Roles(MailHub.Core.Accounts.Roles.AllTeams); // the sandbox's readers: admins and supervisors
        Description(d => d.ClearDefaultProduces(StatusCodes.Status200OK).Produces(StatusCodes.Status204NoContent).ProducesProblem(StatusCodes.Status404NotFound));
        Summary(s =>
        {
            s.Summary = "Mark a captured message read or unread, or set its tags.";
            s.Description = "read: true or false (opening a message marks it read); tags: the whole list, lowercase words (captures get the "
                + "recipients' plus-address tags and an X-Tags header's words), found with tag:. 204; 404 when nothing with that id is in the sandbox.";
        });
    }

    public override async Task HandleAsync(SandboxMessageUpdate request, CancellationToken cancellationToken)
    {
        if (!await store.UpdateAsync(request.Id, request.Read, request.Tags, cancellationToken))
        {
            await Send.ResultAsync(SandboxProblems.NotFound(request.Id));
            return;
        }
        await Send.NoContentAsync(cancellationToken);
    }
}
