using MailHub.Conversations.Domain;

namespace MailHub.Conversations.Api;

/// <summary>POST /api/conversations/{id}/pending.</summary>
internal sealed class SetConversationPending(ConversationAccessGuard guard, IGrainFactory grains)
    : ConversationStatusEndpoint(guard, grains, "pending", ConversationStatus.Pending)
{
    protected override string StatusDescription =>
        "Marks the conversation pending: waiting on the customer, out of the open list (a closed one is reopened as pending).";
}
