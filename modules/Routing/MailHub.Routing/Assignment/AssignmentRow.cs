using MailHub.Routing.Contracts;
using MailHub.Routing.Rules;

namespace MailHub.Routing.Assignment;

/// <summary>A conversation as routing holds it: who has it, in which team, and the facts rules look at.</summary>
internal sealed record AssignmentRow(
    Guid ConversationId, Guid MailboxId, Guid? TeamId, Guid? AgentId, string State, string Strategy, long Version,
    DateTimeOffset OpenedAt, ConversationFacts Facts)
{
    public const string Open = "open";
    public const string Closed = "closed";

    public bool IsOpen => State == Open;

    public AssignmentSnapshot Snapshot() => new(ConversationId, MailboxId, TeamId, AgentId, State, Version, OpenedAt);
}
