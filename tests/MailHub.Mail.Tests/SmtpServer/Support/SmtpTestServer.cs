using System.Net;
using MailHub.Mail.Smtp.Server;
using Server = MailHub.Mail.Smtp.Server.SmtpServer;

namespace MailHub.Mail.Tests.SmtpServer.Support;

/// <summary>A server on a free loopback port with an in-memory store, accepting mail for example.com.</summary>
public sealed class SmtpTestServer : IAsyncDisposable
{
    private readonly Server _server;

    private SmtpTestServer(Server server, InMemoryMessageStore store, SmtpServerOptions options)
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
        ISmtpAuthenticator? authenticator = null)
    {
        var options = new SmtpServerOptions { ServerName = "mx.test" };
        var endpoint = new SmtpEndpointOptions { Address = "127.0.0.1", Port = 0 };
        options.Endpoints.Add(endpoint);
        options.AcceptDomains.Add("example.com");
        options.RelayAccounts.Add(new SmtpRelayAccount { UserName = "relay", Password = "s3cret" });
        configure?.Invoke(options, endpoint);
        var store = new InMemoryMessageStore();
        var server = new Server(options, store, authenticator: authenticator);
        var test = new SmtpTestServer(server, store, options);
        server.SessionError += (_, e) =>
        {
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
