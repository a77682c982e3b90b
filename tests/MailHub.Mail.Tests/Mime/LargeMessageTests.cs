using System.Security.Cryptography;
using System.Text;
using MailHub.Mail.Mime;

namespace MailHub.Mail.Tests.Mime;

/// <summary>A 50 MB message parses from a file in bounded memory: part contents are read in place, not copied.</summary>
public sealed class LargeMessageTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("mailhub-large-").FullName;

    [Fact]
    public void A_50_MB_message_with_attachments_parses_from_a_file_without_holding_attachments_in_memory()
    {
        var path = Path.Combine(_folder, "large.eml");
        var attachments = WriteMessage(path, attachmentCount: 2, attachmentSize: 18 * 1024 * 1024);
        var messageSize = new FileInfo(path).Length;
        Assert.True(messageSize > 48 * 1024 * 1024, $"message is {messageSize} bytes");

        GC.Collect();
        var allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
        using (var stream = File.OpenRead(path))
        using (var mail = MailReader.Load(stream))
        {
            Assert.Equal("see attached", mail.TextBody?.TrimEnd());
            Assert.Equal(attachments.Count, mail.Attachments.Count);
            var allocated = GC.GetAllocatedBytesForCurrentThread() - allocatedBefore;
            // Bounded: a small fraction of the message, not a multiple of it.
            Assert.True(allocated < messageSize / 10, $"allocated {allocated} bytes parsing a {messageSize}-byte message");
            var reading = MessageReading.Of(mail);
            for (var i = 0; i < attachments.Count; i++)
            {
                Assert.Equal(attachments[i].Size, reading.Attachments[i].Size);
                Assert.Equal(attachments[i].Sha256, reading.Attachments[i].Sha256);
            }
        }
        // Nothing is spooled: the file is read in place.
        Assert.Equal(["large.eml"], Directory.GetFiles(_folder).Select(Path.GetFileName));
    }

    private static List<(long Size, string Sha256)> WriteMessage(string path, int attachmentCount, int attachmentSize)
    {
        var result = new List<(long, string)>();
        using var file = new StreamWriter(path, false, Encoding.ASCII) { NewLine = "\r\n" };
        file.WriteLine("From: a@example.com\r\nSubject: large\r\nContent-Type: multipart/mixed; boundary=\"big\"\r\n");
        file.WriteLine("--big\r\nContent-Type: text/plain\r\n\r\nsee attached");
        var random = new Random(1);
        var chunk = new byte[57 * 1000];
        for (var n = 0; n < attachmentCount; n++)
        {
            file.WriteLine($"--big\r\nContent-Type: application/octet-stream; name=\"data{n}.bin\"\r\nContent-Transfer-Encoding: base64\r\n");
            using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            for (var written = 0; written < attachmentSize; written += chunk.Length)
            {
                random.NextBytes(chunk);
                sha.AppendData(chunk);
                for (var line = 0; line < chunk.Length; line += 57)
                    file.WriteLine(Convert.ToBase64String(chunk, line, 57));
            }
            var size = (attachmentSize + chunk.Length - 1) / chunk.Length * chunk.Length;
            result.Add((size, Convert.ToHexStringLower(sha.GetHashAndReset())));
        }
        file.WriteLine("--big--");
        return result;
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
