using MailHub.Core.EventSourcing;
using Npgsql;

namespace MailHub.Conversations.ReadModel;

/// <summary>What the conversation list holds after a rebuild.</summary>
internal sealed record RebuildResult(string Projection, long Conversations, long Replies);

/// <summary>
/// Rebuilds the conversation list from the events with Marten's projection rebuild (<see cref="ProjectionRebuild"/>):
/// its rows are deleted and every conversation and routing event replayed through <see cref="ConversationListProjection"/>,
/// reading the stored message rows as the inline writes do. Writers of those events wait until it is done.
/// </summary>
internal sealed class ReadModelRebuild(ProjectionRebuild rebuild, NpgsqlDataSource dataSource)
{
    public async Task<RebuildResult> RunAsync(CancellationToken cancellationToken)
    {
        await rebuild.RunAsync(ConversationListProjection.ProjectionName, cancellationToken);
        await using var count = dataSource.CreateCommand($"""
            SELECT (SELECT count(*) FROM {ConversationListProjection.Table}),
                   (SELECT count(*) FROM conversations.messages WHERE direction = 'outbound')
            """);
        await using var reader = await count.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return new RebuildResult(ConversationListProjection.ProjectionName, reader.GetInt64(0), reader.GetInt64(1));
    }
}
