using FastEndpoints;
using MailHub.Channels.Contracts;
using MailHub.Conversations.Domain;
using MailHub.Conversations.Reading;
using MailHub.Conversations.Replies;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace MailHub.Conversations.Api.Signatures;

/// <summary>GET /api/conversations/{id}/composer: what the composer needs for this conversation: signatures and limits.</summary>
internal sealed class GetComposerSetup(
    ConversationAccessGuard guard,
    SignatureStore signatures,
    ConversationQueries queries,
    IMailboxDirectory mailboxes,
    IOptions<ConversationsOptions> options)
    : Endpoint<Drafts.ConversationDraftRequest, ComposerSetupResponse>
{
    public override void Configure()
    {
        Get("/conversations/{id:guid}/composer");
        Description(d => d.ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound));
        Summary(s =>
        {
            s.Summary = "What the composer needs in this conversation.";
            s.Description = "The conversation's mailbox's signature and your own (each null when not set), which the composer puts "
                + "below the reply, the agent's above the mailbox's; the largest attachment POST /api/attachments takes (maxUploadBytes), "
                + "shown before an upload; the undo window in seconds; and replyAllCc, the addresses \"Reply all\" copies (the other To and Cc "
                + "recipients of the customer's latest message, without this mailbox, any plus address of it, and the customer), which the "
                + "console shows in Cc for the agent to keep or remove. Answers 403 for a conversation of another team, 404 for an unknown id.";
        });
    }

    public override async Task HandleAsync(Drafts.ConversationDraftRequest request, CancellationToken cancellationToken)
    {
        var (conversation, refusal) = await guard.CheckAsync(User, request.Id, cancellationToken);
        if (refusal is not null)
        {
            await Send.ResultAsync(refusal);
            return;
        }
        var mailbox = await signatures.FindAsync(SignatureOwner.Mailbox, conversation!.MailboxId, cancellationToken);
        var agent = await signatures.FindAsync(SignatureOwner.Agent, Actor.Of(User).Id, cancellationToken);
        await Send.OkAsync(new ComposerSetupResponse(Of(mailbox), Of(agent), options.Value.MaxUploadBytes,
            (int)Math.Ceiling(options.Value.UndoWindow.TotalSeconds), await ReplyAllCcAsync(conversation, cancellationToken)), cancellationToken);
    }

    /// <summary>The others <see cref="ReplyMail"/> copies with replyAll, for the latest message a reply answers.</summary>
    private async Task<IReadOnlyList<string>> ReplyAllCcAsync(ListedConversation conversation, CancellationToken cancellationToken)
    {
        var original = ReplyComposer.Original(await queries.MessagesAsync(conversation.Id, cancellationToken));
        if (original is null || await mailboxes.FindAsync(conversation.MailboxId, cancellationToken) is not { } box)
            return [];
        string[] customer = [conversation.CustomerEmail, original.ReplyTo ?? original.FromAddress ?? conversation.CustomerEmail];
        return ReplyRecipients.Others(original, box.Address, customer).Select(a => a.Address).ToList();
    }

    private static SignatureResponse? Of(Signature? s) => s is null ? null : new SignatureResponse(s.Text, s.Html);
}
