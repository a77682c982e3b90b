using MailHub.Conversations.Contracts;
using MailHub.Conversations.Live;
using MailHub.Core.EventSourcing;
using MailHub.Core.Live;
using Marten;
using Marten.Services;
using Npgsql;

namespace MailHub.Conversations.Domain;

/// <summary>What a command decided: the events to append and the result to hand back.</summary>
internal sealed record Decision<T>(IReadOnlyList<object> Changes, T Result);

/// <summary>
/// Runs a command on one conversation: load its stream, decide, append at the expected version with
/// the read-model writes in the same transaction; on a lost race, load again and decide again.
/// </summary>
internal sealed class ConversationWriter(NpgsqlDataSource dataSource, IDocumentStore store, LivePublisher live)
{
    private const int Attempts = 8;

    public delegate Task<Decision<T>> Decide<T>(Conversation conversation, NpgsqlTransaction transaction, CancellationToken cancellationToken);

    public async Task<Conversation> LoadAsync(Guid conversationId, CancellationToken cancellationToken)
    {
        await using var session = store.QuerySession();
        var recorded = await session.Events.FetchStreamAsync(ConversationEvents.StreamOf(conversationId), token: cancellationToken);
        return Conversation.From(recorded.Select(e => e.Data));
    }

    public async Task<T> ExecuteAsync<T>(Guid conversationId, Decide<T> decide, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            var conversation = await LoadAsync(conversationId, cancellationToken);
            await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            try
            {
                var decision = await decide(conversation, transaction, cancellationToken);
                if (decision.Changes.Count > 0)
                {
                    await using var session = store.LightweightSession(SessionOptions.ForTransaction(transaction));
                    var stream = ConversationEvents.StreamOf(conversationId);
                    if (conversation.Exists)
                        session.Events.Append(stream, conversation.Version + decision.Changes.Count, decision.Changes);
                    else
                        session.Events.StartStream(stream, decision.Changes);
                    await session.SaveChangesAsync(cancellationToken);
                }
                await transaction.CommitAsync(cancellationToken);
                if (decision.Changes.Count > 0)
                    live.Publish(ConversationChange.Of(conversationId, ChangeName(decision.Changes[^1])));
                return decision.Result;
            }
            catch (Exception e) when (attempt < Attempts && IsLostRace(e))
            {
                await transaction.RollbackAsync(CancellationToken.None);
            }
        }
    }

    // A concurrent writer got the next version first, or inserted the same unique row (e.g. the same inbound message).
    private static bool IsLostRace(Exception e) => StreamConflicts.IsLostRace(e);

    private static string ChangeName(object change) => change switch
    {
        ConversationOpened => "opened",
        ConversationClosed => "closed",
        ConversationReopened => "reopened",
        MessageAppended => "message",
        NoteAdded => "note",
        ReplyComposed => "reply",
        ReplyDeliveryChanged => "delivery",
        ReplyWithdrawn => "withdrawn",
        StatusChanged s => s.Status,
        TagsChanged => "tags",
        PriorityChanged => "priority",
        ConversationSnoozed => "snoozed",
        SnoozeEnded => "woke",
        ConversationMerged => "merged",
        _ => "changed",
    };
}
