namespace MailHub.Mail.Mime;

/// <summary>A seekable copy of a forward-only stream (MimeKit reads part contents in place): memory up to 1 MB, then a temporary file.</summary>
internal static class Spool
{
    private const int InMemory = 1024 * 1024;

    public static async Task<Stream> CopyAsync(Stream source, CancellationToken cancellationToken)
    {
        var memory = new MemoryStream();
        var buffer = new byte[81920];
        int read;
        while ((read = await source.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
        {
            if (memory.Length + read > InMemory)
            {
                var file = new FileStream(Path.Combine(Path.GetTempPath(), "mailhub-mail-" + Guid.NewGuid().ToString("N")), FileMode.CreateNew,
                    FileAccess.ReadWrite, FileShare.None, 81920, FileOptions.Asynchronous | FileOptions.DeleteOnClose);
                memory.Position = 0;
                await memory.CopyToAsync(file, cancellationToken).ConfigureAwait(false);
                await file.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
                await source.CopyToAsync(file, cancellationToken).ConfigureAwait(false);
                file.Position = 0;
                return file;
            }
            memory.Write(buffer, 0, read);
        }
        memory.Position = 0;
        return memory;
    }
}
