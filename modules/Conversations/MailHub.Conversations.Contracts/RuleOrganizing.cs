namespace MailHub.Conversations.Contracts;

/// <summary>
/// What a routing rule sets on the conversation it caught, besides who has it: tags added to those it has, and the
/// priority (null: left as it is). The rule's name is who the conversation's history says did it.
/// </summary>
[GenerateSerializer, Alias("MailHub.Conversations.Contracts.RuleOrganizing")]
public sealed record RuleOrganizing(
    [property: Id(0)] Guid RuleId,
    [property: Id(1)] string RuleName,
    [property: Id(2)] IReadOnlyList<string> Tags,
    [property: Id(3)] string? Priority);
