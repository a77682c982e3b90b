namespace MailHub.Mail.Net;

/// <summary>Recognizes providers from host names and says what their users must do when a login is refused.</summary>
public static class MailProviders
{
    public static MailProvider FromHost(string host)
    {
        ArgumentNullException.ThrowIfNull(host);
        var h = host.Trim().TrimEnd('.').ToLowerInvariant();
        if (Is(h, "exmail.qq.com"))
            return MailProvider.TencentExmail;
        if (Is(h, "qq.com") || Is(h, "foxmail.com"))
            return MailProvider.QQ;
        if (Is(h, "163.com") || Is(h, "126.com") || Is(h, "yeah.net") || Is(h, "188.com") || Is(h, "netease.com"))
            return MailProvider.NetEase;
        if (Is(h, "aliyun.com") || Is(h, "mxhichina.com") || Is(h, "aliyun-inc.com"))
            return MailProvider.Aliyun;
        if (Is(h, "gmail.com") || Is(h, "googlemail.com"))
            return MailProvider.Gmail;
        if (Is(h, "office365.com") || Is(h, "outlook.com") || Is(h, "hotmail.com") || Is(h, "live.com"))
            return MailProvider.Outlook;
        return MailProvider.Other;
    }

    /// <summary>What to do when the provider refuses the credentials; null when there is nothing specific to say.</summary>
    public static string? AuthenticationHint(MailProvider provider) => provider switch
    {
        MailProvider.QQ =>
            "QQ Mail refuses the login password for IMAP/POP3/SMTP: turn the service on in Settings → Account and use the authorization code (授权码) it gives you.",
        MailProvider.NetEase =>
            "NetEase Mail (163/126/yeah.net) refuses the login password: enable IMAP/SMTP in Settings → POP3/SMTP/IMAP and use the authorization code (授权码) shown there.",
        MailProvider.TencentExmail =>
            "Tencent Exmail: enable IMAP/SMTP in Settings → Client; with secure login on, use a client-specific password (客户端专用密码).",
        MailProvider.Aliyun =>
            "Aliyun Mail: check that IMAP/SMTP is enabled in Settings, and use the third-party client password if one is set.",
        MailProvider.Gmail =>
            "Gmail refuses the account password: use an app password (Google Account → Security → 2-Step Verification → App passwords) or sign in with OAuth2.",
        MailProvider.Outlook =>
            "Exchange Online / Outlook.com no longer accepts passwords: sign in with OAuth2 (XOAUTH2) using an access token.",
        _ => null,
    };

    internal static string AuthenticationFailedMessage(MailEndpoint endpoint, string serverText)
    {
        var hint = AuthenticationHint(endpoint.Provider) ?? "Check the user name and password.";
        return $"{endpoint.Host} refused the login ({serverText.Trim()}). {hint}";
    }

    private static bool Is(string host, string domain) =>
        host == domain || host.EndsWith("." + domain, StringComparison.Ordinal);
}
