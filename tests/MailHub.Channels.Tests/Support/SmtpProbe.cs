using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace MailHub.Channels.Tests.Support;

/// <summary>A plain-text SMTP client that shows every reply, for asserting exact codes (451, 550, 554).</summary>
public sealed class SmtpProbe : IAsyncDisposable
{
    private readonly TcpClient _tcp;
    private readonly StreamReader _reader;
    private readonly Stream _stream;

    private SmtpProbe(TcpClient tcp)
    {
        _tcp = tcp;
        _stream = tcp.GetStream();
        _reader = new StreamReader(_stream, Encoding.UTF8);
    }

    public string Greeting { get; private set; } = "";

    public static async Task<SmtpProbe> ConnectAsync(IPEndPoint endPoint)
    {
        var tcp = new TcpClient { NoDelay = true };
        await tcp.ConnectAsync(endPoint);
        var probe = new SmtpProbe(tcp);
        probe.Greeting = await probe.ReadReplyAsync();
        return probe;
    }

    public async Task<string> CommandAsync(string line)
    {
        await _stream.WriteAsync(Encoding.UTF8.GetBytes(line + "\r\n"));
        return await ReadReplyAsync();
    }

    /// <summary>EHLO, MAIL, RCPT, DATA and the message; returns the reply to the final dot (or the first refusal).</summary>
    public async Task<string> SendAsync(string from, string to, string message)
    {
        foreach (var command in new[] { "EHLO probe.test", $"MAIL FROM:<{from}>", $"RCPT TO:<{to}>", "DATA" })
        {
            var reply = await CommandAsync(command);
            // An empty reply means the server closed the connection (a killed host): return it as the refusal.
            if (reply.Length == 0 || reply[0] is not ('2' or '3'))
                return reply;
        }
        var body = message.Replace("\r\n", "\n", StringComparison.Ordinal).Replace("\n", "\r\n", StringComparison.Ordinal);
        if (!body.EndsWith("\r\n", StringComparison.Ordinal))
            body += "\r\n";
        body = body.Replace("\r\n.", "\r\n..", StringComparison.Ordinal);
        await _stream.WriteAsync(Encoding.UTF8.GetBytes(body + ".\r\n"));
        return await ReadReplyAsync();
    }

    /// <summary>
    /// One connection to 127.0.0.1:<paramref name="port"/> sending one message after another to <paramref name="to"/>
    /// (a <paramref name="pause"/> between them) until the token ends, the server refuses one or goes away (killed);
    /// each Message-ID ("TAG-N@example.org") the server answered 250 for is added to <paramref name="acknowledged"/>.
    /// </summary>
    public static async Task SendUntilRefusedAsync(int port, string to, string tag, ConcurrentBag<string> acknowledged, TimeSpan pause,
        CancellationToken cancellationToken)
    {
        try
        {
            await using var probe = await ConnectAsync(new IPEndPoint(IPAddress.Loopback, port));
            for (var n = 0; !cancellationToken.IsCancellationRequested; n++)
            {
                var id = $"{tag}-{n}@example.org";
                var message = $"From: {tag}@example.org\r\nTo: {to}\r\nSubject: {tag} {n}\r\nMessage-ID: <{id}>\r\n\r\n"
                    + string.Concat(Enumerable.Repeat("0123456789abcdef 0123456789abcdef 0123456789abcdef 0123456789abcdef\r\n", 40));
                var reply = await probe.SendAsync($"{tag}@example.org", to, message);
                if (!reply.StartsWith("250 ", StringComparison.Ordinal))
                    return;
                acknowledged.Add(id);
                if (pause > TimeSpan.Zero)
                    await Task.Delay(pause, cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }
        catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException)
        {
            // The host is gone.
        }
    }

    /// <summary>The whole reply, its lines joined with '\n'; empty when the server closed the connection.</summary>
    public async Task<string> ReadReplyAsync()
    {
        var lines = new List<string>();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (true)
        {
            var line = await _reader.ReadLineAsync(timeout.Token);
            if (line is null)
                return string.Join('\n', lines);
            lines.Add(line);
            if (line.Length < 4 || line[3] != '-')
                return string.Join('\n', lines);
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await _stream.WriteAsync("QUIT\r\n"u8.ToArray());
        }
        catch (IOException)
        {
        }
        _tcp.Dispose();
        await Task.CompletedTask;
    }
}
