using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace MailHub.Mail.Tests.SmtpClient;

/// <summary>
/// A submission server that takes everything: EHLO answers with <see cref="Extensions"/>, every command gets a 2xx
/// (354 for DATA), and the commands and each message's bytes (dot-stuffing undone) are recorded as received.
/// </summary>
public sealed class SmtpSink : IAsyncDisposable
{
    private readonly TcpListener listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource stop = new();
    private readonly Task accepting;

    public SmtpSink(params string[] extensions)
    {
        Extensions = extensions;
        listener.Start();
        accepting = AcceptAsync();
    }

    public IReadOnlyList<string> Extensions { get; }

    public int Port => ((IPEndPoint)listener.LocalEndpoint).Port;

    public ConcurrentQueue<string> Commands { get; } = new();

    public ConcurrentQueue<byte[]> Messages { get; } = new();

    private async Task AcceptAsync()
    {
        while (!stop.IsCancellationRequested)
        {
            try
            {
                var tcp = await listener.AcceptTcpClientAsync(stop.Token);
                _ = ServeAsync(tcp);
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }
        }
    }

    private async Task ServeAsync(TcpClient tcp)
    {
        using (tcp)
        {
            try
            {
                var stream = new BufferedStream(tcp.GetStream());
                async Task Say(string reply)
                {
                    await stream.WriteAsync(Encoding.ASCII.GetBytes(reply + "\r\n"), stop.Token);
                    await stream.FlushAsync(stop.Token);
                }
                await Say("220 sink.test ESMTP");
                while (await ReadLineAsync(stream) is { } bytes)
                {
                    var line = Encoding.UTF8.GetString(bytes);
                    Commands.Enqueue(line);
                    var verb = line.Split(' ', 2)[0].ToUpperInvariant();
                    if (verb is "EHLO")
                    {
                        await Say(string.Join("\r\n", Extensions.Prepend("sink.test").Select((e, i) => (i == Extensions.Count ? "250 " : "250-") + e)));
                    }
                    else if (verb is "DATA")
                    {
                        await Say("354 go ahead");
                        var message = new MemoryStream();
                        while (await ReadLineAsync(stream) is { } data && !data.AsSpan().SequenceEqual("."u8))
                        {
                            // RFC 5321 §4.5.2: a leading dot was doubled by the client.
                            message.Write(data.Length > 0 && data[0] == '.' ? data.AsSpan(1) : data);
                            message.Write("\r\n"u8);
                        }
                        Messages.Enqueue(message.ToArray());
                        await Say("250 2.0.0 queued");
                    }
                    else if (verb is "QUIT")
                    {
                        await Say("221 bye");
                        return;
                    }
                    else
                    {
                        await Say("250 ok");
                    }
                }
            }
            catch (Exception e) when (e is IOException or OperationCanceledException or SocketException)
            {
            }
        }
    }

    private async Task<byte[]?> ReadLineAsync(Stream stream)
    {
        var line = new List<byte>();
        var one = new byte[1];
        while (await stream.ReadAsync(one, stop.Token) == 1)
        {
            if (one[0] == '\n' && line.Count > 0 && line[^1] == '\r')
                return [.. line[..^1]];
            line.Add(one[0]);
        }
        return null;
    }

    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync();
        listener.Stop();
        await accepting;
        stop.Dispose();
    }
}
