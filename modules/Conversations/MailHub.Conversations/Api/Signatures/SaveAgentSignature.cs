using FastEndpoints;
using MailHub.Conversations.Replies;
using MailHub.Core.Http;
using MailHub.People.Contracts;
using Microsoft.AspNetCore.Http;
using AccountRoles = MailHub.Core.Accounts.Roles;

namespace MailHub.Conversations.Api.Signatures;

/// <summary>PUT /api/conversations/signatures/agents/{agentId}: an agent's signature, set by an admin (agents set their own at .../mine).</summary>
internal sealed class SaveAgentSignature(SignatureStore signatures, IMemberDirectory directory) : Endpoint<SaveAgentSignatureRequest>
{
    public override void Configure()
    {
        Put("/conversations/signatures/agents/{agentId:guid}");
        Roles(AccountRoles.Admin);
        Description(d => d.ClearDefaultProduces(StatusCodes.Status200OK).Produces(StatusCodes.Status204NoContent)
            .ProducesProblem(StatusCodes.Status404NotFound));
        Summary(s =>
        {
            s.Summary = "Set an agent's signature (admins).";
            s.Description = "The same signature the agent sets with PUT .../signatures/mine, put below their replies above the mailbox's "
                + "(a new agent's, or one to fix); empty text and html remove it. Answers 204; 400 for more than 10,000 characters, 404 "
                + "when the directory has no such member.";
        });
    }

    public override async Task HandleAsync(SaveAgentSignatureRequest request, CancellationToken cancellationToken)
    {
        if (await directory.FindMemberAsync(request.AgentId, cancellationToken) is null)
        {
            await Send.ResultAsync(Problems.NotFound("member", request.AgentId));
            return;
        }
        await signatures.SaveAsync(SignatureOwner.Agent, request.AgentId, new Signature(request.Text ?? "", request.Html), cancellationToken);
        await Send.NoContentAsync(cancellationToken);
    }
}
