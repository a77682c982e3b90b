using System.Buffers;
using System.Text;

namespace MailHub.Mail.Smtp.Server.Protocol;

/// <summary>Writes replies "code enhanced-code text" CRLF (RFC 5321 §4.2, RFC 2034 §4) into the output buffer.</summary>
internal static class SmtpReplyWriter
{
    public static void WriteReply(this IBufferWriter<byte> writer, int code, string enhancedCode, string text, bool more = false)
    {
        var max = 4 + enhancedCode.Length + 1 + Encoding.UTF8.GetMaxByteCount(text.Length) + 2;
        var span = writer.GetSpan(max);
        span[0] = (byte)('0' + (code / 100));
        span[1] = (byte)('0' + (code / 10 % 10));
        span[2] = (byte)('0' + (code % 10));
        span[3] = more ? (byte)'-' : (byte)' ';
        var n = 4;
        if (enhancedCode.Length > 0)
        {
            n += Encoding.ASCII.GetBytes(enhancedCode, span[n..]);
            span[n++] = (byte)' ';
        }

        n += Encoding.UTF8.GetBytes(text, span[n..]);
        span[n++] = (byte)'\r';
        span[n++] = (byte)'\n';
        writer.Advance(n);
    }
}
