using System.Diagnostics;
using System.Globalization;
using MailHub.Mail.Mime;

namespace MailHub.Cli.Commands;

/// <summary>mailhub bench parse &lt;folder&gt; [--seconds N]: parses the folder's messages over and over in memory.</summary>
internal static class BenchCommand
{
    public static async Task<int> RunAsync(string[] args)
    {
        if (args.Length < 2 || args[0] != "parse" || !Directory.Exists(args[1]))
        {
            await Console.Error.WriteLineAsync("usage: mailhub bench parse <folder> [--seconds N]");
            return 2;
        }
        var seconds = 10.0;
        var at = Array.IndexOf(args, "--seconds");
        if (at >= 0 && at + 1 < args.Length)
            seconds = double.Parse(args[at + 1], CultureInfo.InvariantCulture);
        var messages = Directory.EnumerateFiles(args[1], "*.eml", SearchOption.AllDirectories).Order(StringComparer.Ordinal)
            .Select(File.ReadAllBytes).ToArray();
        if (messages.Length == 0)
        {
            await Console.Error.WriteLineAsync($"mailhub bench: no .eml files in {args[1]}");
            return 2;
        }
        // Warm up, then count whole passes over the folder until the time is up.
        ParseAll(messages);
        long count = 0, bytes = 0;
        var cpuBefore = Environment.CpuUsage.TotalTime;
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed.TotalSeconds < seconds)
        {
            bytes += ParseAll(messages);
            count += messages.Length;
        }
        var elapsed = clock.Elapsed.TotalSeconds;
        var cpu = (Environment.CpuUsage.TotalTime - cpuBefore).TotalSeconds;
        // On a shared machine the wall-clock rate hides how much CPU the parser had: say it on stderr.
        await Console.Error.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"mailhub bench: {count} messages in {elapsed:F1} s wall, {cpu:F1} s CPU (all threads): {count / cpu:F0} messages per CPU-second"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{{\"messagesPerSecond\": {count / elapsed:F0}, \"megabytesPerSecond\": {bytes / elapsed / 1e6:F1}}}"));
        return 0;
    }

    /// <summary>Parses each message and reads what a conversation needs: bodies and the attachment list.</summary>
    private static long ParseAll(byte[][] messages)
    {
        long bytes = 0;
        foreach (var raw in messages)
        {
            using var mail = MailReader.Load(raw);
            _ = mail.TextBody;
            _ = mail.HtmlBody;
            _ = mail.Attachments.Count;
            bytes += raw.Length;
        }
        return bytes;
    }
}
