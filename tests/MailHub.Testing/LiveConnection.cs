using System.Text.Json;
using System.Threading.Channels;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;
using Xunit;

namespace MailHub.Testing;

/// <summary>
/// A console's SignalR connection to the hub /api/live of an in-memory host, over WebSockets with the bearer token in
/// the query (<c>access_token</c>), as a browser sends it. Records what the server sends, in order.
/// </summary>
public sealed class LiveConnection : IAsyncDisposable
{
    private static readonly string[] Events = ["ready", "conversation", "notification", "activity", "resync"];

    private readonly Channel<(string Name, JsonElement Data)> _received = Channel.CreateUnbounded<(string, JsonElement)>();
    private readonly HubConnection _connection;

    private LiveConnection(MailHubFactory host, string accessToken)
    {
        var server = host.Server;
        _connection = new HubConnectionBuilder()
            .WithUrl(new Uri(server.BaseAddress, "/api/live"), options =>
            {
                options.Transports = HttpTransportType.WebSockets;
                options.SkipNegotiation = true;
                options.WebSocketFactory = async (context, cancellationToken) =>
                {
                    var url = new UriBuilder(context.Uri) { Query = "access_token=" + Uri.EscapeDataString(accessToken) };
                    return await server.CreateWebSocketClient().ConnectAsync(url.Uri, cancellationToken);
                };
            })
            .Build();
        foreach (var name in Events)
            _connection.On<JsonElement>(name, data => _received.Writer.TryWrite((name, data)));
    }

    /// <summary>Connects with the token of <paramref name="client"/> and waits for the first message, "ready".</summary>
    public static async Task<LiveConnection> OpenAsync(MailHubFactory host, HttpClient client, CancellationToken cancellationToken)
    {
        var token = client.DefaultRequestHeaders.Authorization?.Parameter ?? throw new InvalidOperationException("The client has no bearer token.");
        var live = new LiveConnection(host, token);
        await live._connection.StartAsync(cancellationToken);
        var (name, _) = await live._received.Reader.ReadAsync(cancellationToken);
        Assert.Equal("ready", name);
        return live;
    }

    /// <summary>Calls a hub method the console calls (Viewing, Replying, Left) for a conversation.</summary>
    public Task InvokeAsync(string method, Guid conversationId, CancellationToken cancellationToken) =>
        _connection.InvokeAsync(method, conversationId, cancellationToken);

    /// <summary>The first message named <paramref name="name"/> whose data matches; a failure naming <paramref name="what"/> when the token ends first.</summary>
    public async Task<JsonElement> WaitForAsync(string name, Func<JsonElement, bool> matches, string what, CancellationToken cancellationToken)
    {
        try
        {
            while (true)
            {
                var (received, data) = await _received.Reader.ReadAsync(cancellationToken);
                if (received == name && matches(data))
                    return data;
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            Assert.Fail($"The SignalR connection brought no {what} in time.");
            throw;
        }
    }

    public ValueTask DisposeAsync() => _connection.DisposeAsync();
}
