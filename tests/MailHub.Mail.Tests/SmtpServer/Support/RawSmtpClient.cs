using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Text;

namespace MailHub.Mail.Tests.SmtpServer.Support;

/// <summary>A client that sends exactly the bytes a test gives it, for malformed and hostile input.</summary>
public sealed class RawSmtpClient : IAsyncDisposable
{
    private static readonly TimeSpan ReadTimeout = TimeSpan.FromSeconds(15);
    private readonly TcpClient _tcp;
    private Stream _stream;
    private readonly List<byte> _pending = [];

    private RawSmtpClient(TcpClient tcp)
    {
        _tcp = tcp;
        _stream = tcp.GetStream();
    }

    public static async Task<RawSmtpClient> ConnectAsync(IPEndPoint endPoint, bool readGreeting = true)
    {
        var tcp = new TcpClient { NoDelay = true };
        await tcp.ConnectAsync(endPoint);
        var client = new RawSmtpClient(tcp);
        if (readGreeting)
        {
            var greeting = await client.ReadReplyAsync();
            Assert.StartsWith("220 ", greeting, StringComparison.Ordinal);
        }

        return client;
    }

    /// <summary>Connects, reads the greeting and says EHLO.</summary>
    public static async Task<RawSmtpClient> GreetAsync(IPEndPoint endPoint)
    {
        var client = await ConnectAsync(endPoint);
        Assert.StartsWith("250", await client.CommandAsync("EHLO client.test"), StringComparison.Ordinal);
        return client;
    }

    public Task SendAsync(string text) => SendAsync(Encoding.UTF8.GetBytes(text));

    public async Task SendAsync(byte[] bytes)
    {
        await _stream.WriteAsync(bytes);
        await _stream.FlushAsync();
    }

    public async Task SendByteByByteAsync(string text)
    {
        foreach (var b in Encoding.UTF8.GetBytes(text))
        {
            await _stream.WriteAsync(new[] { b });
            await _stream.FlushAsync();
        }
    }

    /// <summary>Sends a line (CRLF added) and returns the whole reply.</summary>
    public async Task<string> CommandAsync(string line)
    {
        await SendAsync(line + "\r\n");
        return await ReadReplyAsync();
    }

    /// <summary>Reads one reply, all its lines, joined by "\n".</summary>
    public async Task<string> ReadReplyAsync()
    {
        var lines = new List<string>();
        while (true)
        {
            var line = await ReadLineAsync() ?? throw new EndOfStreamException("The server closed the connection. Replies so far: " + string.Join(" | ", lines));
            lines.Add(line);
            if (line.Length < 4 || line[3] != '-')
            {
                return string.Join("\n", lines);
            }
        }
    }

    /// <summary>True when the server has closed the connection (after reading anything it still sent).</summary>
    public async Task<bool> IsClosedByServerAsync()
    {
        try
        {
            return await ReadLineAsync() is null;
        }
        catch (IOException)
        {
            return true;
        }
    }

    public async Task StartTlsAsync()
    {
        var tls = new SslStream(_stream, leaveInnerStreamOpen: false, (_, _, _, _) => true);
        await tls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions { TargetHost = "localhost" });
        _stream = tls;
    }

    private async Task<string?> ReadLineAsync()
    {
        using var timeout = new CancellationTokenSource(ReadTimeout);
        while (true)
        {
            var lf = _pending.IndexOf((byte)'\n');
            if (lf >= 0)
            {
                var line = Encoding.UTF8.GetString(_pending.GetRange(0, lf).ToArray()).TrimEnd('\r');
                _pending.RemoveRange(0, lf + 1);
                return line;
            }

            var chunk = new byte[4096];
            var n = await _stream.ReadAsync(chunk, timeout.Token);
            if (n == 0)
            {
                return null;
            }

            _pending.AddRange(chunk.AsSpan(0, n));
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stream.DisposeAsync();
        _tcp.Dispose();
    }
}
