using FastEndpoints;
using MailHub.Conversations.ReadModel;
using AccountRoles = MailHub.Core.Accounts.Roles;
using Microsoft.AspNetCore.Http;

namespace MailHub.Conversations.Api;

/// <summary>POST /api/conversations/rebuild (admins): Marten's rebuild of the conversation list projection (<see cref="ReadModelRebuild"/>).</summary>
internal sealed class RebuildConversationList(ReadModelRebuild rebuild) : EndpointWithoutRequest<RebuildResult>
{
    public override void Configure()
    {
        Post("/conversations/rebuild");
        Roles(AccountRoles.Admin);
        Description(d => d.ProducesProblem(StatusCodes.Status403Forbidden));
        Summary(s =>
        {
            s.Summary = "Rebuild the conversation list from the events (admins).";
            s.Description = "Marten's projection rebuild: the list's rows (status, assignee, counts, activity, search, delivery states) "
                + "are deleted and every conversation and routing event replayed; writers wait until it is done. Answers what the "
                + "list holds afterwards; 403 for an agent.";
        });
    }

    public override async Task HandleAsync(CancellationToken cancellationToken) =>
        await Send.OkAsync(await rebuild.RunAsync(cancellationToken), cancellationToken);
}
