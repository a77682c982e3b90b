using MailHub.Conversations.Contracts;
using MailHub.Conversations.Replies;
using MailHub.Routing.Contracts;

namespace MailHub.Conversations.Domain;

/// <summary>
/// The one writer of a conversation (key: its id). Orleans keeps one activation per conversation in the cluster and
/// gives it one call at a time, so two agents acting at once, or an agent and an arriving mail, take turns here
/// instead of racing for the stream's next version. Each command is the command code as it was
/// (<see cref="ConversationCommands"/>, <see cref="ReplyComposer"/>, Routing's <see cref="IConversationAssignment"/>);
/// the stream's expected version stays the safety net for a failover, when two activations may briefly overlap.
/// No state is kept between turns: each command reads the stream it appends to. So an idle activation goes after two
/// minutes rather than Orleans' fifteen: a burst of mail touching thousands of conversations leaves little behind.
/// </summary>
[CollectionAgeLimit(Minutes = 2)]
internal sealed class ConversationGrain(ConversationCommands commands, ReplyComposer composer, ReplyUndo undo, IConversationAssignment assignment)
    : Grain, IConversationGrain, IConversationCommandsGrain
{
    private Guid Id => this.GetPrimaryKey();

    public Task<ReplyReceipt> ReplyAsync(ReplyRequest request, Actor actor) => composer.ReplyAsync(Id, request, actor, CancellationToken.None);

    public Task<Draft> UndoReplyAsync(Guid messageId, Actor actor) => undo.UndoAsync(Id, messageId, actor, CancellationToken.None);

    public Task<Guid> AddNoteAsync(string text, Actor actor) => commands.AddNoteAsync(Id, text, actor, CancellationToken.None);

    public Task<string> SetStatusAsync(string status, Actor actor) => commands.SetStatusAsync(Id, status, actor, CancellationToken.None);

    public Task<bool> AppendInboundAsync(MessageRow row, string? automaticReason) =>
        commands.AppendInboundAsync(Id, row, automaticReason, CancellationToken.None);

    public Task<bool> SetDeliveryAsync(DeliveryChange change) => commands.SetDeliveryAsync(Id, change, CancellationToken.None);

    public Task<IReadOnlyList<string>> SetTagsAsync(IReadOnlyList<string> tags, bool add, Actor actor) =>
        commands.SetTagsAsync(Id, tags, add, actor, CancellationToken.None);

    public Task<string> SetPriorityAsync(string priority, Actor actor) => commands.SetPriorityAsync(Id, priority, actor, CancellationToken.None);

    public Task<DateTimeOffset> SnoozeAsync(DateTimeOffset until, Actor actor) => commands.SnoozeAsync(Id, until, actor, CancellationToken.None);

    public Task<bool> WakeAsync() => commands.WakeAsync(Id, CancellationToken.None);

    public Task<Guid> MergeAsync(Guid into, Actor actor) => commands.MergeAsync(Id, into, actor, CancellationToken.None);

    public Task<AssignOutcome> AssignAsync(AssignCommand command) => assignment.ApplyAsync(Id, command, CancellationToken.None);

    public Task<RoutingOutcome> RouteAsync(RoutingMove move) => assignment.RouteAsync(Id, move, CancellationToken.None);

    public async Task OrganizeAsync(RuleOrganizing organizing)
    {
        // The rule is the actor (no member did it); its id stands for the member's in the events.
        var rule = new Actor(organizing.RuleId, organizing.RuleName, false);
        if (organizing.Tags.Count > 0)
            await commands.SetTagsAsync(Id, organizing.Tags, add: true, rule, CancellationToken.None);
        if (organizing.Priority is { } priority)
            await commands.SetPriorityAsync(Id, priority, rule, CancellationToken.None);
    }
}
