using MailHub.Conversations.Contracts;
using MailHub.Conversations.Domain;
using MailHub.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace MailHub.Conversations.Tests;

/// <summary>What the conversation grain tests set up and read on a <see cref="GrainCluster"/>.</summary>
internal static class ConversationGrainCluster
{
    /// <summary>Opens a conversation the way threading opens one for a new customer's mail.</summary>
    public static async Task<Guid> OpenAsync(IServiceProvider services)
    {
        var id = Guid.CreateVersion7();
        var (mailbox, customer, at) = (Guid.NewGuid(), Guid.NewGuid(), DateTimeOffset.UtcNow);
        await services.GetRequiredService<ConversationWriter>().ExecuteAsync(id, async (_, transaction, ct) =>
        {
            var number = await MessageRows.NextNumberAsync(transaction, ct);
            return new Decision<bool>(
                [new ConversationOpened(id, number, mailbox, customer, "li.wei@example.cn", "我的订单在哪里？", null, "zh", at, "李伟", "token" + number)],
                true);
        }, CancellationToken.None);
        return id;
    }

    /// <summary>The conversation's notes in the order they were stored.</summary>
    public static async Task<List<(Guid Id, string Text)>> NotesAsync(GrainCluster cluster, Guid conversationId)
    {
        await using var command = cluster.Database.CreateCommand(
            "SELECT id, text_body FROM conversations.messages WHERE conversation_id = $1 AND direction = 'note' ORDER BY seq");
        command.Parameters.Add(new() { Value = conversationId });
        var notes = new List<(Guid, string)>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
            notes.Add((reader.GetGuid(0), reader.GetString(1)));
        return notes;
    }
}
