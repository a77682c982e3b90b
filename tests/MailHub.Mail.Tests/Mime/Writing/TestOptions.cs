using MailHub.Mail.Mime.Writing;

namespace MailHub.Mail.Tests.Mime.Writing;

/// <summary>Options with a fixed clock and numbered boundaries, so output can be compared exactly.</summary>
internal static class TestOptions
{
    public static readonly DateTimeOffset Now = new(2025, 7, 1, 9, 5, 0, TimeSpan.FromHours(8));

    public static MimeWriteOptions Fixed(bool eightBitMime = false, bool utf8Headers = false)
    {
        var n = 0;
        return new MimeWriteOptions
        {
            EightBitMime = eightBitMime,
            Utf8Headers = utf8Headers,
            TimeProvider = new FixedClock(),
            BoundaryFactory = () => $"=_b{++n}",
        };
    }

    private sealed class FixedClock : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => Now.ToUniversalTime();

        public override TimeZoneInfo LocalTimeZone { get; } =
            TimeZoneInfo.CreateCustomTimeZone("UTC+8", TimeSpan.FromHours(8), "UTC+8", "UTC+8");
    }
}
