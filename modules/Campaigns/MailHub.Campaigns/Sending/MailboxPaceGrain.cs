using Npgsql;

namespace MailHub.Campaigns.Sending;

/// <summary>
/// The pace of one mailbox: a sliding minute of one-second buckets and the UTC day's count, for campaigns (bulk) and
/// everything else (replies). A campaign may take, in any minute, the pace less the larger of the replies' share and
/// what replies used; the same for the day. Replies are only counted: they never wait behind a campaign.
/// Kept in memory; a grain activated anew (its node died) reads back from the recipients' rows what campaigns handed to
/// the outbox through this mailbox in the last minute and today, so a restart does not give a campaign a fresh day.
/// Replies before the activation are not known (they are not Campaigns' rows).
/// </summary>
internal sealed class MailboxPaceGrain(NpgsqlDataSource dataSource, TimeProvider time) : Grain, IMailboxPaceGrain
{
    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        Advance();
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var command = new NpgsqlCommand("""
            SELECT floor(extract(epoch FROM r.enqueued_at))::bigint AS second, count(*)
            FROM campaigns.recipients r JOIN campaigns.campaigns c ON c.id = r.campaign_id
            WHERE coalesce(r.mailbox_id, c.mailbox_id) = $1 AND c.status IN ('sending', 'paused', 'done', 'cancelled')
              AND r.enqueued_at >= $2 AND r.enqueued_at IS NOT NULL
            GROUP BY 1
            """, connection);
        command.Parameters.Add(new() { Value = this.GetPrimaryKey() });
        command.Parameters.Add(new() { Value = new DateTimeOffset(_day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero) });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var second = reader.GetInt64(0);
            var count = (int)reader.GetInt64(1);
            _bulkToday += count;
            if (second > _second - 60 && second <= _second)
                _bulk[(int)(second % 60)] += count;
        }
    }

    private readonly int[] _bulk = new int[60];
    private readonly int[] _replies = new int[60];
    private long _second = -1;
    private DateOnly _day;
    private int _bulkToday;
    private int _repliesToday;

    public Task<PaceGrant> TakeAsync(int wanted, PaceLimits limits)
    {
        Advance();
        var perMinute = Math.Max(1, limits.PerMinute);
        var perDay = Math.Max(1, limits.PerDay);
        var minuteReserve = (int)Math.Ceiling(perMinute * Math.Clamp(limits.ReplyShare, 0, 0.9));
        var dayReserve = (int)Math.Ceiling(perDay * Math.Clamp(limits.ReplyShare, 0, 0.9));
        var bulkMinute = _bulk.Sum();
        var repliesMinute = _replies.Sum();
        var minuteLeft = perMinute - Math.Max(minuteReserve, repliesMinute) - bulkMinute;
        var dayLeft = perDay - Math.Max(dayReserve, _repliesToday) - _bulkToday;
        var granted = Math.Max(0, Math.Min(wanted, Math.Min(minuteLeft, dayLeft)));
        if (granted > 0)
        {
            _bulk[Index] += granted;
            _bulkToday += granted;
        }
        var retry = dayLeft - granted <= 0 && granted < wanted
            ? NextDay() - time.GetUtcNow()
            : granted < wanted ? TimeUntilMinuteFrees() : TimeSpan.Zero;
        return Task.FromResult(new PaceGrant(granted, retry));
    }

    public Task NoteReplyAsync()
    {
        Advance();
        _replies[Index]++;
        _repliesToday++;
        return Task.CompletedTask;
    }

    public Task<PaceState> StateAsync()
    {
        Advance();
        return Task.FromResult(new PaceState(_bulk.Sum(), _replies.Sum(), _bulkToday, _repliesToday));
    }

    private int Index => (int)(_second % 60);

    /// <summary>Moves the window to now: buckets of seconds that passed are emptied; a new UTC day starts the day's counts.</summary>
    private void Advance()
    {
        var now = time.GetUtcNow();
        var second = now.ToUnixTimeSeconds();
        if (_second < 0 || second - _second >= 60)
        {
            Array.Clear(_bulk);
            Array.Clear(_replies);
        }
        else
        {
            for (var s = _second + 1; s <= second; s++)
            {
                _bulk[s % 60] = 0;
                _replies[s % 60] = 0;
            }
        }
        _second = Math.Max(_second, second);
        var day = DateOnly.FromDateTime(now.UtcDateTime);
        if (day != _day)
        {
            _day = day;
            _bulkToday = 0;
            _repliesToday = 0;
        }
    }

    /// <summary>The wait until the oldest second that holds campaign messages leaves the minute.</summary>
    private TimeSpan TimeUntilMinuteFrees()
    {
        for (var age = 59; age >= 0; age--)
        {
            if (_bulk[(int)((_second - age) % 60 + 60) % 60] > 0 || _replies[(int)((_second - age) % 60 + 60) % 60] > 0)
            {
                var freesAt = DateTimeOffset.FromUnixTimeSeconds(_second - age + 60);
                var wait = freesAt - time.GetUtcNow();
                return wait > TimeSpan.FromMilliseconds(100) ? wait : TimeSpan.FromMilliseconds(100);
            }
        }
        return TimeSpan.FromSeconds(1);
    }

    private DateTimeOffset NextDay() => new(_day.AddDays(1).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
}
