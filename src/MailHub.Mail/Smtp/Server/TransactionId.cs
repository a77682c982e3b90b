using System.Security.Cryptography;

namespace MailHub.Mail.Smtp.Server;

/// <summary>Short ids for sessions and messages: a random start, then a counter, in Crockford base32.</summary>
internal static class TransactionId
{
    private static long _next = RandomNumberGenerator.GetInt32(int.MaxValue) * 1_000_000L;

    public static string Next()
    {
        var value = (ulong)Interlocked.Increment(ref _next);
        const string alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
        Span<char> chars = stackalloc char[13];
        for (var i = chars.Length - 1; i >= 0; i--)
        {
            chars[i] = alphabet[(int)(value & 31)];
            value >>= 5;
        }

        return new string(chars.TrimStart('0'));
    }
}
