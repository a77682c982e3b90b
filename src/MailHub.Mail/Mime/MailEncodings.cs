using System.Text;

namespace MailHub.Mail.Mime;

/// <summary>
/// The charsets mail needs, registered once per process before MimeKit first looks a charset up (its alias table
/// probes code pages when it loads): without the code pages provider a gb2312 label silently decodes as Latin-1.
/// </summary>
public static class MailEncodings
{
    private static readonly Lazy<bool> Registered = new(static () =>
    {
        // Ours first: Encoding.GetEncoding asks providers in the order they were registered.
        Encoding.RegisterProvider(MailEncodingProvider.Instance);
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        return true;
    });

    /// <summary>Registers the providers (idempotent, thread-safe). Call at start-up: host, CLI, tests.</summary>
    public static void Register() => _ = Registered.Value;

    /// <summary>GB18030: a superset of GB2312 and GBK, the last-resort reading of raw 8-bit text.</summary>
    public static Encoding GB18030 => MailEncodingProvider.Gb18030;
}
