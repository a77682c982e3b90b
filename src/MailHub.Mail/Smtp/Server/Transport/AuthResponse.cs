using System.Buffers;
using System.Buffers.Text;

namespace MailHub.Mail.Smtp.Server.Transport;

/// <summary>
/// The AUTH lines the engine cannot take: it decodes every response with Convert.FromBase64String
/// and drops the connection on "*" (a cancel, RFC 4954 §4) or on bad base64. Such a response is
/// answered for it, and the engine is given a stand-in it refuses quietly.
/// </summary>
internal static class AuthResponse
{
    // One NUL: valid base64 that neither PLAIN (RFC 4616 §2 needs two NULs) nor any account accepts.
    private static readonly byte[] OneStandIn = "AA==\r\n"u8.ToArray();
    private static readonly byte[] TwoStandIns = "AA==\r\nAA==\r\n"u8.ToArray();

    /// <summary>The reply that ends the exchange for a response line the engine cannot take, or null.</summary>
    public static string? Check(ReadOnlySequence<byte> line)
    {
        var bytes = line.IsSingleSegment ? line.FirstSpan : line.ToArray();
        if (bytes.SequenceEqual("*"u8))
        {
            return "501 5.0.0 Authentication cancelled"; // RFC 4954 §4
        }

        return Base64.IsValid(bytes) ? null : "501 5.5.2 Cannot decode the response";
    }

    /// <summary>Stand-ins for the lines the engine still waits for: after LOGIN's user-name prompt, a password prompt follows.</summary>
    public static byte[] StandIn(bool askedForUserName) => askedForUserName ? TwoStandIns : OneStandIn;

    /// <summary>"AUTH PLAIN|LOGIN initial-response" (RFC 4954 §4) whose response is not base64: refused here.</summary>
    public static string? CheckInitial(ReadOnlySequence<byte> line)
    {
        var bytes = line.IsSingleSegment ? line.FirstSpan : line.ToArray();
        var parts = bytes.Trim((byte)' ');
        var first = parts.IndexOf((byte)' ');
        if (first < 0)
        {
            return null;
        }

        var rest = parts[(first + 1)..].TrimStart((byte)' ');
        var second = rest.IndexOf((byte)' ');
        if (second < 0)
        {
            return null; // no initial response
        }

        var initial = rest[(second + 1)..].Trim((byte)' ');
        return Base64.IsValid(initial) && !initial.IsEmpty ? null : "501 5.5.2 Cannot decode the initial response";
    }
}
