namespace MailHub.Mail.Net;

/// <summary>Mail providers whose quirks the clients know about.</summary>
public enum MailProvider
{
    Other,
    QQ,
    NetEase,
    TencentExmail,
    Aliyun,
    Gmail,
    Outlook,
}
