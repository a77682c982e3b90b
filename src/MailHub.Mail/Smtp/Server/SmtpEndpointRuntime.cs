using System.Net;
using System.Net.Security;
using System.Text;
using MailHub.Mail.Smtp.Server.Protocol;

namespace MailHub.Mail.Smtp.Server;

/// <summary>Everything the sessions of one endpoint share: settings, extension points, pre-encoded replies.</summary>
internal sealed class SmtpEndpointRuntime
{
    public SmtpEndpointRuntime(
        SmtpServerOptions options,
        SmtpEndpointOptions endpoint,
        IMessageStore store,
        IRecipientPolicy recipientPolicy,
        ISmtpAuthenticator? authenticator,
        SslStreamCertificateContext? certificate,
        TimeProvider time)
    {
        Options = options;
        Endpoint = endpoint;
        Store = store;
        RecipientPolicy = recipientPolicy;
        Authenticator = authenticator;
        Certificate = endpoint.TlsMode == SmtpTlsMode.None ? null : certificate;
        Time = time;
        AllowedNetworks = [.. endpoint.AllowedNetworks.Select(ParseNetwork)];
        Greeting = Encoding.ASCII.GetBytes($"220 {options.ServerName} ESMTP MailHub\r\n");
        EhloPlain = BuildEhlo(secure: false);
        EhloSecure = BuildEhlo(secure: true);
    }

    public SmtpServerOptions Options { get; }

    public SmtpEndpointOptions Endpoint { get; }

    public string Name => Endpoint.DisplayName;

    public IMessageStore Store { get; }

    public IRecipientPolicy RecipientPolicy { get; }

    public ISmtpAuthenticator? Authenticator { get; }

    public SslStreamCertificateContext? Certificate { get; }

    public TimeProvider Time { get; }

    public IReadOnlyList<IPNetwork> AllowedNetworks { get; }

    public byte[] Greeting { get; }

    public byte[] EhloPlain { get; }

    public byte[] EhloSecure { get; }

    public bool OffersStartTls => Endpoint.TlsMode == SmtpTlsMode.StartTls && Certificate is not null;

    public bool IsAllowed(IPAddress client) => AllowedNetworks.Any(n => n.Contains(client));

    private static IPNetwork ParseNetwork(string text)
    {
        text = text.Trim();
        if (text.Contains('/', StringComparison.Ordinal))
        {
            return IPNetwork.Parse(text);
        }

        var address = IPAddress.Parse(text);
        return new IPNetwork(address, address.GetAddressBytes().Length * 8);
    }

    // RFC 5321 §4.1.1.1: the EHLO reply lists the extensions, one per line.
    private byte[] BuildEhlo(bool secure)
    {
        List<string> lines =
        [
            Options.ServerName,
            "PIPELINING",                                    // RFC 2920
            $"SIZE {Options.MaxMessageSize}",                // RFC 1870
            "8BITMIME",                                      // RFC 6152
            "SMTPUTF8",                                      // RFC 6531
            "ENHANCEDSTATUSCODES",                           // RFC 2034
            "CHUNKING",                                      // RFC 3030
        ];
        if (!secure && OffersStartTls)
        {
            lines.Add("STARTTLS");                           // RFC 3207 §4.2: not after TLS
        }

        if (Authenticator is not null && (secure || Endpoint.AllowInsecureAuth))
        {
            lines.Add("AUTH PLAIN LOGIN");                   // RFC 4954 §3, §4
        }

        var text = new StringBuilder();
        for (var i = 0; i < lines.Count; i++)
        {
            text.Append("250").Append(i == lines.Count - 1 ? ' ' : '-').Append(lines[i]).Append("\r\n");
        }

        return Encoding.ASCII.GetBytes(text.ToString());
    }
}
