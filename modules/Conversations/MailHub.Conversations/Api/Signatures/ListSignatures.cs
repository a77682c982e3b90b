using FastEndpoints;
using MailHub.Conversations.Replies;
using AccountRoles = MailHub.Core.Accounts.Roles;

namespace MailHub.Conversations.Api.Signatures;

/// <summary>A signature as admins see it: whose (a mailbox or an agent), and its text and HTML.</summary>
internal sealed record OwnedSignatureResponse(SignatureOwner Owner, Guid OwnerId, string Text, string? Html, DateTimeOffset UpdatedAt);

/// <summary>GET /api/conversations/signatures (admins): every mailbox's and agent's signature.</summary>
internal sealed class ListSignatures(SignatureStore signatures) : EndpointWithoutRequest<IReadOnlyList<OwnedSignatureResponse>>
{
    public override void Configure()
    {
        Get("/conversations/signatures");
        Roles(AccountRoles.Admin);
        Summary(s =>
        {
            s.Summary = "Every signature set: mailboxes' and agents' (admins).";
            s.Description = "owner mailbox or agent, its id (a mailbox of GET /api/channels/mailboxes, a member of GET "
                + "/api/directory/members), the text and HTML, and when it was last saved. A mailbox or agent not listed has none.";
        });
    }

    public override async Task HandleAsync(CancellationToken cancellationToken) =>
        await Send.OkAsync([.. (await signatures.ListAsync(cancellationToken))
            .Select(s => new OwnedSignatureResponse(s.Kind, s.OwnerId, s.Signature.Text, s.Signature.Html, s.UpdatedAt))], cancellationToken);
}
