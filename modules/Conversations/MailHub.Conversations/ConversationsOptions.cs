using MailHub.Conversations.RemoteImages;

namespace MailHub.Conversations;

/// <summary>MailHub:Conversations settings.</summary>
internal sealed class ConversationsOptions
{
    public const string Section = "MailHub:Conversations";

    /// <summary>A customer's reply to a conversation closed longer ago than this opens a new one.</summary>
    public int ReopenWithinDays { get; set; } = 30;

    /// <summary>The largest file POST /api/attachments accepts.</summary>
    public long MaxUploadBytes { get; set; } = 25L * 1024 * 1024;

    /// <summary>How long the outbox holds a reply before sending it, so its agent can undo it (POST /api/messages/{id}/undo).</summary>
    public TimeSpan UndoWindow { get; set; } = TimeSpan.FromSeconds(10);
    /// <summary>What the image proxy fetches when an agent shows a mail's remote images.</summary>
    public RemoteImageOptions RemoteImages { get; set; } = new();

    /// <summary>How often each node looks for snoozed conversations whose time has come (so they wake up to this late).</summary>
    public TimeSpan SnoozeCheckInterval { get; set; } = TimeSpan.FromSeconds(10);
}
