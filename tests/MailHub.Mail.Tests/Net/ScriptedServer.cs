using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.RegularExpressions;

namespace MailHub.Mail.Tests.Net;

/// <summary>
/// A fake mail server on a loopback port that plays a recorded transcript: "S: " lines are sent, "C: " lines are
/// expected (exact, or a regex when written "C~ "); "-- close" hangs up. "{tag}" in a "C" line matches the command's
/// tag (MailKit numbers its own, with a prefix that differs per client) and in an "S" line repeats it. With <see cref="OneByteAtATime"/> every byte goes out in its own
/// write, so the client's parser must resume across reads.
/// </summary>
public sealed class ScriptedServer : IAsyncDisposable
{
    private readonly TcpListener listener = new(IPAddress.Loopback, 0);
    private readonly List<(bool Send, bool Regex, string Text)> steps = [];
    private const string CloseMarker = "\0close";
    private readonly CancellationTokenSource stop = new();
    private Task? run;

    public ScriptedServer()
    {
        listener.Start();
    }

    public int Port => ((IPEndPoint)listener.LocalEndpoint).Port;

    public bool OneByteAtATime { get; init; }

    /// <summary>What the client sent, line by line.</summary>
    public List<string> Received { get; } = [];

    /// <summary>Adds a transcript: lines starting "S: " (send), "C: " (expect exactly) or "C~ " (expect regex).</summary>
    public ScriptedServer Script(string transcript)
    {
        foreach (var raw in transcript.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n'))
        {
            if (raw.TrimEnd() == "-- close")
            {
                steps.Add((true, false, CloseMarker));
                continue;
            }
            if (raw.TrimEnd() is "S:" or "C:")
            {
                steps.Add((raw[0] == 'S', false, ""));
                continue;
            }
            if (raw.Length < 3)
                continue;
            var text = raw[3..];
            steps.Add(raw[..3] switch
            {
                "S: " => (true, false, text),
                "C: " => (false, false, text),
                "C~ " => (false, true, text),
                _ => throw new ArgumentException("Bad transcript line: " + raw),
            });
        }
        return this;
    }

    public ScriptedServer Start()
    {
        run = Task.Run(async () =>
        {
            try
            {
                await RunAsync();
            }
            catch (Exception e)
            {
                played.TrySetException(e);
            }
        });
        return this;
    }

    /// <summary>Completes when the whole transcript was played; fails when the client said something else.</summary>
    public Task Completion => played.Task.WaitAsync(TimeSpan.FromSeconds(30));

    private readonly TaskCompletionSource played = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private async Task RunAsync()
    {
        using var client = await listener.AcceptTcpClientAsync(stop.Token);
        client.NoDelay = true;
        var stream = client.GetStream();
        var reader = new StreamReader(stream, Encoding.UTF8);
        var tag = "";
        foreach (var (send, regex, text) in steps)
        {
            if (send && text == CloseMarker)
            {
                played.TrySetResult();
                return;
            }
            if (send)
            {
                var bytes = Encoding.UTF8.GetBytes(text.Replace("{tag}", tag, StringComparison.Ordinal) + "\r\n");
                if (OneByteAtATime)
                {
                    foreach (var b in bytes)
                    {
                        await stream.WriteAsync(new[] { b }, stop.Token);
                        await stream.FlushAsync(stop.Token);
                    }
                }
                else
                {
                    await stream.WriteAsync(bytes, stop.Token);
                }
                continue;
            }
            var line = await reader.ReadLineAsync(stop.Token)
                ?? throw new InvalidOperationException($"The client closed the connection; expected '{text}'.");
            Received.Add(line);
            var pattern = (regex ? text : Regex.Escape(text)).Replace(regex ? "{tag}" : @"\{tag}", "(?<tag>[^ ]+)", StringComparison.Ordinal);
            var match = Regex.Match(line, "^" + pattern + "$");
            if (match.Groups["tag"].Success)
                tag = match.Groups["tag"].Value;
            if (!match.Success)
                throw new InvalidOperationException($"Expected '{text}' but the client sent '{line}'.");
        }
        played.TrySetResult();
        // Keep the connection open (a silent server) until the test ends.
        await Task.Delay(Timeout.Infinite, stop.Token);
    }

    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync();
        listener.Stop();
        try
        {
            if (run is not null)
                await run;
        }
        catch (Exception e) when (e is OperationCanceledException or InvalidOperationException or IOException or SocketException)
        {
        }
        stop.Dispose();
    }
}
