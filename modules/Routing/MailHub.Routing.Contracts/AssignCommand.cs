namespace MailHub.Routing.Contracts;

/// <summary>
/// An assignment or transfer by hand: to an agent, or to a team (its next agent in turn, else its queue).
/// <see cref="ExpectedVersion"/>, when given, is the assignment's version the caller decided on.
/// </summary>
[GenerateSerializer, Alias("MailHub.Routing.Contracts.AssignCommand")]
public sealed record AssignCommand(
    [property: Id(0)] Guid? TeamId,
    [property: Id(1)] Guid? AgentId,
    [property: Id(2)] Guid By,
    [property: Id(3)] string? ByName,
    [property: Id(4)] string? Note,
    [property: Id(5)] AssignmentKind Kind,
    [property: Id(6)] long? ExpectedVersion);

public enum AssignStatus
{
    Done,
    NotFound,
    Closed,
    VersionConflict,
}

/// <summary>What became of an <see cref="AssignCommand"/>: the assignment as it is now, and who had the conversation before.</summary>
[GenerateSerializer, Alias("MailHub.Routing.Contracts.AssignOutcome")]
public sealed record AssignOutcome(
    [property: Id(0)] AssignStatus Status,
    [property: Id(1)] AssignmentSnapshot? Assignment,
    [property: Id(2)] Guid? PreviousAgentId);

/// <summary>Who has a conversation: its agent and team (both null: unassigned; team only: in the team's queue).</summary>
[GenerateSerializer, Alias("MailHub.Routing.Contracts.AssignmentSnapshot")]
public sealed record AssignmentSnapshot(
    [property: Id(0)] Guid ConversationId,
    [property: Id(1)] Guid MailboxId,
    [property: Id(2)] Guid? TeamId,
    [property: Id(3)] Guid? AgentId,
    [property: Id(4)] string State,
    [property: Id(5)] long Version,
    [property: Id(6)] DateTimeOffset OpenedAt);
