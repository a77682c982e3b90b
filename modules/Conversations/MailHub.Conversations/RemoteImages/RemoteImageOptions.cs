namespace MailHub.Conversations.RemoteImages;

/// <summary>MailHub:Conversations:RemoteImages: what the image proxy (GET /api/messages/{id}/remote-image) fetches.</summary>
internal sealed class RemoteImageOptions
{
    /// <summary>The largest image fetched; a larger one is refused rather than cut.</summary>
    public long MaxBytes { get; set; } = 5L * 1024 * 1024;

    /// <summary>How long one image may take, redirects included.</summary>
    public int TimeoutSeconds { get; set; } = 10;

    /// <summary>
    /// Fetch from loopback, private and link-local addresses too. Off by default: a URL in a customer's mail would
    /// otherwise make MailHub call its own network (SSRF). For tests and closed networks only.
    /// </summary>
    public bool AllowPrivateAddresses { get; set; }
}
