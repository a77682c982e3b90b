using System.Net;
using System.Security.Authentication;
using SmtpServer;
using SmtpServer.Mail;
using SmtpServer.Net;

namespace MailHub.Mail.Smtp.Server;

/// <summary>
/// The envelope of one received message (RFC 5321 §2.3.1), in our own terms so that the store and
/// mailbox sync (which makes a synthetic one) do not depend on the SMTP engine's session types.
/// Addresses are "local@domain" strings, "" for the null reverse-path of bounces (§4.5.5).
/// </summary>
public sealed record ReceivedEnvelope
{
    /// <summary>The server's id for this message, also written into the Received header.</summary>
    public required string Id { get; init; }

    public required string MailFrom { get; init; }

    public required IReadOnlyList<string> Recipients { get; init; }

    public required IPAddress ClientAddress { get; init; }

    /// <summary>The EHLO/HELO argument.</summary>
    public required string HeloName { get; init; }

    /// <summary>The name of the endpoint that received the message ("imap"/"pop3" for synced mail).</summary>
    public required string EndpointName { get; init; }

    public SslProtocols? TlsProtocol { get; init; }

    public bool IsSecure => TlsProtocol is not null;

    public string? AuthenticatedUser { get; init; }

    public required DateTimeOffset ReceivedAt { get; init; }

    /// <summary>The client greeted with EHLO (ESMTP), not HELO.</summary>
    public bool Esmtp { get; init; } = true;

    /// <summary>MAIL ... BODY=8BITMIME (RFC 6152).</summary>
    public bool Body8Bit { get; init; }

    /// <summary>MAIL ... SMTPUTF8 (RFC 6531).</summary>
    public bool SmtpUtf8 { get; init; }

    /// <summary>MAIL ... SIZE=n (RFC 1870), or null.</summary>
    public long? DeclaredSize { get; init; }

    /// <summary>The envelope of the transaction the engine hands its message store.</summary>
    public static ReceivedEnvelope Of(ISessionContext context, IMessageTransaction transaction, DateTimeOffset receivedAt)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(transaction);
        var session = SessionFacts.Of(context);
        var parameters = transaction.Parameters ?? new Dictionary<string, string>();
        return new ReceivedEnvelope
        {
            Id = TransactionId.Next(),
            MailFrom = AddressOf(transaction.From),
            Recipients = [.. transaction.To.Select(AddressOf)],
            ClientAddress = session.ClientAddress,
            HeloName = session.HeloName ?? "",
            EndpointName = session.EndpointName,
            TlsProtocol = context.Pipe.IsSecure ? context.Pipe.SslProtocol : null,
            AuthenticatedUser = context.Authentication.IsAuthenticated ? context.Authentication.User : null,
            ReceivedAt = receivedAt,
            Esmtp = session.Esmtp,
            Body8Bit = parameters.TryGetValue("BODY", out var body) && string.Equals(body, "8BITMIME", StringComparison.OrdinalIgnoreCase),
            SmtpUtf8 = parameters.ContainsKey("SMTPUTF8"),
            DeclaredSize = parameters.TryGetValue("SIZE", out var size) && long.TryParse(size, out var declared) ? declared : null,
        };
    }

    /// <summary>"local@domain", the bare local part for "postmaster", "" for the null path.</summary>
    public static string AddressOf(IMailbox? mailbox)
    {
        if (mailbox is null || (string.IsNullOrEmpty(mailbox.User) && string.IsNullOrEmpty(mailbox.Host)))
        {
            return "";
        }

        return string.IsNullOrEmpty(mailbox.Host) ? mailbox.User : $"{mailbox.User}@{mailbox.Host}";
    }

    /// <summary>The client's address as the endpoint listener recorded it, IPv4-mapped addresses given as IPv4.</summary>
    internal static IPAddress ClientAddressOf(ISessionContext context) =>
        context.Properties.TryGetValue(EndpointListener.RemoteEndPointKey, out var value) && value is IPEndPoint remote
            ? (remote.Address.IsIPv4MappedToIPv6 ? remote.Address.MapToIPv4() : remote.Address)
            : IPAddress.None;
}
