using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace MailHub.Channels.Tests.Outbox;

/// <summary>
/// A provider's SMTP server as a script: refuses RCPT for refused@… with 550 5.1.1, and answers the
/// first DATA of each Message-ID with 451 4.3.0 and every later one with 250. Records what it accepted.
/// </summary>
public sealed class ScriptedSmtpPeer : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentDictionary<string, int> _dataAttempts = new(StringComparer.Ordinal);
    private readonly Task _accepting;

    public ScriptedSmtpPeer()
    {
        _listener.Start();
        _accepting = AcceptAsync();
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    /// <summary>(recipients, Message-ID) of each message answered 250.</summary>
    public ConcurrentQueue<(string[] Recipients, string MessageId)> Accepted { get; } = new();

    public int DataAttempts(string messageId) => _dataAttempts.GetValueOrDefault(messageId);

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient tcp;
            try
            {
                tcp = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }
            _ = ServeAsync(tcp);
        }
    }

    private async Task ServeAsync(TcpClient tcp)
    {
        using (tcp)
        {
            try
            {
                var stream = tcp.GetStream();
                using var reader = new StreamReader(stream, Encoding.UTF8);
                async Task Say(string line) => await stream.WriteAsync(Encoding.UTF8.GetBytes(line + "\r\n"), _stop.Token);
                await Say("220 scripted.test ESMTP");
                var recipients = new List<string>();
                while (await reader.ReadLineAsync(_stop.Token) is { } line)
                {
                    var verb = line.Split(' ', 2)[0].ToUpperInvariant();
                    switch (verb)
                    {
                        case "EHLO":
                            await Say("250-scripted.test\r\n250-8BITMIME\r\n250 SIZE 10000000");
                            break;
                        case "MAIL":
                            recipients.Clear();
                            await Say("250 2.1.0 OK");
                            break;
                        case "RCPT":
                            var address = line[(line.IndexOf('<', StringComparison.Ordinal) + 1)..line.IndexOf('>', StringComparison.Ordinal)];
                            if (address.StartsWith("refused@", StringComparison.OrdinalIgnoreCase))
                            {
                                await Say("550 5.1.1 <" + address + ">: Recipient address rejected: User unknown");
                            }
                            else
                            {
                                recipients.Add(address);
                                await Say("250 2.1.5 OK");
                            }
                            break;
                        case "DATA":
                            await Say("354 End data with <CR><LF>.<CR><LF>");
                            var messageId = "";
                            while (await reader.ReadLineAsync(_stop.Token) is { } data && data != ".")
                            {
                                if (data.StartsWith("Message-ID:", StringComparison.OrdinalIgnoreCase))
                                    messageId = data["Message-ID:".Length..].Trim().Trim('<', '>');
                            }
                            if (_dataAttempts.AddOrUpdate(messageId, 1, (_, n) => n + 1) == 1)
                            {
                                await Say("451 4.3.0 Temporary local problem, try again later");
                            }
                            else
                            {
                                Accepted.Enqueue(([.. recipients], messageId));
                                await Say("250 2.0.0 Ok: queued");
                            }
                            break;
                        case "RSET" or "NOOP":
                            await Say("250 OK");
                            break;
                        case "QUIT":
                            await Say("221 Bye");
                            return;
                        default:
                            await Say("502 5.5.2 Command not recognized");
                            break;
                    }
                }
            }
            catch (Exception e) when (e is IOException or OperationCanceledException or SocketException)
            {
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        await _accepting;
        _stop.Dispose();
    }
}
