using MailHub.Mail.Smtp.Server;

namespace MailHub.Channels.Smtp;

/// <summary>
/// The last <see cref="Capacity"/> refusals of this node's SMTP listener, newest first, in memory. Not in PostgreSQL on
/// purpose: refusals are what an unauthenticated client on the network causes at line rate (a scanner, a relay with a
/// wrong password retrying), and a durable write per refused command would let anyone make the database work for them;
/// an admin looking at why a relay is refused needs the last few minutes, not a history. A restart forgets them; each
/// node keeps its own (the page names the node that answered).
/// </summary>
internal sealed class SmtpRefusals
{
    public const int Capacity = 200;

    private readonly SmtpRefusal[] _ring = new SmtpRefusal[Capacity];
    private readonly Lock _lock = new();
    private long _count;

    /// <summary>Called by the listener's sessions as they write a refusal: a lock held for one store.</summary>
    public void Add(SmtpRefusal refusal)
    {
        lock (_lock)
        {
            _ring[_count % Capacity] = refusal;
            _count++;
        }
    }

    /// <summary>The kept refusals, newest first, and how many there were since the node started.</summary>
    public (IReadOnlyList<SmtpRefusal> Newest, long Total) Read()
    {
        lock (_lock)
        {
            var kept = (int)Math.Min(_count, Capacity);
            var newest = new SmtpRefusal[kept];
            for (var i = 0; i < kept; i++)
                newest[i] = _ring[(_count - 1 - i) % Capacity];
            return (newest, _count);
        }
    }
}
