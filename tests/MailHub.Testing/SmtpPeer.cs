using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace MailHub.Testing;

/// <summary>
/// A fake SMTP server at the protocol level on a loopback port, for the tests of what our SMTP client sends.
/// EHLO answers with <see cref="Extensions"/>; every other command gets the reply <see cref="Replies"/> gives it
/// (null: the usual 250, 354 for DATA, 221 for QUIT). A message arrives by DATA (RFC 5321 §4.5.2 dot-stuffing
/// undone) or, where CHUNKING is offered, by BDAT chunks (RFC 3030 §2, taken as they are); its reply is
/// <see cref="DataReply"/>'s. Records every command line and every message with its envelope. A server that stalls is
/// <see cref="Holds"/>: the reply it keeps back until the client hangs up, so a test can kill the client in that window.
/// </summary>
public sealed class SmtpPeer : IAsyncDisposable
{
    private readonly TcpListener listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource stop = new();
    private readonly Task accepting;

    public SmtpPeer(params string[] extensions)
    {
        Extensions = extensions;
        listener.Start();
        accepting = AcceptAsync();
    }

    /// <summary>The EHLO keywords after the greeting line, e.g. "8BITMIME", "SIZE 10000", "AUTH PLAIN".</summary>
    public IReadOnlyList<string> Extensions { get; }

    /// <summary>The reply to a command line (without CRLF; multi-line replies joined by CRLF), or null for the usual one.</summary>
    public Func<string, string?> Replies { get; init; } = _ => null;

    /// <summary>The reply to a whole message (after the final "." or BDAT LAST); 250 by default.</summary>
    public Func<SmtpPeerMessage, string> DataReply { get; init; } = _ => "250 2.0.0 queued";

    /// <summary>
    /// Whether to keep back the reply of a stage, "DATA" (the reply to the message data) or "QUIT", saying nothing until
    /// the client hangs up. A message whose reply was kept back is recorded with no reply: the peer never took it.
    /// </summary>
    public Func<string, bool> Holds { get; init; } = _ => false;

    /// <summary>Every reply kept back so far, in the order the stalls began.</summary>
    public ConcurrentQueue<HeldReply> Held { get; } = new();

    public int Port => ((IPEndPoint)listener.LocalEndpoint).Port;

    /// <summary>Every command line as received (BDAT's chunk bytes excepted), from every connection.</summary>
    public ConcurrentQueue<string> Commands { get; } = new();

    /// <summary>Every message as received, with the reply it got.</summary>
    public ConcurrentQueue<SmtpPeerMessage> Messages { get; } = new();

    private async Task AcceptAsync()
    {
        while (!stop.IsCancellationRequested)
        {
            TcpClient tcp;
            try
            {
                tcp = await listener.AcceptTcpClientAsync(stop.Token);
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
                var input = new LineReader(stream);
                async Task Say(string reply) => await stream.WriteAsync(Encoding.UTF8.GetBytes(reply + "\r\n"), stop.Token);
                await Say("220 peer.test ESMTP");
                var from = "";
                var recipients = new List<string>();
                var chunks = new MemoryStream();
                while (await input.ReadLineAsync(stop.Token) is { } bytes)
                {
                    var line = Encoding.UTF8.GetString(bytes);
                    Commands.Enqueue(line);
                    var verb = line.Split(' ', 2)[0].ToUpperInvariant();
                    var scripted = verb is "EHLO" ? null : Replies(line);
                    switch (verb)
                    {
                        case "EHLO":
                            await Say(string.Join("\r\n", Extensions.Prepend("peer.test").Select((e, i) => (i == Extensions.Count ? "250 " : "250-") + e)));
                            break;
                        case "MAIL":
                            from = Address(line);
                            recipients.Clear();
                            chunks.SetLength(0);
                            await Say(scripted ?? "250 2.1.0 ok");
                            break;
                        case "RCPT":
                            var reply = scripted ?? "250 2.1.5 ok";
                            if (reply[0] == '2')
                                recipients.Add(Address(line));
                            await Say(reply);
                            break;
                        case "DATA" when scripted is not null:
                            await Say(scripted);
                            break;
                        case "DATA":
                            await Say("354 go ahead");
                            var data = new MemoryStream();
                            while (await input.ReadLineAsync(stop.Token) is { } text)
                            {
                                if (text.AsSpan().SequenceEqual("."u8))
                                    break;
                                data.Write(text.Length > 0 && text[0] == '.' ? text.AsSpan(1) : text);
                                data.Write("\r\n"u8);
                            }
                            if (input.Ended)
                                return; // the client left before the end of the data: no message
                            var message = new SmtpPeerMessage(from, [.. recipients], data.ToArray(), "DATA");
                            if (Holds("DATA"))
                            {
                                Messages.Enqueue(message);
                                await HoldAsync(new HeldReply("DATA", message), input);
                                return;
                            }
                            await Say(Received(message));
                            break;
                        case "BDAT":
                            // RFC 3030 §2: "BDAT <size> [LAST]", then exactly size octets; no reply until they are read.
                            var words = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                            chunks.Write(await input.ReadExactlyAsync(int.Parse(words[1], CultureInfo.InvariantCulture), stop.Token));
                            if (words.Length > 2 && words[2].Equals("LAST", StringComparison.OrdinalIgnoreCase))
                            {
                                await Say(scripted ?? Received(new SmtpPeerMessage(from, [.. recipients], chunks.ToArray(), "BDAT")));
                                chunks.SetLength(0);
                            }
                            else
                            {
                                await Say(scripted ?? $"250 2.0.0 {words[1]} octets received");
                            }
                            break;
                        case "QUIT" when Holds("QUIT"):
                            await HoldAsync(new HeldReply("QUIT", null), input);
                            return;
                        case "QUIT":
                            await Say(scripted ?? "221 2.0.0 bye");
                            return;
                        default:
                            await Say(scripted ?? "250 ok");
                            break;
                    }
                }
            }
            catch (Exception e) when (e is IOException or OperationCanceledException or SocketException or EndOfStreamException)
            {
            }
        }
    }

    // Says nothing until the client hangs up (whatever it sends meanwhile is read and dropped).
    private async Task HoldAsync(HeldReply held, LineReader input)
    {
        Held.Enqueue(held);
        try
        {
            while (await input.ReadLineAsync(stop.Token) is not null)
            {
            }
        }
        finally
        {
            held.HangUp();
        }
    }

    private string Received(SmtpPeerMessage message)
    {
        var reply = DataReply(message);
        Messages.Enqueue(message with { Reply = reply });
        return reply;
    }

    private static string Address(string line)
    {
        var open = line.IndexOf('<', StringComparison.Ordinal);
        var close = line.IndexOf('>', open + 1);
        return open < 0 || close < 0 ? "" : line[(open + 1)..close];
    }

    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync();
        listener.Stop();
        await accepting;
        stop.Dispose();
    }

    /// <summary>CRLF-ended lines and counted octets from one stream, through one buffer.</summary>
    private sealed class LineReader(Stream stream)
    {
        private readonly byte[] buffer = new byte[64 * 1024];
        private int start;
        private int end;

        public async Task<byte[]?> ReadLineAsync(CancellationToken ct)
        {
            var line = new MemoryStream();
            while (true)
            {
                var lf = Array.IndexOf(buffer, (byte)'\n', start, end - start);
                if (lf >= 0)
                {
                    line.Write(buffer, start, lf - start);
                    start = lf + 1;
                    var bytes = line.ToArray();
                    return bytes.Length > 0 && bytes[^1] == '\r' ? bytes[..^1] : bytes;
                }
                line.Write(buffer, start, end - start);
                if (!await FillAsync(ct))
                    return null;
            }
        }

        public async Task<byte[]> ReadExactlyAsync(int count, CancellationToken ct)
        {
            var result = new byte[count];
            var done = 0;
            while (done < count)
            {
                if (start == end && !await FillAsync(ct))
                    throw new EndOfStreamException($"The client closed the connection {count - done} octets short of a chunk.");
                var take = Math.Min(count - done, end - start);
                Array.Copy(buffer, start, result, done, take);
                start += take;
                done += take;
            }
            return result;
        }

        /// <summary>Whether the client closed its side.</summary>
        public bool Ended { get; private set; }

        private async Task<bool> FillAsync(CancellationToken ct)
        {
            start = 0;
            end = await stream.ReadAsync(buffer, ct);
            Ended = end == 0;
            return end > 0;
        }
    }
}

/// <summary>A reply the peer kept back at <paramref name="stage"/> ("DATA", with the message it did not answer, or "QUIT").</summary>
public sealed class HeldReply(string stage, SmtpPeerMessage? message)
{
    public string Stage { get; } = stage;

    public SmtpPeerMessage? Message { get; } = message;

    private readonly TaskCompletionSource hungUp = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes when the client's connection closed (or the peer stopped) while the reply was kept back.</summary>
    public Task HungUp => hungUp.Task;

    internal void HangUp() => hungUp.TrySetResult();
}

/// <summary>A message as the peer received it: envelope (accepted recipients only), bytes, DATA or BDAT, and the reply it got ("" for none).</summary>
public sealed record SmtpPeerMessage(string MailFrom, IReadOnlyList<string> Recipients, byte[] Content, string Via)
{
    public string Reply { get; init; } = "";

    public string Text => Encoding.UTF8.GetString(Content);

    /// <summary>The Message-ID header's value without angle brackets, "" when there is none.</summary>
    public string MessageId =>
        Text.Split("\r\n").TakeWhile(l => l.Length > 0).FirstOrDefault(l => l.StartsWith("Message-ID:", StringComparison.OrdinalIgnoreCase)) is { } header
            ? header["Message-ID:".Length..].Trim().Trim('<', '>')
            : "";
}
