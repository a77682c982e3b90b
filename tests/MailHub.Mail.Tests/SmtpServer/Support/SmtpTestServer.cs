using System.Net;
using MailHub.Mail.Smtp.Server;
using global::SmtpServer.Authentication;

namespace MailHub.Mail.Tests.SmtpServer.Support;

/// <summary>A server on a free loopback port with an in-memory store, accepting mail for example.com.</summary>
public sealed class SmtpTestServer : IAsyncDisposable
{
    private readonly BoundedSmtpServer _server;

    private SmtpTestServer(BoundedSmtpServer server, InMemoryMessageStore store, SmtpServerOptions options)
    {
        _server = server;
        Store = store;
        Options = options;
    }

    public InMemoryMessageStore Store { get; }

    public SmtpServerOptions Options { get; }

    public int Port => _server.ListeningEndpoints[0].Port;

    public IPEndPoint EndPoint => _server.ListeningEndpoints[0];

    public List<Exception> Errors { get; } = [];

    public static async Task<SmtpTestServer> StartAsync(
        Action<SmtpServerOptions, SmtpEndpointOptions>? configure = null,
        IUserAuthenticator? authenticator = null)
    {
        var options = new SmtpServerOptions { ServerName = "mx.test" };
        var endpoint = new SmtpEndpointOptions { Address = "127.0.0.1", Port = 0 };
        options.Endpoints.Add(endpoint);
        options.AcceptDomains.Add("example.com");
        configure?.Invoke(options, endpoint);
        var store = new InMemoryMessageStore(options.ServerName);
        var server = new BoundedSmtpServer(options, store, new AcceptDomainsFilter(options.AcceptDomains),
            authenticator ?? new RelayAccountAuthenticator("relay", "s3cret"));
        var test = new SmtpTestServer(server, store, options);
        server.SessionFaulted += (_, e) =>
        {
            // A client that hangs up, fails its handshake or sends bad base64 in AUTH is not the server's fault.
            if (e.Exception is IOException or System.Security.Authentication.AuthenticationException or OperationCanceledException or FormatException)
            {
                return;
            }

            lock (test.Errors)
            {
                test.Errors.Add(e.Exception);
            }
        };
        await server.StartAsync();
        return test;
    }

    /// <summary>The only stored message. The 250 follows the commit, so it is there once the client has read it.</summary>
    public StoredMessage SingleMessage() => Assert.Single(Store.Messages);

    public async ValueTask DisposeAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await _server.StopAsync(timeout.Token);
        Assert.Empty(Errors);
    }
}
