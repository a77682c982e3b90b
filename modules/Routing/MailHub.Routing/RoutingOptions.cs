namespace MailHub.Routing;

/// <summary>Settings under <c>MailHub:Routing</c>.</summary>
public sealed class RoutingOptions
{
    public const string Section = "MailHub:Routing";

    /// <summary>An agent going offline hands their open conversations back to their teams' queues.</summary>
    public bool RequeueOnOffline { get; set; } = true;

    /// <summary>The capacity of an agent who never set one.</summary>
    public int DefaultCapacity { get; set; } = 20;

    /// <summary>How long after an agent's last console closed they go offline (a reload or a short network cut is not leaving).</summary>
    public TimeSpan OfflineGrace { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// How long "X is replying" lasts after the console last said so (it repeats it while the agent types): a composer
    /// left alone goes back to viewing on its own.
    /// </summary>
    public TimeSpan ReplyingFor { get; set; } = TimeSpan.FromSeconds(15);
}
