using System.Text;
using System.Text.Json;
using MailHub.Channels.Contracts;
using MailHub.Conversations.Reading;
using MailHub.Conversations.Replies;
using MailHub.Mail.Outgoing;
using MailHub.Mail.Tests.Mime.Writing;

namespace MailHub.Conversations.Tests;

/// <summary>An agent's reply as the customer's mail client reads it (MimeKit and Python's email package).</summary>
public sealed class ReplyMailTests
{
    private static readonly Guid ConversationId = Guid.NewGuid();
    private static readonly byte[] Pdf = Enumerable.Range(0, 3000).Select(i => (byte)(i % 253)).ToArray();

    private static readonly MailboxInfo Mailbox = new(Guid.NewGuid(), "Support", "support@shop.example", "Shop 客服", false,
        AllowPlusAddressing: true, SubjectTokens: true);

    private static readonly ListedConversation Summary = new(ConversationId, 42, "订单问题 A1", "open", Mailbox.Id, Guid.NewGuid(), "张三",
        "customer@example.com", null, null, null, null, DateTimeOffset.UtcNow, 1, "tok123", null, [], "normal", null, null, null, null);

    private static readonly StoredMessage Original = new(Guid.NewGuid(), ConversationId, Mailbox.Id, "inbound", Guid.NewGuid(),
        "orig@customer.example", "root@customer.example mid@customer.example", "orders@customer.example", "customer@example.com", "张三",
        "support@shop.example", null, "回复: Re: 订单问题 A1", "你好，\n我的订单还没有发货。", null,
        new DateTimeOffset(2025, 7, 1, 1, 5, 0, TimeSpan.Zero), false, null, null, "[]", true);

    private static ReplyRequest Request(string? html = "<p>您好，<b>已经发货</b>。</p>", bool quote = true) =>
        new("您好，已经发货。", html, ["boss@customer.example"], ["audit@shop.example"], [], quote);

    private static async Task<(byte[] Raw, IReadOnlyList<string> Envelope)> ComposeAsync(ReplyRequest request, params Upload[] files)
    {
        var mail = ReplyMail.Compose(Mailbox, Summary, Original, request, files, $"<c.{ConversationId:N}.abc@shop.example>", DateTimeOffset.UtcNow);
        return (await OutgoingMail.ToBytesAsync(mail), OutgoingMail.EnvelopeRecipients(mail));
    }

    private static List<string[]> Addresses(JsonElement read, string name) =>
        read.GetProperty(name).EnumerateArray().Select(a => a.EnumerateArray().Select(s => s.GetString()!).ToArray()).ToList();

    [Fact]
    public async Task A_reply_reads_in_the_customers_thread_from_the_mailbox()
    {
        var (raw, envelope) = await ComposeAsync(Request(), new Upload(Guid.NewGuid(), "发票 2025-07.pdf", "application/pdf", Pdf));

        var read = await PythonEmail.ReadAsync(raw);
        Assert.Empty(PythonEmail.UnexpectedDefects(read));
        Assert.Equal([["Shop 客服", "support@shop.example"]], Addresses(read, "from"));
        Assert.Equal([["", "orders@customer.example"]], Addresses(read, "to"));
        Assert.Equal([["", "boss@customer.example"]], Addresses(read, "cc"));
        Assert.Equal([["Shop 客服", "support+tok123@shop.example"]], Addresses(read, "reply_to"));
        Assert.Equal(JsonValueKind.Null, read.GetProperty("bcc").ValueKind);
        Assert.DoesNotContain("audit@", Encoding.ASCII.GetString(raw), StringComparison.Ordinal);
        Assert.Equal(["orders@customer.example", "boss@customer.example", "audit@shop.example"], envelope);
        Assert.Equal("Re: 订单问题 A1 [#42]", read.GetProperty("subject").GetString());
        Assert.Equal($"<c.{ConversationId:N}.abc@shop.example>", read.GetProperty("message_id").GetString());
        Assert.Equal("<orig@customer.example>", read.GetProperty("in_reply_to").GetString());
        Assert.Equal("<root@customer.example> <mid@customer.example> <orig@customer.example>", read.GetProperty("references").GetString());

        Assert.Equal("multipart/mixed(multipart/alternative(text/plain,text/html),application/pdf)", read.GetProperty("shape").GetString());
        var text = read.GetProperty("text").GetString()!.ReplaceLineEndings("\n");
        Assert.StartsWith("您好，已经发货。\n\nOn 2025-07-01 01:05 UTC, 张三 wrote:\n> 你好，\n> 我的订单还没有发货。\n", text, StringComparison.Ordinal);
        var html = read.GetProperty("html").GetString()!;
        Assert.StartsWith("<p>您好，<b>已经发货</b>。</p><br><blockquote type=\"cite\">你好，<br>我的订单还没有发货。</blockquote>", html, StringComparison.Ordinal);
        var file = read.GetProperty("parts")[2];
        Assert.Equal("发票 2025-07.pdf", file.GetProperty("filename").GetString());
        Assert.Equal("发票 2025-07.pdf", file.GetProperty("name").GetString());
        Assert.Equal(Pdf, Convert.FromBase64String(file.GetProperty("data").GetString()!));

        using var mime = MimeKit.MimeMessage.Load(new MemoryStream(raw));
        Assert.Equal("订单问题 A1", mime.Headers["Thread-Topic"]);
        Assert.All(raw, b => Assert.True(b < 0x80, "7-bit output holds only ASCII"));
        MessageText.AssertLineLimits(Encoding.ASCII.GetString(raw));
    }

    [Fact]
    public async Task A_plain_reply_without_a_quote_is_one_text_part()
    {
        var (raw, _) = await ComposeAsync(Request(html: null, quote: false));

        var read = await PythonEmail.ReadAsync(raw);
        Assert.Equal("text/plain", read.GetProperty("shape").GetString());
        Assert.Equal("您好，已经发货。", read.GetProperty("text").GetString());
    }

    [Fact]
    public async Task A_long_thread_is_referenced_by_its_root_and_latest_ids_within_line_limits()
    {
        var references = string.Join(' ', Enumerable.Range(1, 40).Select(i => $"{Guid.NewGuid():N}.{i}@mail.customer.example"));
        var mail = ReplyMail.Compose(Mailbox, Summary, Original with { References = references }, Request(), [], "<r@shop.example>", DateTimeOffset.UtcNow);

        var raw = await OutgoingMail.ToBytesAsync(mail);

        MessageText.AssertLineLimits(Encoding.ASCII.GetString(raw));
        using var read = MimeKit.MimeMessage.Load(new MemoryStream(raw));
        Assert.Equal("orig@customer.example", read.InReplyTo);
        Assert.Equal(ReplyThread.MaxReferences, read.References.Count);
        Assert.EndsWith(".1@mail.customer.example", read.References[0], StringComparison.Ordinal);
        Assert.Equal("orig@customer.example", read.References[^1]);
    }

    [Fact]
    public void A_cc_that_is_not_an_address_says_what_to_type()
    {
        var error = Assert.Throws<ArgumentException>(() =>
            ReplyMail.Compose(Mailbox, Summary, Original, Request() with { Cc = ["boss at customer"] }, [], "<r@shop.example>", DateTimeOffset.UtcNow));

        Assert.Contains("local-part@domain", error.Message, StringComparison.Ordinal);
    }
}
