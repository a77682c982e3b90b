using System.Net;
using System.Security.Authentication;

namespace MailHub.Mail.Smtp.Server;

/// <summary>What the extension points may know about the connection they are asked about.</summary>
public interface ISmtpSessionContext
{
    /// <summary>A short id unique within the process, for logs.</summary>
    string SessionId { get; }

    string EndpointName { get; }

    IPEndPoint LocalEndPoint { get; }

    IPEndPoint RemoteEndPoint { get; }

    /// <summary>The client's address, IPv4-mapped IPv6 addresses given as IPv4.</summary>
    IPAddress ClientAddress { get; }

    /// <summary>The EHLO/HELO argument, or null before it.</summary>
    string? HeloName { get; }

    SslProtocols? TlsProtocol { get; }

    bool IsSecure { get; }

    string? AuthenticatedUser { get; }
}
