namespace MailHub.Channels.Providers;

/// <summary>The providers companies in China (and beyond) use most, with their published servers.</summary>
internal static class ProviderPresets
{
    public const string Other = "other";
    public const string Sandbox = "sandbox";

    private static ServerPreset Ssl(string host, int port) => new(host, port, "ssl");

    public static IReadOnlyList<ProviderPreset> All { get; } =
    [
        new("qq", "QQ Mail", "QQ 邮箱", Ssl("imap.qq.com", 993), Ssl("pop.qq.com", 995), Ssl("smtp.qq.com", 465),
            [new("smtp.qq.com", 587, "starttls")], AuthorizationCode: true, OAuth2: false,
            "Use the authorization code, not the QQ password: Settings → Account → POP3/IMAP/SMTP service → turn on IMAP/SMTP and generate an authorization code.",
            "请使用授权码而非 QQ 密码：设置 → 账户 → POP3/IMAP/SMTP/Exchange/CardDAV/CalDAV服务 → 开启 IMAP/SMTP 服务并生成授权码。",
            ["IMAP ID is sent after login", "Folders other than INBOX must be ticked for IMAP in Settings → Account"]),
        new("exmail", "Tencent Exmail", "腾讯企业邮箱", Ssl("imap.exmail.qq.com", 993), Ssl("pop.exmail.qq.com", 995), Ssl("smtp.exmail.qq.com", 465),
            [], AuthorizationCode: true, OAuth2: false,
            "With secure login on, use a client-specific password: Settings → Account security → Client-specific password; enable IMAP/SMTP in Settings → Client settings.",
            "开启安全登录后请使用客户端专用密码：设置 → 账户安全 → 客户端专用密码；并在 设置 → 客户端设置 中开启 IMAP/SMTP。",
            ["IMAP ID is sent after login"]),
        new("163", "NetEase 163 Mail", "网易 163 邮箱", Ssl("imap.163.com", 993), Ssl("pop.163.com", 995), Ssl("smtp.163.com", 465),
            [new("smtp.163.com", 25, "none")], AuthorizationCode: true, OAuth2: false,
            "Use the authorization code: Settings → POP3/SMTP/IMAP → enable IMAP/SMTP and add an authorization code.",
            "请使用授权码：设置 → POP3/SMTP/IMAP → 开启 IMAP/SMTP 服务并新增授权码。",
            ["IMAP ID is required before SELECT (otherwise \"Unsafe Login\")"]),
        new("126", "NetEase 126 Mail", "网易 126 邮箱", Ssl("imap.126.com", 993), Ssl("pop.126.com", 995), Ssl("smtp.126.com", 465),
            [new("smtp.126.com", 25, "none")], AuthorizationCode: true, OAuth2: false,
            "Use the authorization code: Settings → POP3/SMTP/IMAP → enable IMAP/SMTP and add an authorization code.",
            "请使用授权码：设置 → POP3/SMTP/IMAP → 开启 IMAP/SMTP 服务并新增授权码。",
            ["IMAP ID is required before SELECT (otherwise \"Unsafe Login\")"]),
        new("qiye163", "NetEase Enterprise Mail", "网易企业邮箱", Ssl("imap.qiye.163.com", 993), Ssl("pop.qiye.163.com", 995), Ssl("smtp.qiye.163.com", 994),
            [], AuthorizationCode: true, OAuth2: false,
            "If the administrator enforces client authorization codes, create one in Settings → Client settings.",
            "如管理员开启了客户端授权码，请在 设置 → 客户端设置 中生成授权码。",
            ["SMTP over SSL is on port 994, not 465"]),
        new("aliyun-qiye", "Aliyun Enterprise Mail", "阿里企业邮箱", Ssl("imap.qiye.aliyun.com", 993), Ssl("pop.qiye.aliyun.com", 995), Ssl("smtp.qiye.aliyun.com", 465),
            [], AuthorizationCode: false, OAuth2: false,
            "Enable IMAP/POP3/SMTP in Settings → Client settings; with a third-party client password set, use that instead of the login password.",
            "请在 设置 → 客户端设置 中开启 IMAP/POP3/SMTP；如设置了三方客户端安全密码，请使用该密码。",
            []),
        new("aliyun", "Aliyun Mail", "阿里云邮箱（个人）", Ssl("imap.aliyun.com", 993), Ssl("pop3.aliyun.com", 995), Ssl("smtp.aliyun.com", 465),
            [new("smtp.aliyun.com", 25, "none")], AuthorizationCode: false, OAuth2: false,
            "Enable IMAP/SMTP in Settings → POP3/SMTP/IMAP.",
            "请在 设置 → POP3/SMTP/IMAP 中开启服务。",
            []),
        new("189", "China Telecom 189 Mail", "189 邮箱", Ssl("imap.189.cn", 993), Ssl("pop.189.cn", 995), Ssl("smtp.189.cn", 465),
            [new("smtp.189.cn", 25, "none"), new("smtp.189.cn", 587, "starttls")], AuthorizationCode: true, OAuth2: false,
            "Use the authorization code: Settings → Client settings (POP3/IMAP/SMTP) → enable and generate an authorization code.",
            "请使用授权码：设置 → 客户端设置 → 开启 POP3/IMAP/SMTP 并生成授权码。",
            []),
        new("gmail", "Gmail", "Gmail", Ssl("imap.gmail.com", 993), Ssl("pop.gmail.com", 995), Ssl("smtp.gmail.com", 465),
            [new("smtp.gmail.com", 587, "starttls")], AuthorizationCode: true, OAuth2: true,
            "Use an app password (Google Account → Security → 2-Step Verification → App passwords) or OAuth2.",
            "请使用应用专用密码（Google 账号 → 安全性 → 两步验证 → 应用专用密码）或 OAuth2。",
            ["Labels appear as IMAP folders; \"[Gmail]/Sent Mail\" is the Sent folder", "SMTP saves sent mail itself: do not also save to Sent"]),
        new("outlook", "Outlook / Microsoft 365", "Outlook / Microsoft 365", Ssl("outlook.office365.com", 993), Ssl("outlook.office365.com", 995),
            new("smtp.office365.com", 587, "starttls"), [], AuthorizationCode: false, OAuth2: true,
            "Passwords are no longer accepted: sign in with OAuth2 and paste the access token as the password (auth \"oauth2\").",
            "已不再接受密码登录：请使用 OAuth2，并将访问令牌作为密码填写（auth 为 \"oauth2\"）。",
            ["SMTP AUTH must be enabled for the mailbox in the Microsoft 365 admin center"]),
        new(Other, "Other (any IMAP/POP3/SMTP server)", "其他", null, null, null, [], AuthorizationCode: false, OAuth2: false, null, null, []),
    ];

    public static ProviderPreset? Find(string? id) =>
        All.FirstOrDefault(p => string.Equals(p.Id, id, StringComparison.OrdinalIgnoreCase));

    /// <summary>The usual port of a protocol over a kind of connection, for servers without a preset.</summary>
    public static int DefaultPort(string protocol, string security) => (protocol, security) switch
    {
        ("imap", "ssl") => 993,
        ("imap", _) => 143,
        ("pop3", "ssl") => 995,
        ("pop3", _) => 110,
        ("smtp", "ssl") => 465,
        ("smtp", "starttls") => 587,
        _ => 25,
    };
}
