using System.Text.Json.Serialization;

namespace MailHub.Channels.Outbox;

/// <summary>A claimed outbox row.</summary>
internal sealed record OutboundRow(
    Guid Id, Guid MailboxId, string MessageId, string MailFrom, IReadOnlyList<string> Recipients, byte[] Content, string? CorrelationId,
    int Attempts, Dictionary<string, RecipientResult> Results)
{
    /// <summary>The recipients still to be tried: not accepted and not finally refused.</summary>
    public IReadOnlyList<string> Pending => [.. Recipients.Where(r => !Results.TryGetValue(r, out var result) || !result.Final)];
}

/// <summary>What the server said to one recipient; Final when accepted or refused for good (5xx).</summary>
internal sealed record RecipientResult(
    [property: JsonPropertyName("code")] int Code,
    [property: JsonPropertyName("text")] string Text,
    [property: JsonPropertyName("accepted")] bool Accepted,
    [property: JsonPropertyName("final")] bool Final);
