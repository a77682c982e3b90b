using System.Net;
using MailHub.Campaigns.Campaigns;
using MailHub.Campaigns.Contracts;
using MailHub.Campaigns.Suppressions;

namespace MailHub.Campaigns.Unsubscribe;

/// <summary>What an unsubscribe does, from the header's one-click POST or the landing page's button: at once, for every campaign.</summary>
internal sealed class Unsubscribing(UnsubscribeTokens tokens, SuppressionStore suppressions, CampaignStore campaigns)
{
    public async Task<string?> UnsubscribeAsync(string? token, CancellationToken cancellationToken)
    {
        if (tokens.Read(token) is not { } target)
            return null;
        await suppressions.AddAsync(target.Email, SuppressionReasons.Unsubscribed, target.CampaignId, null, cancellationToken);
        await campaigns.MarkUnsubscribedAsync(target.CampaignId, target.Email, cancellationToken);
        return target.Email;
    }

    /// <summary>Unsubscribes an address known otherwise (a mail from it to the campaign's mailbox), at once, as the token does.</summary>
    public async Task UnsubscribeAsync(Guid campaignId, string email, CancellationToken cancellationToken)
    {
        await suppressions.AddAsync(email, SuppressionReasons.Unsubscribed, campaignId, "by mail", cancellationToken);
        await campaigns.MarkUnsubscribedAsync(campaignId, email, cancellationToken);
    }

    public string? EmailOf(string? token) => tokens.Read(token)?.Email;

    /// <summary>The landing page: a button that unsubscribes (a GET changes nothing: mail scanners open links), or the result.</summary>
    public static string Page(bool chinese, string? email, string? token, bool done)
    {
        var masked = WebUtility.HtmlEncode(Mask(email ?? ""));
        var (title, body) = (chinese, email, done) switch
        {
            (_, null, _) => chinese
                ? ("链接无效", "此退订链接无效或已损坏。请使用邮件中的退订链接。")
                : ("Invalid link", "This unsubscribe link is not valid or was cut short. Use the unsubscribe link from the e-mail."),
            (true, _, true) => ("已退订", $"{masked} 已退订，今后不会再收到我们的群发邮件。"),
            (false, _, true) => ("Unsubscribed", $"{masked} is unsubscribed and will get no more of our campaign e-mails."),
            (true, _, false) => ("退订", $"不想再收到发往 {masked} 的群发邮件？"),
            (false, _, false) => ("Unsubscribe", $"Stop campaign e-mails to {masked}?"),
        };
        var lang = chinese ? "zh-CN" : "en";
        var form = email is not null && !done
            ? $"""
              <form method="post" action="/api/campaigns/unsubscribe?t={WebUtility.UrlEncode(token)}&amp;lang={lang}">
              <input type="hidden" name="List-Unsubscribe" value="One-Click"><input type="hidden" name="page" value="1">
              <button type="submit">{(chinese ? "确认退订" : "Unsubscribe")}</button></form>
              """
            : "";
        var other = chinese ? "en" : "zh-CN";
        var switchLink = token is null ? "" :
            $"""<p><a href="/api/campaigns/unsubscribe?t={WebUtility.UrlEncode(token)}&amp;lang={other}">{(chinese ? "English" : "简体中文")}</a></p>""";
        return $"""
            <!DOCTYPE html>
            <html lang="{lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
            <title>{title}</title>
            <style>body{"{"}font-family:system-ui,sans-serif;max-width:32rem;margin:4rem auto;padding:0 1rem;color:#222{"}"}button{"{"}font-size:1rem;padding:.5rem 1.5rem{"}"}</style>
            </head><body><main><h1>{title}</h1><p>{body}</p>{form}{(done ? "" : switchLink)}</main></body></html>
            """;
    }

    private static string Mask(string email)
    {
        var at = email.IndexOf('@', StringComparison.Ordinal);
        return at <= 1 ? email : email[0] + new string('*', Math.Min(at - 1, 6)) + email[at..];
    }
}
