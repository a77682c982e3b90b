using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Text;

namespace MailHub.Mail.Net;

/// <summary>
/// One TCP (+TLS) connection to a mail server: connect, TLS upgrade, capped reading, writing, and per-operation
/// timeouts that surface as <see cref="TimeoutException"/> while the caller's cancellation stays
/// <see cref="OperationCanceledException"/>. A connection interrupted mid-command is broken for good.
/// </summary>
internal sealed class MailConnection : IAsyncDisposable
{
    private readonly Socket socket;
    private Stream stream;
    private CancellationTokenSource? operation;
    private TimeSpan operationTimeout;

    private MailConnection(MailEndpoint endpoint, Socket socket)
    {
        Endpoint = endpoint;
        this.socket = socket;
        stream = new NetworkStream(socket, ownsSocket: true);
        Reader = new MailStreamReader(stream, endpoint.MaxLineLength, OnActivity);
        Log = new ProtocolLog(endpoint.ProtocolLog);
    }

    public MailEndpoint Endpoint { get; }

    public MailStreamReader Reader { get; }

    public ProtocolLog Log { get; }

    public bool IsSecure => stream is SslStream;

    /// <summary>This side's address, e.g. for an EHLO address literal.</summary>
    public IPAddress? LocalAddress => (socket.LocalEndPoint as IPEndPoint)?.Address;

    public bool IsBroken { get; private set; }

    public static async Task<MailConnection> ConnectAsync(MailEndpoint endpoint, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(endpoint.ConnectTimeout);
        var log = new ProtocolLog(endpoint.ProtocolLog);
        try
        {
            IPAddress[] addresses;
            if (IPAddress.TryParse(endpoint.Host, out var literal))
            {
                addresses = [literal];
            }
            else
            {
                try
                {
                    addresses = await Dns.GetHostAddressesAsync(endpoint.Host, timeout.Token);
                }
                catch (SocketException e)
                {
                    throw new MailProtocolException(MailErrorKind.CannotConnect,
                        $"Cannot resolve the host name '{endpoint.Host}': check the spelling ({e.SocketErrorCode}).", null, e);
                }
            }

            SocketException? last = null;
            foreach (var address in addresses)
            {
                var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                try
                {
                    await socket.ConnectAsync(new IPEndPoint(address, endpoint.Port), timeout.Token);
                    log.Note($"connected to {address}:{endpoint.Port}");
                    var connection = new MailConnection(endpoint, socket);
                    if (endpoint.Security == MailSecurity.Ssl)
                    {
                        try
                        {
                            await connection.AuthenticateTlsAsync(timeout.Token);
                        }
                        catch
                        {
                            await connection.DisposeAsync();
                            throw;
                        }
                    }
                    return connection;
                }
                catch (SocketException e)
                {
                    socket.Dispose();
                    last = e;
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            }
            throw new MailProtocolException(MailErrorKind.CannotConnect,
                $"Cannot connect to {endpoint.Host}:{endpoint.Port} ({last?.SocketErrorCode.ToString() ?? "no address"}): check the host, the port and the firewall.",
                null, last!);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            throw new TimeoutException($"Connecting to {endpoint.Host}:{endpoint.Port} took longer than {endpoint.ConnectTimeout.TotalSeconds:0} s.");
        }
    }

    /// <summary>Switches the connection to TLS after the server agreed to STARTTLS/STLS.</summary>
    public async Task StartTlsAsync(CancellationToken ct)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(Endpoint.ConnectTimeout);
        try
        {
            await AuthenticateTlsAsync(timeout.Token);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            IsBroken = true;
            throw new TimeoutException($"The TLS handshake with {Endpoint.Host} took longer than {Endpoint.ConnectTimeout.TotalSeconds:0} s.");
        }
    }

    private async Task AuthenticateTlsAsync(CancellationToken ct)
    {
        var ssl = new SslStream(stream, leaveInnerStreamOpen: false);
        var options = new SslClientAuthenticationOptions
        {
            TargetHost = Endpoint.Host,
            RemoteCertificateValidationCallback = (_, _, _, errors) =>
                errors == SslPolicyErrors.None || Endpoint.AcceptInvalidCertificate,
        };
        try
        {
            await ssl.AuthenticateAsClientAsync(options, ct);
        }
        catch (AuthenticationException e)
        {
            IsBroken = true;
            await ssl.DisposeAsync();
            var advice = Endpoint.AcceptInvalidCertificate
                ? "check that the port speaks TLS"
                : "if this is your own server with a self-signed certificate, turn on 'accept invalid certificate'; otherwise check the host name and port";
            throw new MailProtocolException(MailErrorKind.TlsFailure, $"TLS with {Endpoint.Host} failed ({e.Message}): {advice}.", null, e);
        }
        catch (IOException e)
        {
            IsBroken = true;
            await ssl.DisposeAsync();
            throw new MailProtocolException(MailErrorKind.TlsFailure,
                $"TLS with {Endpoint.Host}:{Endpoint.Port} failed ({e.Message}): check that this port expects {(Endpoint.Security == MailSecurity.Ssl ? "implicit TLS" : "STARTTLS")}.", null, e);
        }
        stream = ssl;
        Reader.ReplaceStream(ssl);
        Log.Note($"TLS {ssl.SslProtocol} established");
    }

    /// <summary>
    /// Runs one protocol exchange. The server may be silent at most <paramref name="timeout"/> (default: the endpoint's
    /// command timeout) between two reads; the clock restarts whenever bytes arrive.
    /// </summary>
    public async Task<T> RunAsync<T>(Func<CancellationToken, Task<T>> exchange, CancellationToken ct, TimeSpan? timeout = null)
    {
        if (IsBroken)
            throw new MailProtocolException(MailErrorKind.Temporary, $"The connection to {Endpoint.Host} was interrupted earlier: connect again.");
        using var op = CancellationTokenSource.CreateLinkedTokenSource(ct);
        operationTimeout = timeout ?? Endpoint.CommandTimeout;
        op.CancelAfter(operationTimeout);
        operation = op;
        try
        {
            return await exchange(op.Token);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            IsBroken = true;
            throw new TimeoutException($"{Endpoint.Host} did not answer within {operationTimeout.TotalSeconds:0} s.");
        }
        catch (OperationCanceledException)
        {
            IsBroken = true;
            throw;
        }
        catch (IOException e)
        {
            IsBroken = true;
            throw new MailProtocolException(MailErrorKind.Temporary, $"The connection to {Endpoint.Host} was lost ({e.Message}).", null, e);
        }
        catch (MailProtocolException e) when (e.Kind is MailErrorKind.Protocol or MailErrorKind.Temporary && e.ServerResponse is null)
        {
            // Our own reading failed (line too long, closed stream, garbage): the stream position is unknown.
            IsBroken = true;
            throw;
        }
        finally
        {
            operation = null;
        }
    }

    public Task RunAsync(Func<CancellationToken, Task> exchange, CancellationToken ct, TimeSpan? timeout = null) =>
        RunAsync(async token => { await exchange(token); return true; }, ct, timeout);

    private void OnActivity()
    {
        try
        {
            operation?.CancelAfter(operationTimeout);
        }
        catch (ObjectDisposedException)
        {
        }
    }

    public ValueTask WriteAsync(ReadOnlyMemory<byte> data, CancellationToken ct) => stream.WriteAsync(data, ct);

    /// <summary>Sends a command line (CRLF added) and logs it, or its redacted form.</summary>
    public async ValueTask WriteLineAsync(string line, CancellationToken ct, string? logAs = null)
    {
        Log.Client(logAs ?? line);
        var bytes = Encoding.UTF8.GetBytes(line + "\r\n");
        await stream.WriteAsync(bytes, ct);
    }

    public Task FlushAsync(CancellationToken ct) => stream.FlushAsync(ct);

    public async ValueTask DisposeAsync()
    {
        IsBroken = true;
        try
        {
            await stream.DisposeAsync();
        }
        catch (IOException)
        {
        }
        socket.Dispose();
    }
}
