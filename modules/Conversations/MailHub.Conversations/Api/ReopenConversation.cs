using MailHub.Conversations.Domain;

namespace MailHub.Conversations.Api;

/// <summary>POST /api/conversations/{id}/reopen.</summary>
internal sealed class ReopenConversation(ConversationAccessGuard guard, IGrainFactory grains)
    : ConversationStatusEndpoint(guard, grains, "reopen", ConversationStatus.Open)
{
    protected override string StatusDescription => "Reopens the conversation (status open): it is back in the open lists.";
}
