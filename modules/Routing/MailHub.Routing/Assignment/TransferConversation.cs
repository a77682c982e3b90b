using MailHub.People.Contracts;
using MailHub.Routing.Contracts;

namespace MailHub.Routing.Assignment;

/// <summary>POST /api/conversations/{id}/transfer.</summary>
internal sealed class TransferConversation(AssignmentEngine engine, IConversationAccess access, IMemberDirectory directory)
    : ConversationHandOver(engine, access, directory, AssignmentKind.Transfer)
{
    public override void Configure()
    {
        Declare("/conversations/{id:guid}/transfer");
        Summary(s =>
        {
            s.Summary = "Hand the conversation to another agent or team with a note; the receiving agent is notified.";
            s.Description = "Answers who has the conversation now; the receiving agent sees the note live (\"assignment\") and at "
                + "GET /api/routing/notifications. " + Refusals;
        });
    }
}
