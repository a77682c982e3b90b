using MailHub.Conversations.Replies;
using MailHub.Conversations.Threading;
using MailHub.Mail.Mime;

namespace MailHub.Conversations.Tests;

public sealed class ThreadingRulesTests
{
    [Fact]
    public void Our_message_ids_name_their_conversation_and_others_do_not()
    {
        var id = Guid.NewGuid();
        Assert.Equal(id, OurMessageIds.ConversationOf(OurMessageIds.New(id, "shop.example")));
        Assert.Null(OurMessageIds.ConversationOf("<abc@gmail.com>"));
        Assert.Null(OurMessageIds.ConversationOf("<c.notaguid.x@shop.example>"));
    }

    [Theory]
    [InlineData("Auto-Submitted: auto-replied", true)]
    [InlineData("Auto-Submitted: no", false)]
    [InlineData("Precedence: bulk", true)]
    [InlineData("Precedence: first-class", false)]
    [InlineData("X-Autoreply: yes", true)]
    [InlineData("X-Autorespond: yes", true)]
    [InlineData("X-Auto-Response-Suppress: All", true)]
    [InlineData("List-Id: <news.example.com>", true)]
    [InlineData("List-Unsubscribe: <mailto:u@example.com>", true)]
    [InlineData("X-Mailer: Foxmail", false)]
    public void Automatic_mail_is_recognised_by_its_headers(string header, bool automatic)
    {
        using var mail = MailReader.Load(System.Text.Encoding.ASCII.GetBytes($"From: a@example.com\r\n{header}\r\nSubject: x\r\n\r\nbody\r\n"));
        Assert.Equal(automatic, AutomaticMail.ReasonOf(mail.Message.Headers, mail.Message.MessageId) is not null);
    }

    [Fact]
    public void Our_own_message_coming_back_is_automatic()
    {
        var ours = OurMessageIds.New(Guid.NewGuid(), "shop.example");
        using var mail = MailReader.Load(System.Text.Encoding.ASCII.GetBytes($"From: support@shop.example\r\nMessage-ID: {ours}\r\n\r\nx\r\n"));
        Assert.NotNull(AutomaticMail.ReasonOf(mail.Message.Headers, mail.Message.MessageId));
    }

    [Theory]
    [InlineData("support+abc123@shop.example", "abc123")]
    [InlineData("support@shop.example", null)]
    [InlineData("support+@shop.example", null)]
    public void Reply_tokens_come_from_plus_addresses(string address, string? token) =>
        Assert.Equal(token, ThreadLookup.ReplyTokenOf(address));

    [Theory]
    [InlineData("回复: Re: 订单", 7, true, "Re: 订单 [#7]")]
    [InlineData("Re: 订单 [#7]", 7, true, "Re: 订单 [#7]")]
    [InlineData("Order", 7, false, "Re: Order")]
    public void Reply_subjects_say_Re_once_and_carry_the_token(string original, long number, bool tokens, string expected) =>
        Assert.Equal(expected, ReplySubject.For(original, number, tokens));
}
