using BenchmarkDotNet.Attributes;
using MailHub.Mail.Mime;
using MimeKit;

namespace MailHub.Benchmarks;

/// <summary>
/// Reads (MailReader: MimeKit plus our charset layer and repairs) the MIME corpus's synthetic folder (120 typical CJK
/// messages, about 3.3 KB each); divide by 120 for time and allocations per message. "MimeKit alone" loads the same
/// messages with MimeMessage.Load, so that the layer's own cost is the difference.
/// dotnet run -c Release --project tools/MailHub.Benchmarks -- --filter '*MimeParser*'
/// </summary>
[MemoryDiagnoser]
public class MimeParserBenchmarks
{
    private byte[][] _messages = [];

    [GlobalSetup]
    public void Setup()
    {
        var folder = FindCorpus() ?? throw new DirectoryNotFoundException("shared/mime-corpus/synthetic not found above " + AppContext.BaseDirectory);
        _messages = [.. Directory.EnumerateFiles(folder, "*.eml").Order(StringComparer.Ordinal).Select(File.ReadAllBytes)];
        MailEncodings.Register();
    }

    [Benchmark(Baseline = true, Description = "MimeKit alone: MimeMessage.Load of 120 messages")]
    public int MimeKitAlone()
    {
        var parts = 0;
        foreach (var raw in _messages)
        {
            using var stream = new MemoryStream(raw, writable: false);
            using var message = MimeMessage.Load(stream, persistent: true);
            parts += message.Headers.Count;
        }
        return parts;
    }

    [Benchmark(Description = "parse 120 messages")]
    public int Parse()
    {
        var parts = 0;
        foreach (var raw in _messages)
        {
            using var mail = MailReader.Load(raw);
            parts += mail.Message.Headers.Count;
        }
        return parts;
    }

    [Benchmark(Description = "parse 120 messages + bodies + attachments")]
    public int ParseAndRead()
    {
        var length = 0;
        foreach (var raw in _messages)
        {
            using var mail = MailReader.Load(raw);
            length += (mail.TextBody?.Length ?? 0) + (mail.HtmlBody?.Length ?? 0) + mail.Attachments.Count;
        }
        return length;
    }

    private static string? FindCorpus()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "shared", "mime-corpus", "synthetic");
            if (Directory.Exists(candidate))
                return candidate;
        }
        return null;
    }
}
