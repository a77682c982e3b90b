using FastEndpoints;

namespace MailHub.Channels.Listing;

/// <summary>The query filters of the inbound and sandbox message lists; text filters match case-insensitively anywhere in the field.</summary>
internal record MessageFilterRequest
{
    /// <summary>Part of a recipient (envelope or To field).</summary>
    [QueryParam]
    public string? To { get; init; }

    /// <summary>Part of the sender (envelope or From field).</summary>
    [QueryParam]
    public string? From { get; init; }

    [QueryParam]
    public string? Subject { get; init; }

    /// <summary>Part of the sender, a recipient or the subject: one search box over all three.</summary>
    [QueryParam]
    public string? Q { get; init; }

    /// <summary>Only messages at or after this time.</summary>
    [QueryParam]
    public DateTimeOffset? Since { get; init; }

    /// <summary>Only one mailbox's messages.</summary>
    [QueryParam]
    public Guid? Mailbox { get; init; }
}

/// <summary>A page of a message list: the filters, how many, and where the previous page ended.</summary>
internal sealed record MessageListRequest : MessageFilterRequest
{
    public const int DefaultLimit = 50;
    public const int MaxLimit = 500;

    /// <summary>How many messages a page holds, 1 to 500; 50 when left out.</summary>
    [QueryParam]
    public int? Limit { get; init; }

    /// <summary>The "next" of the previous page, as it was given.</summary>
    [QueryParam]
    public string? Cursor { get; init; }
}
