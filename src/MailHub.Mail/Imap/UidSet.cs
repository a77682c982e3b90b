using System.Globalization;
using System.Text;

namespace MailHub.Mail.Imap;

/// <summary>A set of UIDs in IMAP sequence-set syntax ("1:100,205,300:*").</summary>
public sealed record UidSet
{
    private readonly string text;

    private UidSet(string text) => this.text = text;

    /// <summary>Every message: 1:*.</summary>
    public static UidSet All { get; } = new("1:*");

    public static UidSet Single(uint uid) => new(uid.ToString(CultureInfo.InvariantCulture));

    /// <summary>From <paramref name="first"/> to <paramref name="last"/>, or to the newest message when last is null.</summary>
    public static UidSet Range(uint first, uint? last = null) =>
        new(last is { } l ? $"{first}:{l}" : $"{first}:*");

    /// <summary>The given UIDs, with runs compressed into ranges.</summary>
    public static UidSet Of(IEnumerable<uint> uids)
    {
        ArgumentNullException.ThrowIfNull(uids);
        var sorted = uids.Distinct().Order().ToArray();
        if (sorted.Length == 0)
            throw new ArgumentException("A UID set cannot be empty.", nameof(uids));
        var sb = new StringBuilder();
        for (var i = 0; i < sorted.Length; i++)
        {
            var start = sorted[i];
            while (i + 1 < sorted.Length && sorted[i + 1] == sorted[i] + 1)
                i++;
            if (sb.Length > 0)
                sb.Append(',');
            sb.Append(start.ToString(CultureInfo.InvariantCulture));
            if (sorted[i] != start)
                sb.Append(':').Append(sorted[i].ToString(CultureInfo.InvariantCulture));
        }
        return new UidSet(sb.ToString());
    }

    public override string ToString() => text;
}
