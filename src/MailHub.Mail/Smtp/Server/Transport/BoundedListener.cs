using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Text;
using SmtpServer;
using SmtpServer.IO;
using SmtpServer.Net;

namespace MailHub.Mail.Smtp.Server.Transport;

/// <summary>
/// Accepts the connections of one endpoint for the engine. Before a session starts: clients outside
/// the endpoint's allowed networks get 554 5.7.1 and those past MaxConnections/MaxConnectionsPerIp
/// get 421 4.7.0 (RFC 5321 §3.1, §3.8), both then hung up on; the others get a <see cref="BoundedPipe"/>.
/// </summary>
internal sealed class BoundedListener(
    Socket socket,
    SmtpEndpointOptions endpoint,
    SmtpServerOptions options,
    ConnectionCounter connections,
    DataBudget budget,
    SslStreamCertificateContext? certificate,
    RefusalReporter? refusals,
    CancellationToken stopping) : IEndpointListener
{
    private readonly IReadOnlyList<IPNetwork> _allowed = [.. endpoint.AllowedNetworks.Select(ParseNetwork)];

    public IPEndPoint LocalEndPoint { get; } = (IPEndPoint)socket.LocalEndPoint!;

    public async Task<ISecurableDuplexPipe> GetPipeAsync(ISessionContext context, CancellationToken cancellationToken)
    {
        while (true)
        {
            Socket client;
            try
            {
                client = await socket.AcceptAsync(cancellationToken);
            }
            catch (SocketException)
            {
                continue; // the client reset before we accepted it
            }
            catch (ObjectDisposedException)
            {
                throw new OperationCanceledException("The endpoint is closed.", cancellationToken);
            }

            client.NoDelay = true;
            if (client.RemoteEndPoint is not IPEndPoint remote)
            {
                client.Dispose();
                continue;
            }

            var address = remote.Address.IsIPv4MappedToIPv6 ? remote.Address.MapToIPv4() : remote.Address;
            if (endpoint.RequireAllowedIp && !_allowed.Any(n => n.Contains(address)))
            {
                _ = RefuseAsync(client, address, $"554 5.7.1 Connections from {address} are not accepted here");
                continue;
            }

            if (!connections.TryEnter(address))
            {
                _ = RefuseAsync(client, address, "421 4.7.0 Too many connections, try again later");
                continue;
            }

            context.Properties[EndpointListener.LocalEndPointKey] = client.LocalEndPoint!;
            context.Properties[EndpointListener.RemoteEndPointKey] = remote;
            SessionFacts.Attach(context, endpoint.DisplayName, endpoint.Sandbox);
            return new BoundedPipe(client, options, endpoint, budget, certificate, SessionFacts.Of(context), refusals, stopping, () => connections.Leave(address));
        }
    }

    public void Dispose() => socket.Dispose();

    private async Task RefuseAsync(Socket client, IPAddress address, string reply)
    {
        refusals?.Report(endpoint.DisplayName, address, "connect", Encoding.ASCII.GetBytes(reply), userName: null, argument: null);
        using (client)
        {
            if (endpoint.TlsMode == SmtpTlsMode.Implicit)
            {
                return; // no plain text on a TLS port; the client sees the connection closed
            }

            try
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
                await client.SendAsync(Encoding.ASCII.GetBytes(reply + "\r\n"), SocketFlags.None, timeout.Token);
                client.Shutdown(SocketShutdown.Both);
            }
            catch (Exception e) when (e is SocketException or OperationCanceledException or ObjectDisposedException)
            {
                // The client is gone already.
            }
        }
    }

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
}
