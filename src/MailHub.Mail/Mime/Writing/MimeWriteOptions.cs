namespace MailHub.Mail.Mime.Writing;

/// <summary>How a message is rendered for a particular transport.</summary>
public sealed record MimeWriteOptions
{
    /// <summary>7-bit-only output, safe for any SMTP server (no 8BITMIME needed).</summary>
    public static MimeWriteOptions Default { get; } = new();

    /// <summary>The transport announced 8BITMIME (RFC 6152): UTF-8 text bodies may be sent as 8bit.</summary>
    public bool EightBitMime { get; init; }

    /// <summary>
    /// The transport announced SMTPUTF8 (RFC 6531) and the caller wants raw UTF-8 in headers (RFC 6532) instead of
    /// encoded words. Only set with a transport that accepts it; non-ASCII local parts need it. SMTPUTF8 requires
    /// 8BITMIME (RFC 6531 §3.1), so this also allows 8bit bodies.
    /// </summary>
    public bool Utf8Headers { get; init; }

    /// <summary>The clock for a generated Date header.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>Makes a Message-ID (with angle brackets) for the given domain when the builder has none; defaults to <see cref="MessageIds.New"/>.</summary>
    public Func<string, string>? MessageIdFactory { get; init; }

    // Tests fix the boundaries to compare exact output.
    internal Func<string>? BoundaryFactory { get; init; }
}
