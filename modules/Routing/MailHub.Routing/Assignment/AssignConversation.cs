using MailHub.People.Contracts;
using MailHub.Routing.Contracts;

namespace MailHub.Routing.Assignment;

/// <summary>POST /api/conversations/{id}/assign.</summary>
internal sealed class AssignConversation(AssignmentEngine engine, IConversationAccess access, IMemberDirectory directory)
    : ConversationHandOver(engine, access, directory, AssignmentKind.Manual)
{
    public override void Configure()
    {
        Declare("/conversations/{id:guid}/assign");
        Summary(s =>
        {
            s.Summary = "Assign to an agent ({\"agentId\"}) or a team ({\"teamId\"}: its next available agent, else its queue).";
            s.Description = "Answers who has the conversation now. " + Refusals;
        });
    }
}
