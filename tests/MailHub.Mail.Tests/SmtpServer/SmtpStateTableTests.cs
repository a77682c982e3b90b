using MailHub.Mail.Smtp.Server.Protocol;

namespace MailHub.Mail.Tests.SmtpServer;

public class SmtpStateTableTests
{
    [Theory]
    [InlineData("Greeted", "Mail", false)]
    [InlineData("Greeted", "Ehlo", true)]
    [InlineData("Ready", "Rcpt", false)]
    [InlineData("Ready", "StartTls", true)]
    [InlineData("MailGiven", "Mail", false)]
    [InlineData("MailGiven", "Data", false)]
    [InlineData("MailGiven", "Auth", false)]
    [InlineData("RcptGiven", "Data", true)]
    [InlineData("RcptGiven", "StartTls", false)]
    [InlineData("Chunking", "Data", false)]
    [InlineData("Chunking", "Bdat", true)]
    [InlineData("Chunking", "Rset", true)]
    public void Commands_are_allowed_only_in_their_states(string state, string command, bool allowed) =>
        Assert.Equal(allowed, SmtpStateTable.IsAllowed(Enum.Parse<SmtpState>(state), Enum.Parse<SmtpCommand>(command)));

    [Fact]
    public void Every_state_has_a_hint_for_its_503() =>
        Assert.All(Enum.GetValues<SmtpState>(), s => Assert.False(string.IsNullOrEmpty(SmtpStateTable.Hint(s))));

    [Theory]
    [InlineData("FROM:<a@example.com>", "a", "example.com", "")]
    [InlineData("from: <a@example.com> SIZE=10", "a", "example.com", "SIZE=10")]
    [InlineData("FROM:<>", "", "", "")]
    [InlineData("FROM:<@relay.test,@other.test:a@example.com>", "a", "example.com", "")]
    [InlineData("FROM:<\"john doe\"@example.com>", "\"john doe\"", "example.com", "")]
    [InlineData("FROM:<a@[192.0.2.1]>", "a", "[192.0.2.1]", "")]
    public void Paths_parse(string arguments, string local, string domain, string parameters)
    {
        var status = SmtpPathParser.Parse(System.Text.Encoding.UTF8.GetBytes(arguments), "FROM:"u8, out var l, out var d, out var p);
        Assert.Equal(PathSyntax.Ok, status);
        Assert.Equal(local, System.Text.Encoding.UTF8.GetString(l));
        Assert.Equal(domain, System.Text.Encoding.UTF8.GetString(d));
        Assert.Equal(parameters, System.Text.Encoding.UTF8.GetString(p));
    }

    [Theory]
    [InlineData("FROM:a@example.com", "BadArguments")]
    [InlineData("TO:<a@example.com>", "BadArguments")]
    [InlineData("FROM:<a@example.com", "BadArguments")]
    [InlineData("FROM:<a@example.com>x", "BadArguments")]
    [InlineData("FROM:<a@>", "BadAddress")]
    [InlineData("FROM:<a..b@example.com>", "BadAddress")]
    [InlineData("FROM:<a b@example.com>", "BadAddress")]
    [InlineData("FROM:<nobody>", "BadAddress")]
    public void Bad_paths_are_refused(string arguments, string expected) =>
        Assert.Equal(Enum.Parse<PathSyntax>(expected), SmtpPathParser.Parse(System.Text.Encoding.UTF8.GetBytes(arguments), "FROM:"u8, out _, out _, out _));
}
