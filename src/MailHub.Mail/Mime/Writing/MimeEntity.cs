namespace MailHub.Mail.Mime.Writing;

/// <summary>A node of the message body tree: writes its own Content-* headers, the blank line and its body.</summary>
internal abstract class MimeEntity
{
    public abstract ValueTask WriteAsync(MimeOutput output, CancellationToken cancellationToken);
}
