using System.Net;
using System.Net.Sockets;
using System.Text;
using Xunit;

namespace MailHub.Testing;

/// <summary>A customer's (or a remote server's) SMTP client over a raw socket: EHLO, MAIL, RCPT, DATA, QUIT.</summary>
public static class CustomerSmtp
{
    /// <summary>Sends <paramref name="message"/> (CRLF line ends) and fails unless the server accepts it with 250.</summary>
    public static async Task SendAsync(IPEndPoint server, string mailFrom, string rcptTo, byte[] message)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        using var tcp = new TcpClient { NoDelay = true };
        await tcp.ConnectAsync(server, timeout.Token);
        await using var stream = tcp.GetStream();
        using var reader = new StreamReader(stream, Encoding.ASCII);

        async Task<string> ReplyAsync(string expect)
        {
            string? line;
            var all = new StringBuilder();
            do
            {
                line = await reader.ReadLineAsync(timeout.Token) ?? throw new IOException("The server closed the connection: " + all);
                all.AppendLine(line);
            }
            while (line.Length > 3 && line[3] == '-');
            Assert.True(line.StartsWith(expect, StringComparison.Ordinal), $"expected {expect}, the server said: {all}");
            return all.ToString();
        }

        async Task CommandAsync(string command, string expect)
        {
            await stream.WriteAsync(Encoding.ASCII.GetBytes(command + "\r\n"), timeout.Token);
            await ReplyAsync(expect);
        }

        await ReplyAsync("220");
        await CommandAsync("EHLO customer.example.com", "250");
        await CommandAsync($"MAIL FROM:<{mailFrom}>", "250");
        await CommandAsync($"RCPT TO:<{rcptTo}>", "250");
        await CommandAsync("DATA", "354");
        await stream.WriteAsync(DotStuffed(message), timeout.Token);
        await stream.WriteAsync(".\r\n"u8.ToArray(), timeout.Token);
        await ReplyAsync("250");
        await CommandAsync("QUIT", "221");
    }

    // RFC 5321 §4.5.2: a line that starts with '.' gets one more.
    private static byte[] DotStuffed(byte[] message)
    {
        var text = Encoding.UTF8.GetString(message);
        if (!text.EndsWith("\r\n", StringComparison.Ordinal))
            text += "\r\n";
        if (text.StartsWith('.'))
            text = "." + text;
        return Encoding.UTF8.GetBytes(text.Replace("\r\n.", "\r\n..", StringComparison.Ordinal));
    }
}
