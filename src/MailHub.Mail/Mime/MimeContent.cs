using System.Security.Cryptography;

namespace MailHub.Mail.Mime;

/// <summary>
/// A part's decoded content, stored once: a byte array when small, a temporary file when large (see
/// <see cref="MimeParserOptions.MaxContentInMemory"/>). Disposing the message deletes the file.
/// </summary>
public sealed class MimeContent : IDisposable
{
    public static MimeContent Empty { get; } = new([], null, 0);

    private readonly byte[]? _bytes;
    private string? _sha256;

    private MimeContent(byte[]? bytes, string? filePath, long length)
    {
        _bytes = bytes;
        FilePath = filePath;
        Length = length;
    }

    internal static MimeContent FromBytes(byte[] bytes) => bytes.Length == 0 ? Empty : new(bytes, null, bytes.Length);

    internal static MimeContent FromFile(string path, long length) => new(null, path, length);

    /// <summary>Size of the decoded content in bytes.</summary>
    public long Length { get; }

    /// <summary>The temporary file holding the content, or null when it is in memory.</summary>
    public string? FilePath { get; }

    public bool IsInMemory => _bytes is not null;

    /// <summary>The content when it is in memory; empty otherwise (use <see cref="OpenRead"/>).</summary>
    public ReadOnlyMemory<byte> Memory => _bytes;

    /// <summary>Lowercase hex SHA-256 of the decoded content.</summary>
    public string Sha256 => _sha256 ??= ComputeSha256();

    public Stream OpenRead() => _bytes is not null
        ? new MemoryStream(_bytes, writable: false)
        : new FileStream(FilePath!, FileMode.Open, FileAccess.Read, FileShare.Read, 81920, FileOptions.SequentialScan);

    /// <summary>The content as one array (reads the file when it is on disk).</summary>
    public byte[] ToArray() => _bytes ?? File.ReadAllBytes(FilePath!);

    public void CopyTo(Stream destination)
    {
        using var source = OpenRead();
        source.CopyTo(destination);
    }

    private string ComputeSha256()
    {
        if (_bytes is not null)
            return Convert.ToHexStringLower(SHA256.HashData(_bytes));
        using var stream = OpenRead();
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }

    public void Dispose()
    {
        if (FilePath is not null)
        {
            try
            {
                File.Delete(FilePath);
            }
            catch (IOException)
            {
                // Still open somewhere; the temp folder is cleaned eventually.
            }
        }
    }
}
