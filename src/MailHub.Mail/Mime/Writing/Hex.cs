namespace MailHub.Mail.Mime.Writing;

internal static class Hex
{
    /// <summary>Upper-case digits: RFC 2045 §6.7 and RFC 2231 both want them.</summary>
    public const string Upper = "0123456789ABCDEF";
}
