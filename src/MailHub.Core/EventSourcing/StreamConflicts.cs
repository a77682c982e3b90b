using JasperFx.Events;
using Npgsql;

namespace MailHub.Core.EventSourcing;

public static class StreamConflicts
{
    /// <summary>
    /// Another writer appended to the stream first (its expected version no longer holds), started the same
    /// stream, or inserted the same unique row: reload, decide again, retry.
    /// </summary>
    public static bool IsLostRace(Exception exception) => exception switch
    {
        EventStreamUnexpectedMaxEventIdException or ExistingStreamIdCollisionException or Marten.Exceptions.ExistingStreamIdCollisionException => true,
        JasperFx.ConcurrencyException => true,
        PostgresException { SqlState: PostgresErrorCodes.UniqueViolation or PostgresErrorCodes.SerializationFailure } => true,
        _ => exception.InnerException is { } inner && IsLostRace(inner),
    };
}
