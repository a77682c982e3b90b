using MailHub.Routing.Rules;

namespace MailHub.Routing.Tests;

public sealed class RuleConditionsTests
{
    private static readonly Guid Mailbox = Guid.NewGuid();

    private static ConversationFacts Mail(string sender = "wang@shop.example.cn", string subject = "订单 12345 退款", string? text = null,
        string? language = null) => new(Mailbox, sender, subject, text, language);

    [Fact]
    public void A_rule_without_conditions_matches_everything() => Assert.True(new RuleConditions().Matches(Mail()));

    [Fact]
    public void Sender_domains_match_the_domain_and_its_subdomains_in_any_case()
    {
        var rule = new RuleConditions(SenderDomains: ["@Example.CN"]);
        Assert.True(rule.Matches(Mail("wang@example.cn")));
        Assert.True(rule.Matches(Mail("wang@SHOP.example.cn")));
        Assert.False(rule.Matches(Mail("wang@notexample.cn")));
    }

    [Fact]
    public void Keywords_match_the_subject_or_the_text_ignoring_case()
    {
        var rule = new RuleConditions(Keywords: ["退款", "REFUND"]);
        Assert.True(rule.Matches(Mail(subject: "关于退款")));
        Assert.True(rule.Matches(Mail(subject: "Hello", text: "I want a refund please")));
        Assert.False(rule.Matches(Mail(subject: "Hello", text: "Where is my parcel?")));
    }

    [Fact]
    public void All_given_lists_must_match()
    {
        var rule = new RuleConditions(MailboxIds: [Mailbox], SenderAddresses: ["VIP@shop.example.cn"]);
        Assert.True(rule.Matches(Mail("vip@shop.example.cn")));
        Assert.False(rule.Matches(Mail("other@shop.example.cn")));
        Assert.False(new RuleConditions(MailboxIds: [Guid.NewGuid()]).Matches(Mail()));
    }

    [Theory]
    [InlineData("zh", null, "您好，我的订单还没有到", true)]
    [InlineData("zh", "zh-CN", "Hello", true)]
    [InlineData("en", null, "Hello, my order has not arrived", true)]
    [InlineData("en", null, "您好，我的订单还没有到", false)]
    [InlineData("ja", null, "注文がまだ届いていません", true)]
    [InlineData("zh", null, "注文がまだ届いていません", false)]
    [InlineData("zh-TW", "zh-CN", "", false)]
    public void Languages_match_the_given_language_or_a_guess_from_the_text(string wanted, string? given, string text, bool matches) =>
        Assert.Equal(matches, new RuleConditions(Languages: [wanted]).Matches(Mail(subject: "", text: text, language: given)));

    [Fact]
    public void Explaining_a_rule_says_which_condition_fails_and_what_the_mail_has()
    {
        var rule = new RuleConditions(SenderDomains: ["example.cn"], Keywords: ["发票", "退款"], Languages: ["en"]);

        var trials = rule.Explain(Mail("wang@shop.example.cn", "订单 12345 退款"));

        Assert.Equal([ConditionKind.SenderDomain, ConditionKind.Keyword, ConditionKind.Language], trials.Select(t => t.Kind));
        Assert.Equal("example.cn", trials[0].Found);
        Assert.True(trials[1].Matched);
        Assert.Equal("退款", trials[1].Found);
        Assert.False(trials[2].Matched);
        Assert.Equal("zh", trials[2].Found);
        Assert.False(rule.Matches(Mail("wang@shop.example.cn", "订单 12345 退款")));
    }
}
