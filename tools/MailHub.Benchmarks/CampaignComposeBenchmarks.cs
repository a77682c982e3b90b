using BenchmarkDotNet.Attributes;
using MailHub.Campaigns.Content;
using MailHub.Campaigns.Unsubscribe;
using Microsoft.AspNetCore.DataProtection;

namespace MailHub.Benchmarks;

/// <summary>
/// A campaign's per-recipient work before the outbox (CampaignSender's loop): the unsubscribe token (Data Protection), the
/// merge values, Fluid's render of subject, HTML and text, MimeKit's compose, and the bytes, for 100 recipients; divide
/// by 100 for time and allocations per message. "async bytes" writes with MimeKit's asynchronous writer as before.
/// dotnet run -c Release --project tools/MailHub.Benchmarks -- --filter '*CampaignCompose*'
/// </summary>
[MemoryDiagnoser]
public class CampaignComposeBenchmarks
{
    private readonly Guid _campaign = Guid.CreateVersion7();
    private readonly Dictionary<string, string> _defaults = new() { ["city"] = "Shanghai" };
    private CampaignContent _content = null!;
    private UnsubscribeTokens _tokens = null!;
    private MergeRecipient[] _recipients = [];

    [GlobalSetup]
    public void Setup()
    {
        _content = CampaignContent.Of("Hello {{ name }}", "<p>Hello {{ name }} from {{ city }}</p><p>Our news of the week, 本周新闻。</p>",
            "Hello {{ name }} from {{ city }}\nOur news of the week, 本周新闻。", _defaults);
        _tokens = new UnsubscribeTokens(new EphemeralDataProtectionProvider());
        _recipients = [.. Enumerable.Range(0, 100).Select(i => new MergeRecipient($"reader{i:D7}@example.org", $"Reader {i}",
            new Dictionary<string, string> { ["city"] = i % 2 == 0 ? "Shanghai" : "杭州" }))];
    }

    [Benchmark(Baseline = true, Description = "compose 100 (async bytes)")]
    public async Task<long> ComposeAsyncBytes()
    {
        long total = 0;
        foreach (var recipient in _recipients)
            total += (await CampaignMail.ToBytesAsync(Compose(recipient), CancellationToken.None)).Length;
        return total;
    }

    [Benchmark(Description = "compose 100")]
    public long ComposeBytes()
    {
        long total = 0;
        foreach (var recipient in _recipients)
            total += CampaignMail.ToBytes(Compose(recipient)).Length;
        return total;
    }

    private MimeKit.MimeMessage Compose(MergeRecipient recipient)
    {
        var recipientId = Guid.CreateVersion7();
        var unsubscribe = $"https://mail.example.com/api/campaigns/unsubscribe?t={_tokens.Create(_campaign, recipient.Email)}";
        var rendered = CampaignMail.Render(_content, CampaignMail.Values(recipient, _defaults, unsubscribe));
        var messageId = CampaignMail.MessageId(_campaign, recipientId, "news@example.com");
        return CampaignMail.Compose(rendered, _content, "news@example.com", "News", recipient, messageId, unsubscribe, _campaign);
    }
}
