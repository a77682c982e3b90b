using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Unicode;

namespace MailHub.Core.Live;

/// <summary>
/// One message for the consoles: its name (the SSE event and the SignalR method: "conversation", "notification",
/// "activity", "resync"), who may get it and its JSON data. A push naming a conversation goes only to those who
/// may see that conversation; one naming an agent only to that agent's consoles. A <see cref="ForNodes"/> push
/// (<see cref="Signal"/>) goes to no console: each node raises its <see cref="INodeSignal"/> of that name. One naming a
/// <see cref="Role"/> goes only to consoles signed in with that role (a campaign's progress: the admins').
/// </summary>
[GenerateSerializer, Alias("MailHub.Core.Live.LivePush")]
public sealed record LivePush(
    [property: Id(0)] string Event,
    [property: Id(1)] Guid? ConversationId,
    [property: Id(2)] Guid? AgentId,
    [property: Id(3)] string Data,
    [property: Id(4)] bool ForNodes = false,
    [property: Id(5)] string? Role = null)
{
    /// <summary>The console's data is JSON as the API writes it (camelCase, enums as camelCase strings), Chinese unescaped.</summary>
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Encoder = JavaScriptEncoder.Create(UnicodeRanges.All),
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    /// <summary>Told after a gap: pushes may have been missed, so the console re-reads its lists and notifications.</summary>
    public static readonly LivePush Resync = Of("resync",
        new { reason = "live updates may have been missed; re-read the conversation list and your notifications" });

    public static LivePush Of<T>(string name, T data, Guid? conversationId = null, Guid? agentId = null, string? role = null) =>
        new(name, conversationId, agentId, JsonSerializer.Serialize(data, Json), Role: role);

    /// <summary>Wakes the <see cref="INodeSignal"/> named <paramref name="name"/> on every node (consoles never see it).</summary>
    public static LivePush Signal(string name) => new(name, null, null, "{}", ForNodes: true);
}

/// <summary>Pushes broadcast by the fan-out grain, numbered per activation so a node notices what it missed.</summary>
[GenerateSerializer, Alias("MailHub.Core.Live.LiveBatch")]
public sealed record LiveBatch([property: Id(0)] Guid Epoch, [property: Id(1)] long Sequence, [property: Id(2)] LivePush[] Pushes);

/// <summary>The fan-out grain's activation and last batch number, and whether it still had the caller subscribed.</summary>
[GenerateSerializer, Alias("MailHub.Core.Live.LivePosition")]
public sealed record LivePosition([property: Id(0)] Guid Epoch, [property: Id(1)] long Sequence, [property: Id(2)] bool WasSubscribed);
