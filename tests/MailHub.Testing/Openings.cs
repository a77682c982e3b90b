namespace MailHub.Testing;

/// <summary>
/// What a test needs to announce a conversation opening of its own (a <c>ConversationOpened</c> appended straight to
/// the store): a number and a reply token no other conversation of this test process has, as the Conversations
/// module's own opening would draw them (its list row makes both unique).
/// </summary>
public static class Openings
{
    private static long _lastNumber = 900_000_000;

    public static long NextNumber() => Interlocked.Increment(ref _lastNumber);

    public static string NewReplyToken() => "test" + Guid.NewGuid().ToString("N")[..12];
}
