using MailHub.Conversations.Replies;

namespace MailHub.Conversations.Tests;

public sealed class ReplyTests
{
    [Theory]
    [InlineData("订单", "Re: 订单")]
    [InlineData("Re: 订单", "Re: 订单")]
    [InlineData("RE: RE: re: Invoice", "Re: Invoice")]
    [InlineData("回复: Re: 订单", "Re: 订单")]
    [InlineData("回复：订单", "Re: 订单")]
    [InlineData("答复: 回复： 订单", "Re: 订单")]
    [InlineData("Aw: Antw: SV: Angebot", "Re: Angebot")]
    [InlineData("Réf. : Facture", "Re: Facture")]
    [InlineData("RÉF. Facture", "Re: Facture")]
    [InlineData("Re[2]: Re(3): status", "Re: status")]
    [InlineData("Re : question", "Re: question")]
    [InlineData("Fw: Re: offer", "Re: Fw: Re: offer")]
    [InlineData("Fwd: offer", "Re: Fwd: offer")]
    [InlineData("Regarding: the plan", "Re: Regarding: the plan")]
    [InlineData("Rechnung: 42", "Re: Rechnung: 42")]
    [InlineData("  ", "Re:")]
    [InlineData(null, "Re:")]
    public void Reply_subject_has_re_exactly_once(string? original, string expected)
    {
        Assert.Equal(expected, ReplySubject.For(original));
    }

    [Fact]
    public void Reply_headers_point_at_the_original_and_extend_its_references()
    {
        var headers = ReplyThread.For("<c@example.com>", "<a@example.com> <b@example.com>");

        Assert.Equal("<c@example.com>", headers.InReplyTo);
        Assert.Equal(["<a@example.com>", "<b@example.com>", "<c@example.com>"], headers.References);
    }

    [Fact]
    public void Reply_headers_to_a_first_message_reference_only_it()
    {
        var headers = ReplyThread.For("first@example.com", null);

        Assert.Equal("<first@example.com>", headers.InReplyTo);
        Assert.Equal(["<first@example.com>"], headers.References);
    }

    [Fact]
    public void Sloppy_references_are_read_and_duplicates_dropped()
    {
        var headers = ReplyThread.For("<c@x>", "<a@x>,b@x\r\n\t<a@x> <c@x> junk");

        Assert.Equal(["<a@x>", "<b@x>", "<c@x>"], headers.References);
    }

    [Fact]
    public void A_long_thread_keeps_its_root_and_the_most_recent_ids()
    {
        var references = string.Join(' ', Enumerable.Range(1, 40).Select(i => $"<m{i}@example.com>"));

        var headers = ReplyThread.For("<m41@example.com>", references);

        Assert.Equal(ReplyThread.MaxReferences, headers.References.Count);
        Assert.Equal("<m1@example.com>", headers.References[0]);
        Assert.Equal("<m23@example.com>", headers.References[1]);
        Assert.Equal("<m41@example.com>", headers.References[^1]);
    }

    [Fact]
    public void References_stored_without_brackets_are_read()
    {
        var headers = ReplyThread.For("c@x", "a@x b@x");

        Assert.Equal("<c@x>", headers.InReplyTo);
        Assert.Equal(["<a@x>", "<b@x>", "<c@x>"], headers.References);
    }

    [Fact]
    public void An_original_id_without_an_at_sign_is_still_replied_to()
    {
        Assert.Equal("<12345.local>", ReplyThread.For("12345.local", null).InReplyTo);
    }
}
