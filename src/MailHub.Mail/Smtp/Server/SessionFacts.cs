using System.Net;
using SmtpServer;
using SmtpServer.Protocol;

namespace MailHub.Mail.Smtp.Server;

/// <summary>
/// What we keep about a session beside the engine's context (in its Properties): the endpoint's name,
/// the client's address, and the EHLO/HELO name of the last greeting, which the Received header needs.
/// </summary>
public sealed class SessionFacts
{
    private const string Key = "MailHub:Session";

    public required string EndpointName { get; init; }

    public required IPAddress ClientAddress { get; init; }

    /// <summary>The session came in on a QA sandbox endpoint (<see cref="SmtpEndpointOptions.Sandbox"/>).</summary>
    public bool Sandbox { get; init; }

    /// <summary>An injected fault's delay or drop, applied by the transport when the reply it is about is flushed.</summary>
    internal SmtpFault? PendingFault { get; set; }

    public string? HeloName { get; private set; }

    public bool Esmtp { get; private set; }

    /// <summary>The user name of the session's last AUTH (RFC 4954), accepted or not.</summary>
    public string? UserName { get; internal set; }

    /// <summary>The recipients accepted in the current transaction, for an injected fault at the end of DATA.</summary>
    internal List<string> Accepted { get; } = [];

    /// <summary>Recipients accepted in the current transaction (for MaxRecipients).</summary>
    internal int Recipients { get; set; }

    public static SessionFacts Of(ISessionContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.Properties.TryGetValue(Key, out var value) && value is SessionFacts facts
            ? facts
            : new SessionFacts { EndpointName = context.EndpointDefinition.Endpoint.ToString(), ClientAddress = ReceivedEnvelope.ClientAddressOf(context) };
    }

    internal static void Attach(ISessionContext context, string endpointName, bool sandbox = false)
    {
        var facts = new SessionFacts { EndpointName = endpointName, ClientAddress = ReceivedEnvelope.ClientAddressOf(context), Sandbox = sandbox };
        context.Properties[Key] = facts;
        context.CommandExecuting += (_, e) =>
        {
            switch (e.Command)
            {
                case EhloCommand ehlo:
                    facts.HeloName = ehlo.DomainOrAddress;
                    facts.Esmtp = true;
                    break;
                case HeloCommand helo:
                    facts.HeloName = helo.DomainOrAddress;
                    facts.Esmtp = false;
                    break;
            }
        };
    }

    /// <summary>RFC 3207 §4.2: after TLS the client starts again with EHLO; what it said before is forgotten.</summary>
    internal void ForgetGreeting()
    {
        HeloName = null;
        Esmtp = false;
    }
}
