using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace MailHub.Channels.Tests.Outbox;

/// <summary>
/// A provider's SMTP server as a script: offers DSN and AUTH (only the password "right" logs in), refuses
/// RCPT for refused@… with 550 5.1.1, and answers the first DATA of each Message-ID with 451 4.3.0 and every
/// later one with 250. Records the envelope commands, each DATA's bytes, and what it accepted.
/// </summary>
public sealed class ScriptedSmtpPeer : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentDictionary<string, ConcurrentQueue<string>> _data = new(StringComparer.Ordinal);
    private readonly Task _accepting;

    public ScriptedSmtpPeer()
    {
        _listener.Start();
        _accepting = AcceptAsync();
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    /// <summary>(recipients, Message-ID) of each message answered 250.</summary>
    public ConcurrentQueue<(string[] Recipients, string MessageId)> Accepted { get; } = new();

    /// <summary>MAIL and RCPT commands as received.</summary>
    public ConcurrentQueue<string> Envelope { get; } = new();

    public int DataAttempts(string messageId) => Data(messageId).Count;

    /// <summary>The message text of each DATA with this Message-ID, dot-stuffing undone.</summary>
    public IReadOnlyList<string> Data(string messageId) => _data.TryGetValue(messageId, out var data) ? [.. data] : [];

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
                            await Say("250-scripted.test\r\n250-8BITMIME\r\n250-DSN\r\n250-AUTH PLAIN LOGIN\r\n250 SIZE 10000000");
                            break;
                        case "AUTH":
                            var secret = Encoding.UTF8.GetString(Convert.FromBase64String(line.Split(' ')[^1])).Split('\0')[^1];
                            await Say(secret == "right" ? "235 2.7.0 Authentication successful" : "535 5.7.8 Error: authentication failed: bad password");
                            break;
                        case "MAIL":
                            Envelope.Enqueue(line);
                            recipients.Clear();
                            await Say("250 2.1.0 OK");
                            break;
                        case "RCPT":
                            Envelope.Enqueue(line);
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
                            var text = new StringBuilder();
                            while (await reader.ReadLineAsync(_stop.Token) is { } data && data != ".")
                            {
                                if (data.StartsWith("Message-ID:", StringComparison.OrdinalIgnoreCase))
                                    messageId = data["Message-ID:".Length..].Trim().Trim('<', '>');
                                text.Append(data.StartsWith('.') ? data[1..] : data).Append("\r\n");
                            }
                            var attempts = _data.GetOrAdd(messageId, _ => new());
                            attempts.Enqueue(text.ToString());
                            if (attempts.Count == 1)
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
