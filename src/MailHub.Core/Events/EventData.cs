using System.Text.Json;

namespace MailHub.Core.Events;

/// <summary>An event to append: its type name and its JSON body.</summary>
public sealed record EventData(string Type, string Data, string? Metadata = null)
{
    public static EventData From<T>(string type, T data, string? metadata = null) =>
        new(type, JsonSerializer.Serialize(data, EventJson.Options), metadata);
}

/// <summary>An event as stored: where it sits in its stream and in the global order.</summary>
public sealed record RecordedEvent(
    string StreamId, long Version, GlobalPosition Position, string Type, string Data, string? Metadata, DateTimeOffset CreatedAt)
{
    public T As<T>() => JsonSerializer.Deserialize<T>(Data, EventJson.Options)
        ?? throw new InvalidOperationException($"Event {StreamId}@{Version} ({Type}) has an empty body.");
}

/// <summary>
/// The events of the wanted types from one window of the global order, where that window ended, and how
/// many events of any type it held (as many as asked for means more may follow).
/// </summary>
public sealed record EventPage(IReadOnlyList<RecordedEvent> Events, GlobalPosition End, int Scanned);

/// <summary>A place in the global order: the writing transaction, then the row's sequence number.</summary>
public readonly record struct GlobalPosition(ulong TransactionId, long Sequence) : IComparable<GlobalPosition>
{
    public static readonly GlobalPosition Start = new(0, 0);

    public int CompareTo(GlobalPosition other) =>
        TransactionId != other.TransactionId ? TransactionId.CompareTo(other.TransactionId) : Sequence.CompareTo(other.Sequence);

    public static bool operator <(GlobalPosition left, GlobalPosition right) => left.CompareTo(right) < 0;
    public static bool operator >(GlobalPosition left, GlobalPosition right) => left.CompareTo(right) > 0;
    public static bool operator <=(GlobalPosition left, GlobalPosition right) => left.CompareTo(right) <= 0;
    public static bool operator >=(GlobalPosition left, GlobalPosition right) => left.CompareTo(right) >= 0;
}

/// <summary>Values for the expected version of an append.</summary>
public static class ExpectedVersion
{
    /// <summary>Append whatever the stream's version.</summary>
    public const long Any = -1;

    /// <summary>The stream must not exist yet.</summary>
    public const long NoStream = 0;
}

public static class EventJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web);
}

/// <summary>Another writer appended to the stream first: reload it, decide again, retry.</summary>
public sealed class ConcurrencyException(string streamId, long expectedVersion)
    : Exception($"Stream '{streamId}' is no longer at version {expectedVersion}: another writer appended first.")
{
    public string StreamId { get; } = streamId;
    public long ExpectedVersion { get; } = expectedVersion;
}
