using MailHub.Mail.Smtp.Server;
using global::SmtpServer;
using global::SmtpServer.Mail;
using global::SmtpServer.Storage;

namespace MailHub.Mail.Tests.SmtpServer.Support;

/// <summary>Accepts recipients in the given domains and the bare "postmaster"; 550 5.7.1 for the rest.</summary>
public sealed class AcceptDomainsFilter(IEnumerable<string> domains) : IMailboxFilter
{
    private readonly HashSet<string> _domains = new(domains.Select(d => new System.Globalization.IdnMapping().GetAscii(d)), StringComparer.OrdinalIgnoreCase);

    public Task<bool> CanAcceptFromAsync(ISessionContext context, IMailbox from, int size, CancellationToken cancellationToken) => Task.FromResult(true);

    public Task<bool> CanDeliverToAsync(ISessionContext context, IMailbox to, IMailbox from, CancellationToken cancellationToken) =>
        (string.IsNullOrEmpty(to.Host) ? string.Equals(to.User, "postmaster", StringComparison.OrdinalIgnoreCase) : _domains.Contains(to.Host))
            ? Task.FromResult(true)
            : throw SmtpReplies.RelayDenied();
}

/// <summary>One relay account.</summary>
public sealed class RelayAccountAuthenticator(string user, string password) : global::SmtpServer.Authentication.IUserAuthenticator
{
    public Task<bool> AuthenticateAsync(ISessionContext context, string user1, string password1, CancellationToken cancellationToken) =>
        Task.FromResult(user1 == user && password1 == password);
}
