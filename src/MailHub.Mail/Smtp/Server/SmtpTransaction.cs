using System.Net;
using System.Security.Authentication;

namespace MailHub.Mail.Smtp.Server;

/// <summary>The envelope of one message, handed to <see cref="IMessageStore.BeginAsync"/>.</summary>
public sealed class SmtpTransaction
{
    /// <summary>The server's id for this message, also written into the Received header.</summary>
    public required string Id { get; init; }

    public required SmtpAddress MailFrom { get; init; }

    public required IReadOnlyList<SmtpAddress> Recipients { get; init; }

    public required IPAddress ClientAddress { get; init; }

    /// <summary>The EHLO/HELO argument.</summary>
    public required string HeloName { get; init; }

    /// <summary>The name of the endpoint that received the message.</summary>
    public required string EndpointName { get; init; }

    /// <summary>The TLS protocol of the connection, or null when it is not encrypted.</summary>
    public SslProtocols? TlsProtocol { get; init; }

    public bool IsSecure => TlsProtocol is not null;

    /// <summary>The user who authenticated with AUTH, or null.</summary>
    public string? AuthenticatedUser { get; init; }

    /// <summary>When the server accepted DATA or the first BDAT.</summary>
    public required DateTimeOffset ReceivedAt { get; init; }

    /// <summary>MAIL ... BODY=8BITMIME (RFC 6152).</summary>
    public bool Body8Bit { get; init; }

    /// <summary>MAIL ... SMTPUTF8 (RFC 6531).</summary>
    public bool SmtpUtf8 { get; init; }

    /// <summary>MAIL ... SIZE=n (RFC 1870), or null.</summary>
    public long? DeclaredSize { get; init; }
}
