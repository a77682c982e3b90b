using MailHub.Channels.Contracts;
using MailHub.Conversations.Domain;
using JasperFx.Events;
using MailHub.Conversations.Live;
using MailHub.Core.EventSourcing;
using MailHub.Core.Live;
using MailHub.Routing.Contracts;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace MailHub.Conversations.Threading;

/// <summary>
/// The module's durable subscription: received mail is threaded, the outbox's delivery results land on
/// their replies, and consoles hear of Routing's assignments. Every handler is idempotent.
/// </summary>
internal sealed partial class ConversationsSubscription(
    InboundThreading threading,
    IGrainFactory grains,
    NpgsqlDataSource dataSource,
    LivePublisher live,
    ILogger<ConversationsSubscription> logger) : IEventHandler
{
    public const string Name = "conversations.threading";

    /// <summary>The types the switch below handles; keep the two in step.</summary>
    public static readonly Type[] HandledTypes =
        [typeof(MessageReceived), typeof(OutboundDelivered), typeof(OutboundFailed), typeof(ConversationAssigned)];

    public async Task HandleAsync(IEvent recordedEvent, CancellationToken cancellationToken)
    {
        try
        {
            switch (recordedEvent.Data)
            {
                case MessageReceived received:
                    await threading.HandleAsync(received, cancellationToken);
                    break;
                case OutboundDelivered delivered:
                    await SetDeliveryAsync(delivered.CorrelationId, DeliveryState.Sent, null, "outbox", delivered.At, cancellationToken);
                    break;
                case OutboundFailed failed:
                    var state = failed.Permanent ? DeliveryState.Failed : DeliveryState.Queued;
                    await SetDeliveryAsync(failed.CorrelationId, state, $"{failed.Status} {failed.Detail}".Trim(), "outbox", failed.At, cancellationToken);
                    break;
                case ConversationAssigned assigned:
                    // The list shows it already (ConversationListProjection, in Routing's transaction): consoles re-read.
                    live.Publish(ConversationChange.Of(assigned.ConversationId, "assigned"));
                    break;
            }
        }
        catch (Exception e) when (e is FormatException or ArgumentException or InvalidDataException or System.Text.Json.JsonException)
        {
            // A message we cannot read must not hold up every message after it.
            LogSkipped(e, recordedEvent.StreamKey, recordedEvent.Version);
        }
    }

    private async Task SetDeliveryAsync(string? correlationId, string state, string? detail, string source, DateTimeOffset at,
        CancellationToken cancellationToken)
    {
        if (!Guid.TryParse(correlationId, out var messageId))
            return;
        await using var find = dataSource.CreateCommand("SELECT conversation_id FROM conversations.messages WHERE id = $1 AND direction = 'outbound'");
        find.Parameters.Add(new() { Value = messageId });
        if (await find.ExecuteScalarAsync(cancellationToken) is not Guid conversationId)
            return;
        await grains.GetGrain<IConversationCommandsGrain>(conversationId).SetDeliveryAsync(new DeliveryChange(messageId, state, detail, source, at));
    }

    [LoggerMessage(LogLevel.Error, "Skipped event {StreamId}@{Version}: it could not be read")]
    private partial void LogSkipped(Exception exception, string? streamId, long version);
}
