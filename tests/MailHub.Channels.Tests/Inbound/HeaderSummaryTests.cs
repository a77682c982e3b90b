using System.Text;
using MailHub.Channels.Inbound;

namespace MailHub.Channels.Tests.Inbound;

/// <summary>The inbound list's date comes from the same Date reading as the conversation view (MailDate).</summary>
public sealed class HeaderSummaryTests
{
    [Theory]
    [InlineData("Mon, 01 Jan 2001 00:01+0000", "2001-01-01T00:01:00+00:00")] // zone glued to the time
    [InlineData("Wed, 15 Dec 2010 10:59:10 -0500", "2010-12-15T15:59:10+00:00")]
    public void Date_is_read_as_written(string field, string expected)
    {
        var summary = Read($"From: a@example.com\r\nDate: {field}\r\nSubject: x\r\n\r\nbody\r\n");
        Assert.Equal(DateTimeOffset.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), summary.Date);
    }

    [Fact]
    public void An_impossible_time_is_no_date()
    {
        var summary = Read("From: a@example.com\r\nDate: Wed, 15 Dec 2010    59:10 -0500\r\nSubject: x\r\n\r\nbody\r\n");
        Assert.Null(summary.Date);
    }

    private static HeaderSummary Read(string mail) => HeaderSummary.Read(Encoding.ASCII.GetBytes(mail), complete: true);
}
