using System.Text.Json;
using MailHub.Mail.Outgoing;

namespace MailHub.Mail.Tests.Mime.Writing;

/// <summary>Python's email package, a parser that shares nothing with MimeKit, reads what we send.</summary>
public sealed class PythonReadsOutgoingMailTests
{
    private static List<string[]> Addresses(JsonElement read, string name) =>
        read.GetProperty(name).EnumerateArray().Select(a => a.EnumerateArray().Select(s => s.GetString()!).ToArray()).ToList();

    private static string Body(JsonElement read, string name) => read.GetProperty(name).GetString()!.ReplaceLineEndings("\n");

    [Fact]
    public async Task Headers_names_and_thread_read_back()
    {
        var read = await PythonEmail.ReadAsync(await OutgoingMail.ToBytesAsync(SampleMail.Create()));

        Assert.Empty(PythonEmail.UnexpectedDefects(read));
        Assert.Equal(SampleMail.LongChineseSubject, read.GetProperty("subject").GetString());
        Assert.Equal([["客服中心 (MailHub)", "support@example.com"]], Addresses(read, "from"));
        Assert.Equal([["Doe, Jane \"JD\"", "jane@example.org"], ["张三", "zhang@xn--fsqu00a.xn--fiqs8s"]], Addresses(read, "to"));
        Assert.Equal([["Müller, Jürgen", "j.mueller@example.de"], ["", "plain@example.net"]], Addresses(read, "cc"));
        Assert.Equal([["Support Team", "support+t88123@example.com"]], Addresses(read, "reply_to"));
        Assert.Equal(JsonValueKind.Null, read.GetProperty("bcc").ValueKind);
        Assert.Equal("<c.42.reply@example.com>", read.GetProperty("message_id").GetString());
        Assert.Equal("<orig@example.org>", read.GetProperty("in_reply_to").GetString());
        Assert.Equal("<root@example.org> <mid@example.org> <orig@example.org>", read.GetProperty("references").GetString());
        Assert.Equal(SampleMail.Date, DateTimeOffset.Parse(read.GetProperty("date").GetString()!, System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task Bodies_and_files_read_back_with_their_chinese_names()
    {
        var read = await PythonEmail.ReadAsync(await OutgoingMail.ToBytesAsync(SampleMail.Create()));

        Assert.Equal(
            "multipart/mixed(multipart/alternative(text/plain,text/html),application/pdf," +
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet)",
            read.GetProperty("shape").GetString());
        Assert.Equal(SampleMail.Text, Body(read, "text"));
        Assert.Equal(SampleMail.Html, Body(read, "html").TrimEnd('\n'));
        var parts = read.GetProperty("parts");
        Assert.Equal(SampleMail.ShortFileName, parts[2].GetProperty("filename").GetString());
        Assert.Equal(SampleMail.ShortFileName, parts[2].GetProperty("name").GetString());
        Assert.Equal(SampleMail.Pdf, Convert.FromBase64String(parts[2].GetProperty("data").GetString()!));
        Assert.Equal(SampleMail.LongFileName, parts[3].GetProperty("filename").GetString());
        Assert.Equal(SampleMail.LongFileName, parts[3].GetProperty("name").GetString());
        Assert.Equal(SampleMail.Sheet, Convert.FromBase64String(parts[3].GetProperty("data").GetString()!));
    }
}
