using FastEndpoints;
using FluentValidation;
using MailHub.Conversations.Domain;
using Microsoft.AspNetCore.Http;

namespace MailHub.Conversations.Api;

/// <summary>POST /api/conversations/{id}/notes: the note's text.</summary>
internal sealed record AddConversationNoteRequest([property: RouteParam] Guid Id, string Text);

internal sealed class AddConversationNoteRequestValidator : Validator<AddConversationNoteRequest>
{
    public AddConversationNoteRequestValidator()
    {
        RuleFor(r => r.Text).NotEmpty().WithMessage("Write the note's text.");
    }
}

/// <summary>The note's message id.</summary>
internal sealed record NoteResponse(Guid Id);

/// <summary>POST /api/conversations/{id}/notes: an internal note on the conversation.</summary>
internal sealed class AddConversationNote(ConversationAccessGuard guard, IGrainFactory grains) : Endpoint<AddConversationNoteRequest, NoteResponse>
{
    public override void Configure()
    {
        Post("/conversations/{id:guid}/notes");
        Description(d => d.ClearDefaultProduces(StatusCodes.Status200OK)
            .Produces<NoteResponse>(StatusCodes.Status201Created, "application/json")
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound));
        Summary(s =>
        {
            s.Summary = "Add an internal note.";
            s.Description = "A note is shown to agents among the messages (direction note) and never sent to the customer. Answers 201 "
                + "with its id; 400 without text, 403 for a conversation of another team, 404 for an unknown id.";
        });
    }

    public override async Task HandleAsync(AddConversationNoteRequest request, CancellationToken cancellationToken)
    {
        var (_, refusal) = await guard.CheckAsync(User, request.Id, cancellationToken);
        if (refusal is not null)
        {
            await Send.ResultAsync(refusal);
            return;
        }
        var (noteId, failed) = await ConversationRefusals.RunAsync(request.Id, "text",
            () => grains.GetGrain<IConversationCommandsGrain>(request.Id).AddNoteAsync(request.Text, Actor.Of(User)));
        if (failed is not null)
        {
            await Send.ResultAsync(failed);
            return;
        }
        await Send.ResultAsync(TypedResults.Created($"/api/conversations/{request.Id}", new NoteResponse(noteId)));
    }
}
