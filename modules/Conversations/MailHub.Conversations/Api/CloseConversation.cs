using MailHub.Conversations.Domain;

namespace MailHub.Conversations.Api;

/// <summary>POST /api/conversations/{id}/close.</summary>
internal sealed class CloseConversation(ConversationAccessGuard guard, IGrainFactory grains)
    : ConversationStatusEndpoint(guard, grains, "close", ConversationStatus.Closed)
{
    protected override string StatusDescription =>
        "Closes the conversation: it leaves the open lists. A customer's new mail within MailHub:Conversations:ReopenWithinDays reopens it; "
        + "a later one opens a new conversation.";
}
