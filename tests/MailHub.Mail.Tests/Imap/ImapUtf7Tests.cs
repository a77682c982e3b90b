using MailHub.Mail.Imap;

namespace MailHub.Mail.Tests.Imap;

public sealed class ImapUtf7Tests
{
    [Theory]
    [InlineData("已发送", "&XfJT0ZAB-")]
    [InlineData("INBOX", "INBOX")]
    [InlineData("Tom & Jerry", "Tom &- Jerry")]
    [InlineData("Entwürfe", "Entw&APw-rfe")]
    [InlineData("~peter/mail/台北/日本語", "~peter/mail/&U,BTFw-/&ZeVnLIqe-")]
    public void Folder_names_round_trip_through_modified_UTF7(string name, string wire)
    {
        Assert.Equal(wire, ImapUtf7.Encode(name));
        Assert.Equal(name, ImapUtf7.Decode(wire));
    }

    [Fact]
    public void UID_sets_compress_runs()
    {
        Assert.Equal("1:3,5,7:8", UidSet.Of([3, 1, 2, 5, 7, 8]).ToString());
        Assert.Equal("4:*", UidSet.Range(4).ToString());
    }

    [Fact]
    public void SINCE_uses_the_IMAP_date_format()
    {
        Assert.Equal("SINCE 1-Feb-2024", ImapSearchQuery.Since(new DateOnly(2024, 2, 1)).ToString());
    }
}
