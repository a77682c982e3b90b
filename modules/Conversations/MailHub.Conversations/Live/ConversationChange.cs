using MailHub.Core.Live;

namespace MailHub.Conversations.Live;

/// <summary>The "conversation" push: which conversation changed and how (opened, message, note, reply, closed, assigned, ...).</summary>
internal static class ConversationChange
{
    public static LivePush Of(Guid conversationId, string change) =>
        LivePush.Of("conversation", new { conversationId, change }, conversationId: conversationId);
}
