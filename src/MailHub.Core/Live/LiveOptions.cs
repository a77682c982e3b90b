namespace MailHub.Core.Live;

/// <summary>Settings under <c>MailHub:Live</c>.</summary>
public sealed class LiveOptions
{
    public const string Section = "MailHub:Live";

    /// <summary>
    /// How often a node renews its subscription to the fan-out grain and tells agents' grains which consoles it holds.
    /// After a node dies or a grain moves, consoles are told to re-read within about this long; a subscription not
    /// renewed for three intervals lapses.
    /// </summary>
    public TimeSpan RefreshInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How long a subscription or a console lives without being renewed.</summary>
    public TimeSpan Lapse => RefreshInterval * 3;
}
