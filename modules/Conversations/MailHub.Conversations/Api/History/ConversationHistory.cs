using MailHub.Conversations.Contracts;
using MailHub.Conversations.Domain;
using MailHub.Core.Accounts;
using MailHub.Routing.Contracts;
using Marten;
using Npgsql;

namespace MailHub.Conversations.Api.History;

/// <summary>One change of a conversation: what (<see cref="Kind"/>), when, by whom (null: the customer or MailHub itself) and its detail.</summary>
internal sealed record ConversationHistoryItem(string Kind, DateTimeOffset At, Guid? ById, string? ByName, string? Detail);

/// <summary>GET /api/conversations/{id}/history: the changes, oldest first.</summary>
internal sealed record ConversationHistoryResponse(IReadOnlyList<ConversationHistoryItem> Items);

/// <summary>
/// A conversation's changes as its events tell them: its own stream, Routing's assignments (routing-{id}) and the merges of
/// other conversations into it (their streams' <see cref="ConversationMerged"/>). Messages, notes and replies are the
/// thread's, not history.
/// </summary>
internal sealed class ConversationHistory(IDocumentStore store, AccountStore accounts, NpgsqlDataSource dataSource)
{
    public async Task<IReadOnlyList<ConversationHistoryItem>> OfAsync(Guid conversationId, CancellationToken cancellationToken)
    {
        var names = new Dictionary<Guid, string?>();
        async Task<string?> NameOf(Guid? id)
        {
            if (id is not { } account)
                return null;
            if (!names.TryGetValue(account, out var name))
                names[account] = name = (await accounts.FindAsync(account, cancellationToken))?.DisplayName;
            return name;
        }
        var items = new List<ConversationHistoryItem>();
        await using var session = store.QuerySession();
        foreach (var recorded in await session.Events.FetchStreamAsync(ConversationEvents.StreamOf(conversationId), token: cancellationToken))
        {
            ConversationHistoryItem? item = recorded.Data switch
            {
                ConversationOpened e => new("opened", e.At, null, e.CustomerName ?? e.SenderAddress, e.Subject),
                ConversationClosed e => new("closed", e.At, e.By, await NameOf(e.By), null),
                ConversationReopened e => new("reopened", e.At, e.By, await NameOf(e.By), e.By is null ? "customer" : null),
                StatusChanged e => new(e.Status == ConversationStatus.Open ? "reopened" : e.Status, e.At, e.By, await NameOf(e.By), null),
                ConversationSnoozed e => new("snoozed", e.At, e.By, e.ByName, e.Until.ToString("O")),
                SnoozeEnded e => new("reopened", e.At, null, null, e.Reason == SnoozeWake.Customer ? "customer" : "snooze-ended"),
                TagsChanged e => new("tagged", e.At, e.By, e.ByName, string.Join(", ", e.Tags)),
                PriorityChanged e => new("priority", e.At, e.By, e.ByName, e.Priority),
                ConversationMerged e => new("merged", e.At, e.By, e.ByName, e.Into.ToString()),
                _ => null,
            };
            if (item is not null)
                items.Add(item);
        }
        foreach (var recorded in await session.Events.FetchStreamAsync(RoutingEvents.StreamOf(conversationId), token: cancellationToken))
        {
            if (recorded.Data is ConversationAssigned e)
            {
                items.Add(new(e.Kind == AssignmentKind.Transfer ? "transferred" : "assigned", e.At, e.By, await NameOf(e.By),
                    e.AgentName ?? e.TeamName));
            }
        }
        foreach (var merged in await MergedIntoAsync(conversationId, cancellationToken))
        {
            foreach (var recorded in await session.Events.FetchStreamAsync(ConversationEvents.StreamOf(merged), token: cancellationToken))
            {
                if (recorded.Data is ConversationMerged e && e.Into == conversationId)
                    items.Add(new("merged", e.At, e.By, e.ByName, e.ConversationId.ToString()));
            }
        }
        return [.. items.OrderBy(i => i.At)];
    }

    private async Task<List<Guid>> MergedIntoAsync(Guid conversationId, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("SELECT id FROM conversations.conversations WHERE merged_into = $1");
        command.Parameters.Add(new() { Value = conversationId });
        var ids = new List<Guid>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
            ids.Add(reader.GetGuid(0));
        return ids;
    }
}
